import { randomUUID } from 'node:crypto';
import type { PolicyRules, PolicyTemplateName } from '../../src/core/index.ts';
import type { AppContext } from '../../src/server/app-context.ts';
import type { Role } from '../../src/server/db/schema.ts';
import { hashPassword } from '../../src/server/auth/password.ts';
import { storedPolicyFromTemplate } from '../../src/server/events/event-policy.service.ts';
import { createEvent, createStaff, createTenant, createVenue, type VenueCreated } from '../../src/server/provisioning/provisioning.service.ts';
import { issueTickets, type IssuedTicket, type TicketInput } from '../../src/server/tickets/ticket-issuance.service.ts';

/**
 * A tenant with a venue (GA ⊂ VIP ⊂ BACKSTAGE, gates Main/VIP/Backstage), an event happening now,
 * ticket types GA(1), VIP(2), Crew(3), and one login per role. Each call makes a new tenant, so
 * one test database can hold several isolated fixtures (cross-tenant tests).
 */
export interface EventFixture {
  tenantId: string;
  venue: VenueCreated;
  eventId: string;
  gate: (name: 'Main' | 'VIP' | 'Backstage') => string;
  users: Record<Role, { id: string; email: string; password: string }>;
  issue: (inputs: Partial<TicketInput>[] | number) => Promise<IssuedTicket[]>;
}

export interface FixtureOptions {
  template?: PolicyTemplateName;
  rules?: Partial<PolicyRules>;
  /** Event start relative to now, ms (default: started 30 min ago). */
  startOffsetMs?: number;
  durationMs?: number;
  typeOverrides?: { allowStatic?: boolean };
}

// One scrypt hash per role per test process: hashing costs ~0.3 s by design.
const hashes = new Map<string, Promise<string>>();
function fixtureHash(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

export async function createEventFixture(ctx: AppContext, options: FixtureOptions = {}): Promise<EventFixture> {
  const tag = randomUUID().slice(0, 8);
  const { id: tenantId } = await createTenant(ctx.db, { name: `Org ${tag}`, slug: `org-${tag}` });
  const users = {} as EventFixture['users'];
  for (const role of ['owner', 'admin', 'manager', 'staff'] as const) {
    const email = `${role}-${tag}@example.test`;
    const password = `fixture-${role}-password`;
    const { id } = await createStaff(ctx.db, tenantId, { email, displayName: `${role} ${tag}`, password, passwordHash: await fixtureHash(password), role });
    users[role] = { id, email, password };
  }
  const venue = await createVenue(ctx.db, tenantId, {
    name: `Hall ${tag}`, timezone: 'Africa/Lagos',
    zones: [{ code: 'GA', name: 'General' }, { code: 'VIP', name: 'VIP' }, { code: 'BACKSTAGE', name: 'Backstage' }],
    gates: [{ name: 'Main', zone: 'GA' }, { name: 'VIP', zone: 'VIP' }, { name: 'Backstage', zone: 'BACKSTAGE' }],
  });
  const start = Date.now() + (options.startOffsetMs ?? -30 * 60_000);
  const { id: eventId } = await createEvent(ctx.db, tenantId, {
    venueId: venue.id, slug: `event-${tag}`, name: `Event ${tag}`,
    doorsOpenAt: new Date(start - 30 * 60_000), startsAt: new Date(start), endsAt: new Date(start + (options.durationMs ?? 8 * 3600_000)),
    capacity: 10_000,
    policy: storedPolicyFromTemplate(options.template ?? 'reentry-after-exit', options.rules),
    ticketTypes: [
      { typeNo: 1, name: 'General Admission', zones: ['GA'], allowStatic: options.typeOverrides?.allowStatic ?? true },
      { typeNo: 2, name: 'VIP', zones: ['VIP'], allowStatic: options.typeOverrides?.allowStatic ?? true },
      { typeNo: 3, name: 'Crew', zones: ['BACKSTAGE'], allowStatic: options.typeOverrides?.allowStatic ?? true },
    ],
  });
  let n = 0;
  return {
    tenantId, venue, eventId, users,
    gate: (name) => venue.gates.find((g) => g.name === name)!.id,
    issue: (inputs) => {
      const list = typeof inputs === 'number' ? Array.from({ length: inputs }, () => ({})) : inputs;
      return issueTickets(ctx, tenantId, eventId, list.map((i) => ({ typeNo: 1, holderName: `Guest ${++n} ${tag}`, ...i })));
    },
  };
}

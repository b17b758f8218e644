import { randomUUID } from 'node:crypto';
import type { KaribuApp } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth/password.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { Role } from '../../src/server/db/schema.ts';
import { storedPolicyFromTemplate } from '../../src/server/events/event-policy.service.ts';
import { createEvent, createTenant, createVenue } from '../../src/server/provisioning/provisioning.service.ts';
import { setStaffScopes } from '../../src/server/staff/staff.service.ts';
import { issueTickets, type IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';

/**
 * An organizer with two venues and three events, a full set of staff and a few tickets, built
 * directly through services (fast: staff get a cheap scrypt cost stored in their hash).
 */
export const PASSWORD = 'correct horse battery';
const CHEAP = { N: 1024, r: 8, p: 1 };

export interface Org {
  tenantId: string;
  venue: { id: string; gates: { id: string; name: string; zone: string }[] };
  otherVenue: { id: string; gates: { id: string; name: string; zone: string }[] };
  /** At `venue`, happening now. */
  event: { id: string };
  /** Also at `venue`, also now. */
  sideEvent: { id: string };
  /** At `otherVenue`. */
  farEvent: { id: string };
  staff: Record<'owner' | 'admin' | 'manager' | 'venueManager' | 'door' | 'eventDoor' | 'farDoor' | 'unassigned', { id: string; email: string; role: Role }>;
  tickets: IssuedTicket[];
}

export async function seedOrg(app: KaribuApp, opts: { tickets?: number; template?: Parameters<typeof storedPolicyFromTemplate>[0] } = {}): Promise<Org> {
  const db = app.ctx.db;
  const tag = randomUUID().slice(0, 8);
  const tenantId = (await createTenant(db, { name: `Org ${tag}`, slug: `org-${tag}` })).id;
  const venueInput = {
    timezone: 'Africa/Lagos',
    zones: [{ code: 'GA', name: 'General' }, { code: 'VIP', name: 'VIP' }],
    gates: [{ name: 'Main', zone: 'GA' }, { name: 'Side', zone: 'GA' }, { name: 'VIP door', zone: 'VIP' }],
  };
  const venue = await createVenue(db, tenantId, { name: 'Hall A', ...venueInput });
  const otherVenue = await createVenue(db, tenantId, { name: 'Hall B', ...venueInput });
  const now = Date.now();
  const times = { doorsOpenAt: new Date(now - 3600_000), startsAt: new Date(now - 1800_000), endsAt: new Date(now + 6 * 3600_000) };
  const types = [{ typeNo: 1, name: 'General', zones: ['GA'] }, { typeNo: 2, name: 'VIP', zones: ['VIP'] }];
  const policy = storedPolicyFromTemplate(opts.template ?? 'reentry-after-exit');
  const mk = (venueId: string, slug: string) => createEvent(db, tenantId, { venueId, slug: `${slug}-${tag}`, name: slug, policy, ...times, ticketTypes: types });
  const event = await mk(venue.id, 'main');
  const sideEvent = await mk(venue.id, 'side');
  const farEvent = await mk(otherVenue.id, 'far');

  const hash = await hashPassword(PASSWORD, CHEAP);
  const people: [keyof Org['staff'], Role][] = [
    ['owner', 'owner'], ['admin', 'admin'], ['manager', 'manager'], ['venueManager', 'manager'],
    ['door', 'staff'], ['eventDoor', 'staff'], ['farDoor', 'staff'], ['unassigned', 'staff'],
  ];
  const staff = {} as Org['staff'];
  await withTenant(db, tenantId, async (trx) => {
    for (const [key, role] of people) {
      const id = randomUUID();
      const email = `${key.toLowerCase()}-${tag}@example.test`;
      await trx.insertInto('staff').values({ id, tenant_id: tenantId, email, display_name: key, password_hash: hash, role }).execute();
      staff[key] = { id, email, role };
    }
  });
  await setStaffScopes(app.ctx, tenantId, staff.venueManager.id, [{ venueId: venue.id, eventId: null }]);
  await setStaffScopes(app.ctx, tenantId, staff.door.id, [{ venueId: venue.id, eventId: null }]);
  await setStaffScopes(app.ctx, tenantId, staff.eventDoor.id, [{ venueId: venue.id, eventId: event.id }]);
  await setStaffScopes(app.ctx, tenantId, staff.farDoor.id, [{ venueId: otherVenue.id, eventId: null }]);

  const count = opts.tickets ?? 4;
  const tickets = count > 0 ? await issueTickets(app.ctx, tenantId, event.id, Array.from({ length: count }, (_, i) => ({
    typeNo: i % 4 === 3 ? 2 : 1, holderName: `Guest Number${i + 1}`, holderEmail: `guest${i + 1}-${tag}@example.test`, orderRef: `ORD-${Math.floor(i / 2) + 1}`,
  }))) : [];
  return { tenantId, venue, otherVenue, event: { id: event.id }, sideEvent: { id: sideEvent.id }, farEvent: { id: farEvent.id }, staff, tickets };
}

/**
 * Turns the event's duplicate window off: a repeat from the same device is then judged on the
 * ticket's state (already_inside) rather than echoing that device's first green as duplicate_scan.
 */
export async function withoutDuplicateWindow(app: KaribuApp, org: Org): Promise<void> {
  await withTenant(app.ctx.db, org.tenantId, async (trx) => {
    const event = await trx.selectFrom('events').select('policy').where('id', '=', org.event.id).executeTakeFirstOrThrow();
    const policy = event.policy as { rules: Record<string, unknown> };
    await trx.updateTable('events').set({ policy: JSON.stringify({ ...policy, rules: { ...policy.rules, duplicateWindowSeconds: 0 } }) })
      .where('id', '=', org.event.id).execute();
  });
}

export interface Session { accessToken: string; refreshToken: string; deviceToken?: string; deviceId?: string }

export async function loginAs(app: KaribuApp, email: string, deviceToken?: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD, ...(deviceToken ? { deviceToken } : {}) }, remoteAddress: randomAddress() });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { accessToken: string; refreshToken: string; device: { id: string } | null };
  return { accessToken: body.accessToken, refreshToken: body.refreshToken, ...(deviceToken ? { deviceToken, deviceId: body.device!.id } : {}) };
}

/** Pairs a new device at a venue (setup code made by `manager`) and returns its token and id. */
export async function pairDeviceAt(app: KaribuApp, manager: Session, venueId: string, kind: 'door' | 'kiosk' = 'door'): Promise<{ deviceToken: string; deviceId: string }> {
  const code = await app.inject({ method: 'POST', url: `/api/v1/venues/${venueId}/device-setup-codes`, headers: bearer(manager), payload: { kind } });
  if (code.statusCode !== 201) throw new Error(`setup code failed: ${code.statusCode} ${code.body}`);
  const pair = await app.inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode: code.json().setupCode }, remoteAddress: randomAddress() });
  if (pair.statusCode !== 201) throw new Error(`pairing failed: ${pair.statusCode} ${pair.body}`);
  return { deviceToken: pair.json().deviceToken, deviceId: pair.json().device.id };
}

/** A staff member logged in on a freshly paired device at the venue. */
export async function doorSession(app: KaribuApp, manager: Session, email: string, venueId: string, kind: 'door' | 'kiosk' = 'door'): Promise<Session> {
  const device = await pairDeviceAt(app, manager, venueId, kind);
  return loginAs(app, email, device.deviceToken);
}

export function bearer(session: Session): Record<string, string> {
  return { authorization: `Bearer ${session.accessToken}` };
}

/** A random client address: per-address limits live in Redis across test files and runs. */
export function randomAddress(): string {
  const b = () => Math.floor(Math.random() * 250) + 1;
  return `10.${b()}.${b()}.${b()}`;
}

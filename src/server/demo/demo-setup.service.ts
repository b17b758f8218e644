import type { AppContext } from '../app-context.ts';
import type { Principal } from '../auth/principal.ts';
import { createEvent, updateEvent } from '../events/events.service.ts';
import { createOrganizer } from '../organizers/organizers.service.ts';
import { systemCaller } from '../auth/caller.ts';
import { createStaffMember } from '../staff/staff.service.ts';
import { createTicketType, listTicketTypes } from '../ticket-types/ticket-types.service.ts';
import { createGate } from '../venues/gates.service.ts';
import { createVenue } from '../venues/venues.service.ts';
import { createZone } from '../venues/zones.service.ts';
import { DEMO_ORGANIZER, DEMO_TICKET_TYPES, DEMO_VENUE } from './demo-data.ts';

export const ORGANIZER_EMAIL = 'organizer@demo.karibu.africa';
export const STAFF_EMAIL = 'door@demo.karibu.africa';
export const EVENT_SLUG = 'lagos-tech-summit';
export const EVENT_NAME = 'Lagos Tech Summit';

export interface DemoSetup {
  passwords: { organizer: string; staff: string };
  times: { doorsOpenAt: Date; startsAt: Date; endsAt: Date };
  capacity: number;
}

/**
 * The demo organizer from nothing, through the same services the setup routes and
 * `karibu org create` use (validation, audit, event keys and all): what the demo shows is what an
 * organizer gets. The system acts for the new organizer; the door staff member is invited as the
 * owner, as an owner would from the console.
 */
export async function createDemoOrganizer(ctx: AppContext, setup: DemoSetup): Promise<{ tenantId: string; eventId: string; ownerId: string }> {
  const created = await createOrganizer(ctx, {
    name: DEMO_ORGANIZER.name, ownerEmail: ORGANIZER_EMAIL, ownerName: 'Ada Organizer', password: setup.passwords.organizer,
    defaultLanguage: 'en', defaultTimezone: DEMO_VENUE.timezone,
  });
  const tenantId = created.organizer.id;
  const caller = systemCaller(tenantId);

  const venue = await createVenue(ctx.db, caller, { name: DEMO_VENUE.name, address: DEMO_VENUE.address, timezone: DEMO_VENUE.timezone });
  const zoneIds = new Map<string, string>();
  for (const z of DEMO_VENUE.zones) {
    const parentId = z.parent === null ? null : zoneIds.get(z.parent)!;
    zoneIds.set(z.code, (await createZone(ctx.db, caller, venue.id, { code: z.code, name: z.name, parentId })).id);
  }
  for (const g of DEMO_VENUE.gates) await createGate(ctx.db, caller, venue.id, { name: g.name, zoneId: zoneIds.get(g.zone)! });

  const event = await createEvent(ctx, caller, {
    name: EVENT_NAME, slug: EVENT_SLUG, venueId: venue.id, capacity: setup.capacity, policyTemplate: 'reentry-after-exit', status: 'published',
    startsAt: setup.times.startsAt.toISOString(), endsAt: setup.times.endsAt.toISOString(), doorsOpenAt: setup.times.doorsOpenAt.toISOString(),
  });
  await ensureDemoTicketTypes(ctx, tenantId, event.id);

  const owner: Principal = { kind: 'staff', tenantId, staffId: created.owner.id, role: 'owner', sessionId: 'demo', device: null, scopes: 'all' };
  await createStaffMember(ctx, owner, {
    email: STAFF_EMAIL, displayName: 'Door Staff', role: 'staff', password: setup.passwords.staff, scopes: [{ venueId: venue.id, eventId: null }],
  });
  return { tenantId, eventId: event.id, ownerId: created.owner.id };
}

/**
 * The demo's ticket types, created where missing (in order, so they get their type numbers): a
 * data directory from an older demo gains the ones added since, e.g. the rotating-QR phone pass.
 */
export async function ensureDemoTicketTypes(ctx: AppContext, tenantId: string, eventId: string): Promise<void> {
  const caller = systemCaller(tenantId);
  const have = new Set((await listTicketTypes(ctx, caller, eventId, { limit: 200 })).items.map((t) => t.name));
  for (const t of DEMO_TICKET_TYPES) {
    if (!have.has(t.name)) await createTicketType(ctx, caller, eventId, { name: t.name, zones: [...t.zones], allowStatic: t.allowStatic, allowTransfer: t.allowTransfer });
  }
}

/** A rerun moves the demo event to "now" through the event service (doors see the new times at once). */
export async function moveDemoEventToNow(ctx: AppContext, tenantId: string, eventId: string, times: DemoSetup['times']): Promise<void> {
  await updateEvent(ctx, systemCaller(tenantId), eventId, {
    startsAt: times.startsAt.toISOString(), endsAt: times.endsAt.toISOString(), doorsOpenAt: times.doorsOpenAt.toISOString(),
  });
  await ensureDemoTicketTypes(ctx, tenantId, eventId);
}

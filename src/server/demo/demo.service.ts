import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant, type Trx } from '../db/database.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { storedPolicyFromTemplate } from '../events/event-policy.service.ts';
import { createEvent, createStaff, createTenant, createVenue } from '../provisioning/provisioning.service.ts';
import { attendeeLink, issueTickets } from '../tickets/ticket-issuance.service.ts';
import { renderTicketQr } from '../tickets/ticket-render.service.ts';
import { createSetupCode, provisionDevice } from '../devices/devices.service.ts';
import { setStaffScopes } from '../staff/staff.service.ts';
import { venueGatesForDoors } from '../venues/gates.repository.ts';
import { DEMO_TENANT, DEMO_TICKET_TYPES, DEMO_VENUE, demoHolderName } from './demo-data.ts';

/** The demo JSON file (`karibu demo --out FILE`) that scripts and tests read. */
export interface DemoInfo {
  baseUrl: string;
  tenantId: string;
  eventId: string;
  eventName: string;
  gates: { id: string; name: string; zone: string }[];
  organizer: { email: string; password: string };
  staff: { email: string; password: string };
  deviceToken?: string;
  /** One-time code (valid 15 min) that pairs a real phone at /scan; `pairUrl` is its QR text. */
  setupCode: string;
  pairUrl: string;
  tickets: { serial: number; code: string; pin: string; qr: string; holderName: string; type: string; link: string }[];
}

const ORGANIZER_EMAIL = 'organizer@demo.karibu.africa';
const STAFF_EMAIL = 'door@demo.karibu.africa';
const EVENT_SLUG = 'lagos-tech-summit';

/**
 * Creates the demo organizer, venue, event and tickets — or, when they exist from an earlier run,
 * moves the event to "now", tops up the tickets, and gives both logins new passwords.
 */
export async function seedDemo(ctx: AppContext, options: { tickets: number }): Promise<DemoInfo> {
  const db = ctx.db;
  const organizerPassword = generatePassword();
  const staffPassword = generatePassword();
  const now = Date.now();
  const times = {
    doorsOpenAt: new Date(now - 60 * 60_000),
    startsAt: new Date(now - 30 * 60_000),
    endsAt: new Date(now + 12 * 60 * 60_000),
  };

  const existing = await asSystem(db, (trx) => trx.selectFrom('tenants').select('id').where('slug', '=', DEMO_TENANT.slug).executeTakeFirst());
  let tenantId: string;
  let eventId: string;
  if (!existing) {
    tenantId = (await createTenant(db, DEMO_TENANT)).id;
    await createStaff(db, tenantId, { email: ORGANIZER_EMAIL, displayName: 'Ada Organizer', password: organizerPassword, role: 'owner' });
    await createStaff(db, tenantId, { email: STAFF_EMAIL, displayName: 'Door Staff', password: staffPassword, role: 'staff' });
    const venue = await createVenue(db, tenantId, DEMO_VENUE);
    eventId = (await createEvent(db, tenantId, {
      venueId: venue.id, slug: EVENT_SLUG, name: 'Lagos Tech Summit', capacity: Math.max(options.tickets, 1),
      policy: storedPolicyFromTemplate('reentry-after-exit'),
      ...times,
      ticketTypes: DEMO_TICKET_TYPES.map((t) => ({ typeNo: t.typeNo, name: t.name, zones: [...t.zones] })),
    })).id;
  } else {
    tenantId = existing.id;
    eventId = await withTenant(db, tenantId, async (trx) => {
      for (const [email, password] of [[ORGANIZER_EMAIL, organizerPassword], [STAFF_EMAIL, staffPassword]] as const) {
        await trx.updateTable('staff').set({ password_hash: await hashPassword(password) }).where('email', '=', email).execute();
      }
      const event = await trx.updateTable('events')
        .set({ doors_open_at: times.doorsOpenAt, starts_at: times.startsAt, ends_at: times.endsAt })
        .where('slug', '=', EVENT_SLUG).returning('id').executeTakeFirstOrThrow();
      return event.id;
    });
  }

  const have = await withTenant(db, tenantId, (trx) => trx.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).executeTakeFirstOrThrow());
  const missing = Math.max(0, options.tickets - Number(have.n));
  if (missing > 0) {
    const inputs = Array.from({ length: missing }, (_, k) => {
      const i = Number(have.n) + k;
      const type = pickType(i);
      return { typeNo: type.typeNo, holderName: demoHolderName(i), holderEmail: `guest${i + 1}@demo.karibu.africa`, orderRef: `DEMO-${Math.floor(i / 4) + 1}` };
    });
    for (let i = 0; i < inputs.length; i += 2_500) await issueTickets(ctx, tenantId, eventId, inputs.slice(i, i + 2_500));
  }

  const { gates, tickets } = await withTenant(db, tenantId, async (trx) => ({
    gates: await venueGatesForDoors(trx, (await trx.selectFrom('events').select('venue_id').where('id', '=', eventId).executeTakeFirstOrThrow()).venue_id),
    tickets: await renderTickets(ctx, trx, eventId),
  }));
  const deviceToken = await demoDoorPhone(ctx, tenantId, eventId);
  const pairing = await demoSetupCode(ctx, tenantId, eventId);
  return {
    baseUrl: ctx.config.publicUrl, tenantId, eventId, eventName: 'Lagos Tech Summit', gates,
    organizer: { email: ORGANIZER_EMAIL, password: organizerPassword },
    staff: { email: STAFF_EMAIL, password: staffPassword },
    deviceToken,
    setupCode: pairing.setupCode,
    pairUrl: pairing.qrText,
    tickets,
  };
}

/** A setup code for the person running the demo to pair their own phone, issued as the organizer. */
async function demoSetupCode(ctx: AppContext, tenantId: string, eventId: string) {
  const { venueId, ownerId } = await withTenant(ctx.db, tenantId, async (trx) => ({
    venueId: (await trx.selectFrom('events').select('venue_id').where('id', '=', eventId).executeTakeFirstOrThrow()).venue_id,
    ownerId: (await trx.selectFrom('staff').select('id').where('email', '=', ORGANIZER_EMAIL).executeTakeFirstOrThrow()).id,
  }));
  const organizer = { kind: 'staff' as const, tenantId, staffId: ownerId, role: 'owner' as const, sessionId: 'demo', device: null, scopes: 'all' as const };
  return createSetupCode(ctx, organizer, venueId, { name: 'Demo phone', kind: 'door' });
}

/**
 * The door staff member works at the demo venue, on a paired door phone (a new device token each
 * run; the previous demo phone is revoked). Sign in with staff email, password and this token.
 */
async function demoDoorPhone(ctx: AppContext, tenantId: string, eventId: string): Promise<string> {
  const { venueId, staffId } = await withTenant(ctx.db, tenantId, async (trx) => ({
    venueId: (await trx.selectFrom('events').select('venue_id').where('id', '=', eventId).executeTakeFirstOrThrow()).venue_id,
    staffId: (await trx.selectFrom('staff').select('id').where('email', '=', STAFF_EMAIL).executeTakeFirstOrThrow()).id,
  }));
  await setStaffScopes(ctx, tenantId, staffId, [{ venueId, eventId: null }]);
  return (await provisionDevice(ctx, tenantId, venueId, 'Demo door phone')).deviceToken;
}

/** Deterministic type mix: 90% GA, 8% VIP, 2% crew, spread through the serials. */
function pickType(i: number) {
  const slot = i % 50;
  return slot === 0 ? DEMO_TICKET_TYPES[2] : slot <= 4 ? DEMO_TICKET_TYPES[1] : DEMO_TICKET_TYPES[0];
}

/** Every ticket of the event with its exact QR text (re-signed: Ed25519 signatures are deterministic). */
async function renderTickets(ctx: AppContext, trx: Trx, eventId: string): Promise<DemoInfo['tickets']> {
  const rows = await trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
    .select(['tickets.serial', 'tickets.code', 'tickets.pin', 'tickets.holder_name', 'tickets.kid', 'tickets.link_secret',
      'ticket_types.type_no', 'ticket_types.name as type', 'ticket_types.valid_from', 'ticket_types.valid_until'])
    .where('tickets.event_id', '=', eventId).orderBy('tickets.serial').execute();
  const out: DemoInfo['tickets'] = [];
  for (const r of rows) {
    out.push({
      serial: r.serial, code: r.code, pin: r.pin, holderName: r.holder_name, type: r.type,
      qr: await renderTicketQr(ctx, trx, r), link: attendeeLink(ctx.config.publicUrl, r.link_secret),
    });
  }
  return out;
}


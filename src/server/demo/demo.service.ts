import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant, type Trx } from '../db/database.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { issueTickets } from '../tickets/ticket-issuance.service.ts';
import { attendeeLink, renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import { createSetupCode, provisionDevice } from '../devices/devices.service.ts';
import { venueGatesForDoors } from '../venues/gates.repository.ts';
import { DEMO_TICKET_TYPES, demoHolderName } from './demo-data.ts';
import { createDemoOrganizer, moveDemoEventToNow, EVENT_NAME, EVENT_SLUG, ORGANIZER_EMAIL, STAFF_EMAIL } from './demo-setup.service.ts';

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

/**
 * Creates the demo organizer, venue, event and tickets through the setup services (see
 * demo-setup.service.ts) — or, when they exist from an earlier run,
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

  // The organizer's owner email marks an earlier run (emails are unique across Karibu).
  const existing = await asSystem(db, (trx) => trx.selectFrom('staff').select('tenant_id').where('email', '=', ORGANIZER_EMAIL).executeTakeFirst());
  let tenantId: string;
  let eventId: string;
  if (!existing) {
    ({ tenantId, eventId } = await createDemoOrganizer(ctx, {
      passwords: { organizer: organizerPassword, staff: staffPassword }, times, capacity: Math.max(options.tickets, 1),
    }));
  } else {
    tenantId = existing.tenant_id;
    eventId = await withTenant(db, tenantId, async (trx) => {
      for (const [email, password] of [[ORGANIZER_EMAIL, organizerPassword], [STAFF_EMAIL, staffPassword]] as const) {
        await trx.updateTable('staff').set({ password_hash: await hashPassword(password) }).where('email', '=', email).execute();
      }
      return (await trx.selectFrom('events').select('id').where('slug', '=', EVENT_SLUG).executeTakeFirstOrThrow()).id;
    });
    await moveDemoEventToNow(ctx, tenantId, eventId, times);
  }

  const have = await withTenant(db, tenantId, (trx) => trx.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).executeTakeFirstOrThrow());
  const missing = Math.max(0, options.tickets - Number(have.n));
  if (missing > 0) {
    // By id, looked up by name: type numbers follow creation order, which an older demo may not share.
    const typeIds = await withTenant(db, tenantId, async (trx) => new Map((await trx.selectFrom('ticket_types').select(['id', 'name'])
      .where('event_id', '=', eventId).execute()).map((r) => [r.name, r.id])));
    const inputs = Array.from({ length: missing }, (_, k) => {
      const i = Number(have.n) + k;
      const type = pickType(i);
      return { ticketTypeId: typeIds.get(type.name)!, holderName: demoHolderName(i), holderEmail: `guest${i + 1}@demo.karibu.africa`, orderRef: `DEMO-${Math.floor(i / 4) + 1}` };
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
    baseUrl: ctx.config.publicUrl, tenantId, eventId, eventName: EVENT_NAME, gates,
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
 * The door staff member (invited for the demo venue only) works on a paired door phone (a new device token each
 * run; the previous demo phone is revoked). Sign in with staff email, password and this token.
 */
async function demoDoorPhone(ctx: AppContext, tenantId: string, eventId: string): Promise<string> {
  const venueId = await withTenant(ctx.db, tenantId, async (trx) =>
    (await trx.selectFrom('events').select('venue_id').where('id', '=', eventId).executeTakeFirstOrThrow()).venue_id);
  return (await provisionDevice(ctx, tenantId, venueId, 'Demo door phone')).deviceToken;
}

/** Deterministic type mix: 88% GA, 8% VIP, 2% crew, 2% phone pass (rotating QR), spread through the serials. */
function pickType(i: number) {
  const slot = i % 50;
  return slot === 0 ? DEMO_TICKET_TYPES[2] : slot <= 4 ? DEMO_TICKET_TYPES[1] : slot === 49 ? DEMO_TICKET_TYPES[3] : DEMO_TICKET_TYPES[0];
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


import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL for free registration: the public event, its settings, capacity counts under the event lock. */

export interface PublicEventRow {
  id: string; tenant_id: string; slug: string; name: string; status: string; starts_at: Date; ends_at: Date; doors_open_at: Date;
  capacity: number | null; venue_name: string; timezone: string;
  ticket_type_id: string | null; enabled: boolean | null; opens_at: Date | null; closes_at: Date | null;
  type_name: string | null; type_capacity: number | null;
}

/** By slug, across tenants (run as karibu_system: the slug is all a visitor knows). */
export function findPublicEvent(trx: Trx, slug: string): Promise<PublicEventRow | undefined> {
  return trx.selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .leftJoin('registration_settings as rs', 'rs.event_id', 'events.id')
    .leftJoin('ticket_types as tt', 'tt.id', 'rs.ticket_type_id')
    .select([
      'events.id', 'events.tenant_id', 'events.slug', 'events.name', 'events.status', 'events.starts_at', 'events.ends_at',
      'events.doors_open_at', 'events.capacity', 'venues.name as venue_name', 'venues.timezone',
      'rs.ticket_type_id', 'rs.enabled', 'rs.opens_at', 'rs.closes_at', 'tt.name as type_name', 'tt.capacity as type_capacity',
    ])
    .where('events.slug', '=', slug)
    .executeTakeFirst() as Promise<PublicEventRow | undefined>;
}

/**
 * Locks the event row: registrations (and every other issuer: serial reservation updates the same
 * row) for this event queue here, so counting and issuing cannot interleave — the last seat is
 * given once.
 */
export async function lockEventForRegistration(trx: Trx, eventId: string): Promise<void> {
  await sql`SELECT 1 FROM events WHERE id = ${eventId} FOR UPDATE`.execute(trx);
}

/** Valid tickets of the event and of one type (cancelled, refunded, transferred and void free a seat). */
export async function countValid(trx: Trx, eventId: string, ticketTypeId: string): Promise<{ event: number; type: number }> {
  const row = await sql<{ event: number; type: number }>`
    SELECT count(*)::int AS event, count(*) FILTER (WHERE ticket_type_id = ${ticketTypeId})::int AS type
      FROM tickets WHERE event_id = ${eventId} AND status = 'valid'`.execute(trx);
  return row.rows[0] ?? { event: 0, type: 0 };
}

export function findValidTicketByEmail(trx: Trx, eventId: string, email: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('tickets').select('id')
    .where('event_id', '=', eventId).where('holder_email', '=', email).where('status', '=', 'valid')
    .orderBy('created_at').limit(1).executeTakeFirst();
}

/** When the ticket was last emailed successfully (re-registration must not become an inbox flood). */
export async function lastEmailSentAt(trx: Trx, ticketId: string): Promise<Date | undefined> {
  const row = await trx.selectFrom('email_deliveries').select('attempted_at')
    .where('ticket_id', '=', ticketId).where('status', '=', 'sent').orderBy('attempted_at', 'desc').limit(1).executeTakeFirst();
  return row?.attempted_at;
}

export async function upsertSettings(trx: Trx, row: {
  event_id: string; tenant_id: string; ticket_type_id: string; enabled: boolean; opens_at: Date | null; closes_at: Date | null;
}): Promise<void> {
  await trx.insertInto('registration_settings').values(row)
    .onConflict((oc) => oc.column('event_id').doUpdateSet({
      ticket_type_id: row.ticket_type_id, enabled: row.enabled, opens_at: row.opens_at, closes_at: row.closes_at, updated_at: sql`now()`,
    }))
    .execute();
}

export function findSettings(trx: Trx, eventId: string) {
  return trx.selectFrom('registration_settings').select(['ticket_type_id', 'enabled', 'opens_at', 'closes_at'])
    .where('event_id', '=', eventId).executeTakeFirst();
}

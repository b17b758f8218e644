import type { Trx } from '../db/database.ts';

/** SQL of event sessions (sessions.service.ts), in the caller's tenant transaction. */

export interface SessionRow {
  id: string;
  event_id: string;
  name: string;
  zone_id: string | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number | null;
  created_at: Date;
  admits_ticket_type_ids: string[] | null;
  /** numeric(6,2) as text, e.g. '1.50'. */
  cpd_credits: string | null;
  cpd_min_share: number | null;
}

const COLUMNS = [
  'id', 'event_id', 'name', 'zone_id', 'starts_at', 'ends_at', 'capacity', 'created_at', 'admits_ticket_type_ids', 'cpd_credits', 'cpd_min_share',
] as const;

export function listSessions(trx: Trx, eventId: string, limit: number, after: [number, string] | null): Promise<SessionRow[]> {
  let q = trx.selectFrom('event_sessions').select(COLUMNS).where('event_id', '=', eventId);
  if (after) {
    const at = new Date(after[0]);
    q = q.where((eb) => eb.or([eb('starts_at', '>', at), eb.and([eb('starts_at', '=', at), eb('id', '>', after[1])])]));
  }
  return q.orderBy('starts_at').orderBy('id').limit(limit + 1).execute();
}

export function findSession(trx: Trx, eventId: string, sessionId: string): Promise<SessionRow | undefined> {
  return trx.selectFrom('event_sessions').select(COLUMNS).where('event_id', '=', eventId).where('id', '=', sessionId).forUpdate().executeTakeFirst();
}

/** The event's window and venue, its row locked so event time changes and session changes take turns. */
export function lockEventWindow(trx: Trx, eventId: string): Promise<{ venue_id: string; doors_open_at: Date; ends_at: Date } | undefined> {
  return trx.selectFrom('events').select(['venue_id', 'doors_open_at', 'ends_at']).where('id', '=', eventId).forUpdate().executeTakeFirst();
}

export async function zoneAtVenue(trx: Trx, venueId: string, zoneId: string): Promise<boolean> {
  return (await trx.selectFrom('zones').select('id').where('venue_id', '=', venueId).where('id', '=', zoneId).executeTakeFirst()) !== undefined;
}

export interface NewSessionRow {
  id: string; tenant_id: string; event_id: string; name: string; zone_id: string; starts_at: Date; ends_at: Date; capacity: number | null;
  admits_ticket_type_ids: string[] | null; cpd_credits: number | null; cpd_min_share: number | null;
}

export async function insertSession(trx: Trx, row: NewSessionRow): Promise<void> {
  await trx.insertInto('event_sessions').values(row).execute();
}

export type SessionChanges = Partial<Pick<NewSessionRow,
  'name' | 'zone_id' | 'starts_at' | 'ends_at' | 'capacity' | 'admits_ticket_type_ids' | 'cpd_credits' | 'cpd_min_share'>>;

/** How many of `ids` are ticket types of the event (the rest belong elsewhere or to no one). */
export async function countEventTicketTypes(trx: Trx, eventId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await trx.selectFrom('ticket_types').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).where('id', 'in', [...ids]).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateSession(trx: Trx, sessionId: string, set: SessionChanges): Promise<void> {
  if (Object.keys(set).length > 0) await trx.updateTable('event_sessions').set(set).where('id', '=', sessionId).execute();
}

/** Whether any scan names the session (its attendance and credits rest on them). */
export async function sessionHasScans(trx: Trx, sessionId: string): Promise<boolean> {
  return (await trx.selectFrom('scans').select('id').where('session_id', '=', sessionId).limit(1).executeTakeFirst()) !== undefined;
}

export async function deleteSession(trx: Trx, sessionId: string): Promise<void> {
  await trx.deleteFrom('event_sessions').where('id', '=', sessionId).execute();
}

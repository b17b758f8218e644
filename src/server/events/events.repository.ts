import { sql, type ExpressionBuilder } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { DB, EventStatus } from '../db/schema.ts';

/** SQL of organizer-managed events (events.service.ts). Every function runs in a tenant transaction. */

export interface EventRow {
  id: string;
  tenant_id: string;
  venue_id: string;
  slug: string;
  name: string;
  starts_at: Date;
  ends_at: Date;
  doors_open_at: Date;
  capacity: number | null;
  status: EventStatus;
  policy: unknown;
  created_at: Date;
  tickets_issued: number;
}

const validTickets = (eb: ExpressionBuilder<DB, 'events'>) => eb.selectFrom('tickets')
  .select((e) => e.fn.countAll<number>().as('n'))
  .whereRef('tickets.event_id', '=', 'events.id').where('tickets.status', '=', 'valid');

const COLUMNS = ['events.id', 'events.tenant_id', 'events.venue_id', 'events.slug', 'events.name', 'events.starts_at', 'events.ends_at',
  'events.doors_open_at', 'events.capacity', 'events.status', 'events.policy', 'events.created_at'] as const;

export async function findEvent(trx: Trx, eventId: string, opts: { forUpdate?: boolean } = {}): Promise<EventRow | undefined> {
  let q = trx.selectFrom('events').select([...COLUMNS, (eb) => validTickets(eb).as('tickets_issued')]).where('events.id', '=', eventId);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { ...row, tickets_issued: Number(row.tickets_issued ?? 0) } as EventRow : undefined;
}

export interface EventFilter { status?: EventStatus | undefined; venueId?: string | undefined; from?: Date | undefined; to?: Date | undefined }

/** A page by (starts_at, id), after the cursor key; `scopes` confines it to venues/events (null: all). */
export async function listEvents(
  trx: Trx, filter: EventFilter, scopes: { venueId: string; eventId: string | null }[] | null, limit: number, after: [number, string] | null,
): Promise<EventRow[]> {
  let q = trx.selectFrom('events').select([...COLUMNS, (eb) => validTickets(eb).as('tickets_issued')]);
  if (filter.status) q = q.where('events.status', '=', filter.status);
  if (filter.venueId) q = q.where('events.venue_id', '=', filter.venueId);
  if (filter.from) q = q.where('events.ends_at', '>=', filter.from);
  if (filter.to) q = q.where('events.starts_at', '<=', filter.to);
  if (scopes) {
    if (scopes.length === 0) return [];
    q = q.where((eb) => eb.or(scopes.map((s) => s.eventId === null
      ? eb('events.venue_id', '=', s.venueId)
      : eb.and([eb('events.venue_id', '=', s.venueId), eb('events.id', '=', s.eventId)]))));
  }
  if (after) {
    const at = new Date(after[0]);
    q = q.where((eb) => eb.or([eb('events.starts_at', '>', at), eb.and([eb('events.starts_at', '=', at), eb('events.id', '>', after[1])])]));
  }
  const rows = await q.orderBy('events.starts_at').orderBy('events.id').limit(limit + 1).execute();
  return rows.map((r) => ({ ...r, tickets_issued: Number(r.tickets_issued ?? 0) }) as EventRow);
}

export function venueExists(trx: Trx, venueId: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('venues').select('id').where('id', '=', venueId).executeTakeFirst();
}

/** Zone codes among `codes` that the venue does not have. */
export async function missingZoneCodes(trx: Trx, venueId: string, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await trx.selectFrom('zones').select('code').where('venue_id', '=', venueId).where('code', 'in', [...codes]).execute();
  const found = new Set(rows.map((r) => r.code));
  return [...new Set(codes)].filter((c) => !found.has(c));
}

/** Slugs among `candidates` used by any event of any organizer (run as karibu_system: slugs are global). */
export async function takenSlugs(trx: Trx, candidates: string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom('events').select('slug').where('slug', 'in', candidates).execute();
  return new Set(rows.map((r) => r.slug));
}

export interface NewEventRow {
  id: string; tenant_id: string; venue_id: string; slug: string; name: string; starts_at: Date; ends_at: Date;
  doors_open_at: Date; capacity: number | null; policy: string; status: EventStatus;
}

export async function insertEvent(trx: Trx, row: NewEventRow): Promise<void> {
  await trx.insertInto('events').values(row).execute();
}

export type EventChanges = Partial<Pick<NewEventRow, 'venue_id' | 'slug' | 'name' | 'starts_at' | 'ends_at' | 'doors_open_at' | 'capacity' | 'status'>>;

export async function updateEvent(trx: Trx, eventId: string, set: EventChanges): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('events').set(set).where('id', '=', eventId).execute();
}

export async function deleteEvent(trx: Trx, eventId: string): Promise<void> {
  await trx.deleteFrom('events').where('id', '=', eventId).execute();
}

/** What keeps an event from being deleted: its tickets (any status) and its recorded scans. */
export async function eventHistory(trx: Trx, eventId: string): Promise<{ tickets: number; scans: number }> {
  const { rows } = await sql<{ tickets: number; scans: number }>`select
      (select count(*) from tickets where event_id = ${eventId})::int as tickets,
      (select count(*) from scans where event_id = ${eventId})::int as scans`.execute(trx);
  return rows[0] ?? { tickets: 0, scans: 0 };
}

/** Sessions of the event that would not lie within [from, to]. */
export async function sessionsOutside(trx: Trx, eventId: string, from: Date, to: Date): Promise<number> {
  const row = await trx.selectFrom('event_sessions').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).where((eb) => eb.or([eb('starts_at', '<', from), eb('ends_at', '>', to)])).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What of the event names zones of its venue: ticket types' zone codes and sessions' rooms. */
export async function zonesInUse(trx: Trx, eventId: string): Promise<{ codes: string[]; sessions: number }> {
  const types = await trx.selectFrom('ticket_types').select('zone_codes').where('event_id', '=', eventId).execute();
  const sessions = await trx.selectFrom('event_sessions').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).where('zone_id', 'is not', null).executeTakeFirstOrThrow();
  return { codes: [...new Set(types.flatMap((t) => t.zone_codes))], sessions: Number(sessions.n) };
}

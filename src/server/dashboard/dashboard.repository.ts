import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';
import type { ReportColumns } from '../devices/device-report.ts';

/**
 * SQL of the event dashboard. Every figure starts from MOVES: the event's scans that moved their
 * ticket by karibu_moved_ticket (the rule core movedTicket() states for TypeScript), undone ones
 * taken out. Session scans (a room door) are the session's, never the event's: left out here,
 * counted by sessionFigures. `kind` is what the move was: the server's own reason for a replayed offline scan.
 * Materialized for a statement that draws several figures from it, so the scans are read once.
 */
const moves = (eventId: string, materialized = false, ticketIds?: string[]) => sql`
  moves as ${sql.raw(materialized ? 'materialized ' : '')}(
    select s.id, s.ticket_id, s.gate_id, s.effective_time,
           case when s.offline then s.server_reason else s.reason end as kind
      from scans s
     where s.event_id = ${eventId} and s.ticket_id is not null and s.session_id is null
       ${ticketIds ? sql`and s.ticket_id = any(${ticketIds}::uuid[])` : sql``}
       and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
       and not exists (select 1 from scan_annulments a where a.scan_id = s.id)
  ),
  last_move as ${sql.raw(materialized ? 'materialized ' : '')}(
    select distinct on (m.ticket_id) m.ticket_id, m.gate_id, m.kind
      from moves m
     order by m.ticket_id, m.effective_time desc, m.id desc
  )`;

export interface DashboardEventRow {
  id: string; name: string; venue_id: string; timezone: string; capacity: number | null;
  doors_open_at: Date; starts_at: Date; ends_at: Date;
}

export async function findDashboardEvent(trx: Trx, eventId: string): Promise<DashboardEventRow | undefined> {
  return trx.selectFrom('events').innerJoin('venues', 'venues.id', 'events.venue_id')
    .select(['events.id', 'events.name', 'events.venue_id', 'venues.timezone', 'events.capacity', 'events.doors_open_at', 'events.starts_at', 'events.ends_at'])
    .where('events.id', '=', eventId).executeTakeFirst();
}

export interface TicketTypeRow {
  ticket_type_id: string; name: string; expected: number; checked_in: number; inside_now: number; entries: number; exits: number;
}
export interface GateRow { gate_id: string; name: string; zone_id: string; entries: number; exits: number; inside_through: number }
export interface MinuteRow { minute: string; entries: number; exits: number }
export interface NoShowRow { ticket_id: string; code: string; holder_name: string; ticket_type: string }

export interface MoveFigures { types: TicketTypeRow[]; gates: GateRow[]; minutes: MinuteRow[]; no_shows: number; no_show_list: NoShowRow[] }

/**
 * Every figure the moves give, in one statement: the event's scans are read once (MOVES is
 * materialized) whatever the number of figures drawn from them — per ticket type (valid tickets,
 * admitted at least once, inside), per gate (entries, exits, inside after entering by it), per
 * UTC minute, and the valid tickets never admitted (their count, and the first `noShowNames` by
 * name).
 */
export async function moveFigures(trx: Trx, eventId: string, venueId: string, noShowNames: number): Promise<MoveFigures> {
  const { rows: [row] } = await sql<MoveFigures>`
    with ${moves(eventId, true)},
    per_ticket as materialized (
      select m.ticket_id, count(*) filter (where m.kind = 'admitted') as entries, count(*) filter (where m.kind = 'exited') as exits
        from moves m group by m.ticket_id
    ),
    -- The event's tickets read once, each with its moves: the ticket-type figures and the
    -- no-shows both come from here.
    ticket_rows as materialized (
      select t.id, t.code, t.holder_name, t.ticket_type_id, t.status, coalesce(pt.entries, 0) as entries, coalesce(pt.exits, 0) as exits, lm.kind
        from tickets t
        left join per_ticket pt on pt.ticket_id = t.id
        left join last_move lm on lm.ticket_id = t.id
       where t.event_id = ${eventId}
    ),
    types as (
      select tt.id as ticket_type_id, tt.name, tt.type_no,
             count(r.id) filter (where r.status = 'valid')::int as expected,
             count(r.id) filter (where r.entries > 0)::int as checked_in,
             count(r.id) filter (where r.kind = 'admitted')::int as inside_now,
             coalesce(sum(r.entries), 0)::int as entries,
             coalesce(sum(r.exits), 0)::int as exits
        from ticket_types tt
        left join ticket_rows r on r.ticket_type_id = tt.id
       where tt.event_id = ${eventId}
       group by tt.id, tt.name, tt.type_no
    ),
    flow as (
      select m.gate_id, count(*) filter (where m.kind = 'admitted') as entries, count(*) filter (where m.kind = 'exited') as exits
        from moves m group by m.gate_id
    ),
    inside as (select lm.gate_id, count(*) as n from last_move lm where lm.kind = 'admitted' group by lm.gate_id),
    gate_rows as (
      select g.id as gate_id, g.name, g.zone_id,
             coalesce(f.entries, 0)::int as entries, coalesce(f.exits, 0)::int as exits, coalesce(i.n, 0)::int as inside_through
        from gates g left join flow f on f.gate_id = g.id left join inside i on i.gate_id = g.id
       where g.venue_id = ${venueId}
    ),
    minute_rows as (
      select to_char(date_trunc('minute', m.effective_time) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:00.000"Z"') as minute,
             count(*) filter (where m.kind = 'admitted')::int as entries,
             count(*) filter (where m.kind = 'exited')::int as exits
        from moves m group by 1
    ),
    absent as materialized (
      select r.id, r.code, r.holder_name, r.ticket_type_id from ticket_rows r where r.status = 'valid' and r.entries = 0
    )
    select (select coalesce(json_agg(x order by x.type_no), '[]') from types x) as types,
           (select coalesce(json_agg(x order by x.name, x.gate_id), '[]') from gate_rows x) as gates,
           (select coalesce(json_agg(x order by x.minute), '[]') from minute_rows x) as minutes,
           (select count(*)::int from absent) as no_shows,
           (select coalesce(json_agg(x order by x.holder_name, x.ticket_id), '[]') from (
              select a.id as ticket_id, a.code, a.holder_name, tt.name as ticket_type
                from absent a join ticket_types tt on tt.id = a.ticket_type_id
               order by a.holder_name, a.id limit ${noShowNames}) x) as no_show_list`.execute(trx);
  return row!;
}

export interface ZoneRow { id: string; code: string; name: string; parent_id: string | null; capacity: number | null }

export async function venueZones(trx: Trx, venueId: string): Promise<ZoneRow[]> {
  return trx.selectFrom('zones').select(['id', 'code', 'name', 'parent_id', 'capacity']).where('venue_id', '=', venueId).orderBy('code').execute();
}

export async function openConflicts(trx: Trx, eventId: string): Promise<number> {
  const { rows: [row] } = await sql<{ n: number }>`
    select count(*)::int as n from scans s
     where s.event_id = ${eventId} and s.conflict
       and not exists (select 1 from conflict_resolutions r where r.scan_id = s.id)`.execute(trx);
  return row?.n ?? 0;
}

export interface DeviceRow extends ReportColumns {
  device_id: string; name: string; kind: 'door' | 'kiosk'; last_seen_at: Date | null; last_scan_at: Date | null; scans: number;
}

/** The venue's door phones still paired, with what each recorded for this event (one pass over its scans). */
export async function venueDevices(trx: Trx, eventId: string, venueId: string): Promise<DeviceRow[]> {
  const { rows } = await sql<DeviceRow>`
    with per_device as (
      select x.device_id, max(x.server_time) as last_scan_at, count(*) as n from scans x where x.event_id = ${eventId} group by x.device_id
    )
    select d.id as device_id, d.name, d.kind, d.last_seen_at, s.last_scan_at, coalesce(s.n, 0)::int as scans,
           d.app_version, d.pending_scans, d.battery_level, d.battery_charging, d.reported_at,
           d.manifest_event_id, d.manifest_position
      from devices d
      left join per_device s on s.device_id = d.id
     where d.venue_id = ${venueId} and d.revoked_at is null
     order by d.name, d.id`.execute(trx);
  return rows;
}

export interface FeedRow {
  id: string; effective_time: Date; verdict: Verdict; reason: string; server_reason: string | null; direction: Direction;
  offline: boolean; counted: boolean; gate: string | null; device: string | null; holder: string | null; staff: string | null;
}

/**
 * The latest scans by when they were made (an offline scan at its scan time, not its upload's),
 * refused ones too, with whether each counted. The event/time index reads just these rows.
 */
export async function latestScans(trx: Trx, eventId: string, limit: number): Promise<FeedRow[]> {
  const { rows } = await sql<FeedRow>`
    select s.id, s.effective_time, s.verdict, s.reason, s.server_reason, s.direction, s.offline,
           (s.session_id is null and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
             and not exists (select 1 from scan_annulments a where a.scan_id = s.id)) as counted,
           g.name as gate, d.name as device, t.holder_name as holder, st.display_name as staff
      -- The latest rows first, joined after: under row-level security the planner guesses a
      -- couple of rows for the event and would join all of them before sorting.
      from (select * from scans x where x.event_id = ${eventId} order by x.effective_time desc limit ${limit}) s
      left join gates g on g.id = s.gate_id
      left join devices d on d.id = s.device_id
      left join tickets t on t.id = s.ticket_id
      left join staff st on st.id = s.staff_id
     order by s.effective_time desc`.execute(trx);
  return rows;
}

/**
 * A fingerprint of everything the figures read, cheap enough to ask several times a second: the
 * event's last ticket change (admissions, exits, undos, issuance, cancellation all write one), its
 * latest scan time (a refusal moves only the feed), its conflicts and their resolutions. An offline
 * refusal older than the latest scan shows with the next change. Same fingerprint, same
 * figures (the clock aside: no-shows start counting at their own time).
 */
export async function dashboardVersion(trx: Trx, eventId: string): Promise<string> {
  // Each part is one index probe or a count over a handful of rows, whatever the event's size.
  const { rows: [row] } = await sql<{ seq: string; latest: string; conflicts: string; resolved: string }>`
    select (select coalesce(max(seq), 0) from ticket_changes where event_id = ${eventId})::text as seq,
           (select coalesce(extract(epoch from max(effective_time)) * 1000000, 0)::bigint from scans where event_id = ${eventId})::text as latest,
           (select count(*) from scans where event_id = ${eventId} and conflict)::text as conflicts,
           (select count(*) from conflict_resolutions where event_id = ${eventId})::text as resolved`.execute(trx);
  return `${row!.seq}.${row!.latest}.${row!.conflicts}.${row!.resolved}`;
}

/** Tickets inside now (latest counted movement an entry): the figure capacity alerts watch. */
export async function insideNowCount(trx: Trx, eventId: string): Promise<number> {
  const { rows: [row] } = await sql<{ n: number }>`
    with ${moves(eventId)} select count(*)::int as n from last_move where kind = 'admitted'`.execute(trx);
  return row?.n ?? 0;
}

export interface TicketFactRow {
  id: string; ticket_type_id: string; valid: boolean; name_version: number;
  /** Its place in name order (holder name, then id; from 0) on a full read, else null. */
  place: number | null;
}

/**
 * The event's tickets as the live figures hold them (dashboard-ledger.ts): all of them with their
 * places in name order, or those of `ids`.
 */
export async function ticketFacts(trx: Trx, eventId: string, ids?: string[]): Promise<TicketFactRow[]> {
  const { rows } = await sql<TicketFactRow>`
    select t.id, t.ticket_type_id, t.status = 'valid' as valid, t.name_version,
           ${ids ? sql`null::int` : sql`(row_number() over (order by t.holder_name, t.id) - 1)::int`} as place
      from tickets t
     where t.event_id = ${eventId} ${ids ? sql`and t.id = any(${ids}::uuid[])` : sql``}`.execute(trx);
  return rows;
}

export interface MoveRow { ticket_id: string; gate_id: string | null; minute: number; exit: boolean }

/** The event's standing moves (MOVES), of every ticket or of those of `ids`, each ticket's in time order. */
export async function ticketMoves(trx: Trx, eventId: string, ids?: string[]): Promise<MoveRow[]> {
  const { rows } = await sql<MoveRow>`
    with ${moves(eventId, false, ids)}
    select m.ticket_id, m.gate_id, floor(extract(epoch from m.effective_time) / 60)::int as minute, m.kind = 'exited' as exit
      from moves m
     order by m.ticket_id, m.effective_time, m.id`.execute(trx);
  return rows;
}

/** Where the live figures are in the change log: its last position read, and the transactions then still writing. */
export interface ChangeCursor { seq: number; inFlight: string[] }

/** The event's last change position visible now. */
export async function lastChangeSeq(trx: Trx, eventId: string): Promise<number> {
  const { rows: [row] } = await sql<{ seq: number }>`
    select coalesce(max(seq), 0)::bigint as seq from ticket_changes where event_id = ${eventId}`.execute(trx);
  return Number(row!.seq);
}

/**
 * Tickets changed since the cursor (every admission, exit, undo, issuance, cancellation and
 * rename of a ticket writes the change log, in the writing transaction): above its position, or
 * written by a transaction that was still in flight when the cursor was taken — it may have
 * taken a lower position and committed since (the manifest's rule, sync/manifest.repository.ts).
 */
export async function ticketsChangedSince(trx: Trx, eventId: string, cursor: ChangeCursor): Promise<{ ids: string[]; seq: number }> {
  const { rows } = await sql<{ ticket_id: string; seq: number }>`
    select ticket_id, seq from ticket_changes where event_id = ${eventId} and seq > ${cursor.seq}
    union all
    select ticket_id, seq from ticket_changes where event_id = ${eventId} and xid = any(${cursor.inFlight}::xid8[])`.execute(trx);
  let seq = cursor.seq;
  for (const r of rows) seq = Math.max(seq, Number(r.seq));
  return { ids: [...new Set(rows.map((r) => r.ticket_id))], seq };
}

/** The event's ticket types and the venue's gates, in the order the figures list them. */
export async function figureKeys(trx: Trx, eventId: string, venueId: string): Promise<{
  types: { id: string; name: string }[]; gates: { id: string; name: string; zone_id: string }[];
}> {
  const types = await trx.selectFrom('ticket_types').select(['id', 'name']).where('event_id', '=', eventId).orderBy('type_no').execute();
  const gates = await trx.selectFrom('gates').select(['id', 'name', 'zone_id']).where('venue_id', '=', venueId).orderBy('name').orderBy('id').execute();
  return { types, gates };
}

/** No-shows by id, in the order given (names of the live figures' first no-shows). */
export async function noShowRows(trx: Trx, ids: string[]): Promise<NoShowRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<NoShowRow>`
    select t.id as ticket_id, t.code, t.holder_name, tt.name as ticket_type
      from tickets t join ticket_types tt on tt.id = t.ticket_type_id
     where t.id = any(${ids}::uuid[])`.execute(trx);
  const byId = new Map(rows.map((r) => [r.ticket_id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

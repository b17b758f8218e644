import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { EventRow } from '../events/events.repository.ts';

/**
 * SQL of the event exports, in the caller's tenant transaction. Lists are read a page at a time by
 * keyset (never OFFSET), so a page costs the same at row 1,000 and at row 100,000 and an export
 * never holds more than one page.
 *
 * Which scans moved a ticket is karibu_moved_ticket() (migration 0013), the rule undo, uploads and
 * webhooks use; an undone scan (scan_annulments) is taken out on top, as undo does. What a moving
 * scan did is the judgment that counted: the server's verdict for an offline replay.
 */
const MOVED = sql<boolean>`karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)`;
const UNDONE = sql<boolean>`exists (select 1 from scan_annulments a where a.scan_id = s.id)`;
/**
 * Over `scans as s`: the scan moved its ticket at the event's own doors and was not undone. A
 * session scan (a room door, session_id set) is the session's, never an entry of the event.
 */
export const STANDING = sql<boolean>`(s.session_id is null and ${MOVED} and not ${UNDONE})`;
/** Over `scans as s`: the same rule for a scan at a session's room door (attendance, CPD credits). */
export const SESSION_STANDING = sql<boolean>`(s.session_id is not null and ${MOVED} and not ${UNDONE})`;
/** Over `scans as s`: what a moving scan did, admitted or exited. */
export const EFFECT = sql<string>`(case when s.offline then s.server_verdict else s.verdict end)`;

/** The event as events.repository.ts reads it, with the venue and organizer an export names. */
export type ExportEventRow = Pick<EventRow, 'id' | 'slug' | 'name' | 'starts_at' | 'ends_at' | 'doors_open_at' | 'capacity' | 'status'> & {
  venue_name: string;
  timezone: string;
  organizer_name: string;
};

export function findExportEvent(trx: Trx, eventId: string): Promise<ExportEventRow | undefined> {
  return trx.selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .innerJoin('tenants', 'tenants.id', 'events.tenant_id')
    .select([
      'events.id', 'events.slug', 'events.name', 'events.starts_at', 'events.ends_at', 'events.doors_open_at', 'events.capacity', 'events.status',
      'venues.name as venue_name', 'venues.timezone', 'tenants.name as organizer_name',
    ])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
}

export interface AttendanceRow {
  serial: number;
  code: string;
  holder_name: string;
  holder_email: string | null;
  holder_phone: string | null;
  type_name: string;
  status: string;
  presence: string;
  entry_count: number;
  first_entry: Date | null;
  last_exit: Date | null;
  last_gate: string | null;
  last_device: string | null;
  last_staff: string | null;
}

/**
 * One page of the event's tickets by serial, each with its standing moves: the first admission,
 * the last exit, and where and by whom the latest movement was scanned. Two index probes per
 * ticket (scans_ticket_idx); entry count and presence are the ticket's own state, which those same
 * standing moves produced.
 */
export function attendancePage(trx: Trx, eventId: string, afterSerial: number, limit: number): Promise<AttendanceRow[]> {
  return trx.selectFrom('tickets as t')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoinLateral((eb) => eb.selectFrom('scans as s')
      .select([
        sql<Date | null>`min(s.effective_time) filter (where ${EFFECT} = 'admitted')`.as('first_entry'),
        sql<Date | null>`max(s.effective_time) filter (where ${EFFECT} = 'exited')`.as('last_exit'),
      ])
      .whereRef('s.ticket_id', '=', 't.id').whereRef('s.event_id', '=', 't.event_id').where(STANDING)
      .as('moves'), (join) => join.onTrue())
    .leftJoinLateral((eb) => eb.selectFrom('scans as s')
      .leftJoin('gates as g', 'g.id', 's.gate_id')
      .leftJoin('devices as d', 'd.id', 's.device_id')
      .leftJoin('staff as st', 'st.id', 's.staff_id')
      .select(['g.name as gate', 'd.name as device', 'st.display_name as staff'])
      .whereRef('s.ticket_id', '=', 't.id').whereRef('s.event_id', '=', 't.event_id').where(STANDING)
      .orderBy('s.effective_time', 'desc').orderBy('s.server_time', 'desc').limit(1)
      .as('latest'), (join) => join.onTrue())
    .select([
      't.serial', 't.code', 't.holder_name', 't.holder_email', 't.holder_phone', 'tt.name as type_name', 't.status', 't.presence', 't.entry_count',
      'moves.first_entry', 'moves.last_exit', 'latest.gate as last_gate', 'latest.device as last_device', 'latest.staff as last_staff',
    ])
    .where('t.event_id', '=', eventId)
    .where('t.serial', '>', afterSerial)
    .orderBy('t.serial')
    .limit(limit)
    .execute();
}

export interface ScanLogRow {
  id: string;
  effective_time: Date;
  server_time: Date;
  code: string | null;
  holder_name: string | null;
  verdict: string;
  reason: string;
  server_verdict: string | null;
  server_reason: string | null;
  direction: string;
  input_kind: string;
  gate: string | null;
  zone: string | null;
  device: string | null;
  staff: string | null;
  offline: boolean;
  conflict: boolean;
  moved: boolean;
  undone: boolean;
}

/**
 * One page of the event's scans — refused, offline and undone ones too — in the order they
 * happened (effective time, then id). The cursor is the last scan's id: comparing with that row's
 * own stored time keeps the database's microseconds, which a JavaScript Date would round away.
 */
export function scanLogPage(trx: Trx, eventId: string, afterScanId: string | null, limit: number): Promise<ScanLogRow[]> {
  let q = trx.selectFrom('scans as s')
    .leftJoin('tickets as t', 't.id', 's.ticket_id')
    .leftJoin('gates as g', 'g.id', 's.gate_id')
    .leftJoin('zones as z', 'z.id', 'g.zone_id')
    .leftJoin('devices as d', 'd.id', 's.device_id')
    .leftJoin('staff as st', 'st.id', 's.staff_id')
    .select([
      's.id', 's.effective_time', 's.server_time', 't.code', 't.holder_name', 's.verdict', 's.reason', 's.server_verdict', 's.server_reason',
      's.direction', 's.input_kind', 'g.name as gate', 'z.name as zone', 'd.name as device', 'st.display_name as staff', 's.offline', 's.conflict',
      // A session scan moved no ticket in or out of the event (it is the session's).
      sql<boolean>`(s.session_id is null and ${MOVED})`.as('moved'), UNDONE.as('undone'),
    ])
    .where('s.event_id', '=', eventId);
  if (afterScanId !== null) {
    const last = sql`(select p.effective_time from scans p where p.id = ${afterScanId})`;
    // The plain bound lets scans_event_time_idx start at the cursor instead of filtering every
    // earlier row again on each page; the row comparison then settles ties on the time.
    q = q.where(sql<boolean>`s.effective_time >= ${last}`)
      .where(sql<boolean>`(s.effective_time, s.id) > (${last}, ${afterScanId}::uuid)`);
  }
  return q.orderBy('s.effective_time').orderBy('s.id').limit(limit).execute();
}

export interface SessionAttendanceRow {
  id: string;
  name: string;
  room: string | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number | null;
  attendees: number;
  admissions: number;
}

/**
 * One page of the event's sessions (start time, then id) with what the scans can say about each.
 * Scans carry no session: a session's attendance is read as the standing admissions through gates
 * into its room — its zone or a zone inside it — between its start and its end.
 */
export async function sessionAttendancePage(trx: Trx, eventId: string, afterSessionId: string | null, limit: number): Promise<SessionAttendanceRow[]> {
  const after = afterSessionId === null ? sql`true`
    : sql`(es.starts_at, es.id) > (select p.starts_at, p.id from event_sessions p where p.id = ${afterSessionId})`;
  const { rows } = await sql<SessionAttendanceRow>`
    select es.id, es.name, z.name as room, es.starts_at, es.ends_at, es.capacity,
           coalesce(c.attendees, 0)::int as attendees, coalesce(c.admissions, 0)::int as admissions
      from event_sessions es
      left join zones z on z.id = es.zone_id
      left join lateral (
        with recursive room(id) as (
          select es.zone_id where es.zone_id is not null
          union
          select inner_zone.id from zones inner_zone join room on inner_zone.parent_id = room.id
        )
        select count(*) as admissions, count(distinct s.ticket_id) as attendees
          from scans s
          join gates g on g.id = s.gate_id
         where s.event_id = es.event_id
           and s.effective_time >= es.starts_at and s.effective_time < es.ends_at
           and g.zone_id in (select id from room)
           and ${STANDING} and ${EFFECT} = 'admitted'
      ) c on true
     where es.event_id = ${eventId} and ${after}
     order by es.starts_at, es.id
     limit ${limit}`.execute(trx);
  return rows;
}

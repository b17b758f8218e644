import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { SessionPresence } from '../../core/index.ts';
import type { TargetKey } from '../judging/judging.types.ts';
import type { OpenRow } from './scan.repository.ts';

/**
 * SQL of session check-in (session-scan.service.ts), in the caller's tenant transaction. The
 * session row is locked first: every scan of one session waits for the one before it, so the
 * room's head count read next is the count the verdict is given on — 100 people at a door of 50
 * seats get 50 greens, however many phones scan them at once.
 */

export interface SessionLockRow {
  id: string; name: string; zone: string | null; starts_at: Date; ends_at: Date; capacity: number | null;
  admits_ticket_type_ids: string[] | null;
}

/** Locks the session (FOR UPDATE) and reads what the judge needs of it; undefined = no such session of the event. */
export async function lockSession(trx: Trx, eventId: string, sessionId: string): Promise<SessionLockRow | undefined> {
  const { rows: [row] } = await sql<SessionLockRow>`
    select s.id, s.name, z.code as zone, s.starts_at, s.ends_at, s.capacity, s.admits_ticket_type_ids
      from event_sessions s left join zones z on z.id = s.zone_id
     where s.id = ${sessionId}::uuid and s.event_id = ${eventId}::uuid
       for update of s`.execute(trx);
  return row;
}

export interface SessionOpenItem extends TargetKey {
  scan: string; staff: string; device: string | null; session: string; gate: string | null;
}

/**
 * The live principal, the gate's zone, the QR key's facts, the named ticket and an earlier answer
 * for the scan id — the shape karibu_scan_open_batch gives the gate path, without locking the
 * ticket: a session scan never writes it.
 */
export async function openSessionScan(trx: Trx, eventId: string, i: SessionOpenItem): Promise<OpenRow> {
  const { rows: [row] } = await sql<OpenRow>`
    select p.staff_role, p.staff_active, p.scopes, p.device_venue, p.device_kind, p.device_ok, p.session_ok,
           e.venue_id as event_venue, z.code as gate_zone, k.event_id as key_event, k.status as key_status,
           tk.id as ticket_id, tk.serial, tk.status, tk.presence, tk.entry_count, tk.state, tk.token_hash, tk.holder_name,
           tt.type_no, tt.name as type_name, tt.zone_codes, tt.allow_static, sc.event_id as prior_event, sc.response as prior_response
      from (select 1) one
      left join lateral karibu_principal(${i.staff}::uuid, ${i.device}::uuid, ${i.session}::uuid) p on true
      left join events e on e.id = ${eventId}::uuid
      left join lateral (select zn.code from gates g join zones zn on zn.id = g.zone_id
                          where g.id = ${i.gate}::uuid and g.venue_id = e.venue_id limit 1) z on true
      left join lateral (select ek.event_id, ek.status from event_keys ek where ek.kid = ${i.kid}::bigint limit 1) k on true
      left join lateral (
        select x.* from tickets x where ${i.serial}::int is not null and x.event_id = e.id and x.serial = ${i.serial}::int
        union all select x.* from tickets x where ${i.code}::text is not null and x.event_id = e.id and x.code = ${i.code}::text
        union all select x.* from tickets x where ${i.pin}::text is not null and x.event_id = e.id and x.pin = ${i.pin}::text
        limit 1) tk on ${i.kid}::bigint is null or k.event_id = e.id
      left join ticket_types tt on tt.id = tk.ticket_type_id
      left join lateral (select s.event_id, s.response from scans s where s.id = ${i.scan}::uuid limit 1) sc on true`.execute(trx);
  return row!;
}

/** A session's standing moves (karibu_moved_ticket, not undone): the rule the event's figures use. */
const sessionMoves = (sessionId: string) => sql`
  select s.id, s.ticket_id, s.gate_id, s.device_id, s.effective_time,
         case when s.offline then s.server_reason else s.reason end as kind
    from scans s
   where s.session_id = ${sessionId}::uuid and s.ticket_id is not null
     and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
     and not exists (select 1 from scan_annulments a where a.scan_id = s.id)`;

/** Tickets inside the session now: those whose latest session move is an entry. */
export async function sessionInside(trx: Trx, sessionId: string): Promise<number> {
  const { rows: [row] } = await sql<{ n: number }>`
    select count(*)::int as n from (
      select distinct on (m.ticket_id) m.kind from (${sessionMoves(sessionId)}) m
       order by m.ticket_id, m.effective_time desc, m.id desc) x
     where x.kind = 'admitted'`.execute(trx);
  return row?.n ?? 0;
}

/** Where one ticket stands in the session: its latest session move. */
export async function sessionStanding(trx: Trx, sessionId: string, ticketId: string): Promise<SessionPresence> {
  const { rows: [m] } = await sql<{ kind: 'admitted' | 'exited'; gate_id: string | null; device_id: string | null; effective_time: Date }>`
    select m.kind, m.gate_id, m.device_id, m.effective_time from (${sessionMoves(sessionId)}) m
     where m.ticket_id = ${ticketId}::uuid
     order by m.effective_time desc, m.id desc limit 1`.execute(trx);
  if (!m) return { presence: 'outside' };
  const lastScan = {
    at: new Date(m.effective_time).getTime(), gateId: m.gate_id ?? '', direction: m.kind === 'admitted' ? 'in' as const : 'out' as const,
    verdict: m.kind, reason: m.kind, ...(m.device_id ? { deviceId: m.device_id } : {}),
  };
  return { presence: m.kind === 'admitted' ? 'inside' : 'outside', lastScan };
}

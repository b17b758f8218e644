import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';

/** SQL of the conflicts review: conflicting offline scans, what did count, and resolutions. */

export type ConflictFilter = 'open' | 'resolved' | 'all';

export interface ConflictRow {
  id: string;
  effective_time: Date;
  device_time: Date | null;
  device_id: string | null;
  device_name: string | null;
  gate_id: string | null;
  gate_name: string | null;
  direction: Direction;
  verdict: Verdict;
  reason: string;
  server_verdict: Verdict | null;
  server_reason: string | null;
  ticket_id: string | null;
  serial: number | null;
  code: string | null;
  holder_name: string | null;
  type_name: string | null;
  note: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
}

const CONFLICT_SELECT = sql`
  select s.id, s.effective_time, s.device_time, s.device_id, d.name as device_name, s.gate_id, g.name as gate_name,
         s.direction, s.verdict, s.reason, s.server_verdict, s.server_reason, s.ticket_id, t.serial, t.code,
         t.holder_name, tt.name as type_name, r.note, r.resolved_at, r.staff_id as resolved_by, st.display_name as resolved_by_name
    from scans s
    left join devices d on d.id = s.device_id
    left join gates g on g.id = s.gate_id
    left join tickets t on t.id = s.ticket_id
    left join ticket_types tt on tt.id = t.ticket_type_id
    left join conflict_resolutions r on r.scan_id = s.id
    left join staff st on st.id = r.staff_id`;

/** Conflicts of an event, oldest first (scans_conflict_idx covers the filter). */
export async function listConflictRows(trx: Trx, eventId: string, filter: ConflictFilter, limit: number): Promise<ConflictRow[]> {
  const status = filter === 'open' ? sql`and r.scan_id is null` : filter === 'resolved' ? sql`and r.scan_id is not null` : sql``;
  const { rows } = await sql<ConflictRow>`${CONFLICT_SELECT}
    where s.event_id = ${eventId} and s.conflict ${status}
    order by s.effective_time, s.id
    limit ${limit}`.execute(trx);
  return rows;
}

export async function findConflictRow(trx: Trx, eventId: string, scanId: string): Promise<ConflictRow | undefined> {
  const { rows } = await sql<ConflictRow>`${CONFLICT_SELECT} where s.event_id = ${eventId} and s.id = ${scanId} and s.conflict`.execute(trx);
  return rows[0];
}

export interface CountedRow { id: string; ticket_id: string; effective_time: Date; verdict: Verdict; device_id: string | null; offline: boolean }

/**
 * The scans that moved these tickets' states (karibu_moved_ticket: online admissions/exits, and
 * offline ones the server agreed with). Annulled scans (undo) are left out.
 */
export async function countedScans(trx: Trx, ticketIds: string[]): Promise<CountedRow[]> {
  if (ticketIds.length === 0) return [];
  const { rows } = await sql<CountedRow>`
    select s.id, s.ticket_id, s.effective_time, s.verdict, s.device_id, s.offline
      from scans s
     where s.ticket_id = any(${ticketIds}::uuid[]) and s.session_id is null
       and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
       and not exists (select 1 from scan_annulments a where a.scan_id = s.id)
     order by s.effective_time, s.id`.execute(trx);
  return rows;
}

/** Records a resolution; false when the conflict was already resolved. */
export async function insertResolution(
  trx: Trx, r: { scanId: string; tenantId: string; eventId: string; staffId: string | null; note: string },
): Promise<boolean> {
  const result = await trx.insertInto('conflict_resolutions')
    .values({ scan_id: r.scanId, tenant_id: r.tenantId, event_id: r.eventId, staff_id: r.staffId, note: r.note })
    .onConflict((oc) => oc.column('scan_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

import { sql } from 'kysely';
import { capacityLevel } from '../../core/capacity-level.ts';
import type { Dashboard } from '../../contracts/dashboard.contract.ts';
import type { Trx } from '../db/database.ts';

/**
 * Per session of the event: who is in the room now, and how many came. Session scans are the
 * session's only (the event's figures leave them out), so these are read from them alone — one
 * small grouped query per dashboard read, on both the whole read and the live path (whose ledger
 * follows ticket changes, which session scans do not write).
 */
export interface SessionFigureRow {
  id: string; name: string; zone_id: string | null; starts_at: Date; ends_at: Date; capacity: number | null;
  inside_now: number; attended: number; entries: number; exits: number;
}

export async function sessionFigures(trx: Trx, eventId: string): Promise<SessionFigureRow[]> {
  const { rows } = await sql<SessionFigureRow>`
    with moves as materialized (
      select s.id, s.session_id, s.ticket_id, s.effective_time,
             case when s.offline then s.server_reason else s.reason end as kind
        from scans s
       where s.event_id = ${eventId} and s.session_id is not null and s.ticket_id is not null
         and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
         and not exists (select 1 from scan_annulments a where a.scan_id = s.id)
    ),
    last_move as (
      select distinct on (m.session_id, m.ticket_id) m.session_id, m.kind
        from moves m order by m.session_id, m.ticket_id, m.effective_time desc, m.id desc
    ),
    flow as (
      select m.session_id, count(*) filter (where m.kind = 'admitted') as entries, count(*) filter (where m.kind = 'exited') as exits,
             count(distinct m.ticket_id) filter (where m.kind = 'admitted') as attended
        from moves m group by m.session_id
    ),
    inside as (select l.session_id, count(*) as n from last_move l where l.kind = 'admitted' group by l.session_id)
    select es.id, es.name, es.zone_id, es.starts_at, es.ends_at, es.capacity,
           coalesce(i.n, 0)::int as inside_now, coalesce(f.attended, 0)::int as attended,
           coalesce(f.entries, 0)::int as entries, coalesce(f.exits, 0)::int as exits
      from event_sessions es
      left join flow f on f.session_id = es.id
      left join inside i on i.session_id = es.id
     where es.event_id = ${eventId}
     order by es.starts_at, es.id`.execute(trx);
  return rows;
}

export function sessionFiguresOf(rows: SessionFigureRow[]): Dashboard['sessions'] {
  return rows.map((r) => ({
    sessionId: r.id, name: r.name, zoneId: r.zone_id,
    startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString(),
    capacity: r.capacity, insideNow: r.inside_now, level: capacityLevel(r.inside_now, r.capacity),
    attended: r.attended, entries: r.entries, exits: r.exits,
  }));
}

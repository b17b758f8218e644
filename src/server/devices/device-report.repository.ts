import { sql } from 'kysely';
import { MANIFEST_BACKLOG_CAP } from '../../contracts/devices.contract.ts';
import type { Trx } from '../db/database.ts';

/** A device's reported manifest position (devices.manifest_event_id / manifest_position). */
export interface ManifestPosition { id: string; manifest_event_id: string | null; manifest_position: string | number | null }

/**
 * For each device that reported a manifest: how many tickets of that event changed after the
 * position it holds — what its next sync would bring — counted up to MANIFEST_BACKLOG_CAP, so a
 * phone far behind costs one short index range (ticket_changes (event_id, seq)) and no more.
 */
export async function manifestBacklog(trx: Trx, devices: readonly ManifestPosition[]): Promise<Map<string, number>> {
  const known = devices.filter((d) => d.manifest_event_id !== null && d.manifest_position !== null);
  if (known.length === 0) return new Map();
  const { rows } = await sql<{ id: string; n: number }>`
    select d.id, (select count(distinct c.ticket_id)::int from (
             select ticket_id from ticket_changes c
              where c.event_id = d.event_id and c.seq > d.position order by c.seq limit ${MANIFEST_BACKLOG_CAP}) c) as n
      from unnest(${known.map((d) => d.id)}::uuid[], ${known.map((d) => d.manifest_event_id)}::uuid[],
                  ${known.map((d) => String(d.manifest_position))}::int8[]) as d(id, event_id, position)`.execute(trx);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

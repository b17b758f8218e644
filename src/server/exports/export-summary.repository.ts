import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import { EFFECT, STANDING } from './exports.repository.ts';

/**
 * SQL of the PDF summary: small aggregates (one row per ticket type, one per time bucket), read in
 * the caller's tenant transaction. A standing admission is the exports' one rule (STANDING and
 * EFFECT of exports.repository.ts): karibu_moved_ticket(), not undone, the verdict that counted.
 */

export interface TypeCountsRow {
  type_no: number;
  name: string;
  /** Valid tickets: who is expected. */
  expected: number;
  /** Valid tickets admitted at least once (entry count above zero). */
  checked_in: number;
  inside: number;
}

export async function countsByType(trx: Trx, eventId: string): Promise<TypeCountsRow[]> {
  const { rows } = await sql<TypeCountsRow>`
    select tt.type_no, tt.name,
           count(t.id)::int as expected,
           (count(t.id) filter (where t.entry_count > 0))::int as checked_in,
           (count(t.id) filter (where t.presence = 'inside'))::int as inside
      from ticket_types tt
      left join tickets t on t.event_id = tt.event_id and t.ticket_type_id = tt.id and t.status = 'valid'
     where tt.event_id = ${eventId}
     group by tt.id, tt.type_no, tt.name
     order by tt.type_no`.execute(trx);
  return rows;
}

export interface ArrivalBucketRow {
  /** Start of the bucket, as seconds since the epoch of the venue's wall clock, divided by the width. */
  bucket: number;
  admissions: number;
}

/**
 * Standing admissions (re-entries included) per bucket of `bucketSeconds`, counted on the venue's
 * wall clock (`offsetSeconds` east of UTC) so that buckets start at :00, :10, … where the venue is,
 * even at +05:45.
 */
export async function admissionsPerBucket(trx: Trx, eventId: string, offsetSeconds: number, bucketSeconds: number): Promise<ArrivalBucketRow[]> {
  const { rows } = await sql<{ bucket: string | number; admissions: number }>`
    select floor((extract(epoch from s.effective_time) + ${offsetSeconds}) / ${bucketSeconds})::bigint as bucket, count(*)::int as admissions
      from scans s
     where s.event_id = ${eventId}
       and ${STANDING} and ${EFFECT} = 'admitted'
     group by 1
     order by 1`.execute(trx);
  return rows.map((r) => ({ bucket: Number(r.bucket), admissions: r.admissions }));
}

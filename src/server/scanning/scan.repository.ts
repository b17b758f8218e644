import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';
import type { LivePrincipalRow } from '../auth/principal.ts';
import type { ScanRecord, TargetKey, TargetRow } from '../judging/judging.types.ts';

/**
 * SQL of online check-ins, a batch at a time (migrations/0010): karibu_scan_open_batch reads the
 * live principals and LOCKS every ticket the batch names, karibu_scan_record_batch writes every
 * scan row and the tickets' new states together. Each is one PL/pgSQL call, so a batch costs two
 * round trips whatever its size.
 */



export interface OpenRow extends TargetRow, LivePrincipalRow {
  event_venue: string | null;
}

/** One scan of an online batch, as karibu_scan_open_batch() reads it (migrations/0010). */
export interface BatchOpenItem extends TargetKey {
  /** Position in the batch (rows come back in this order). */
  n: number;
  scan: string;
  staff: string;
  device: string | null;
  session: string;
  gate: string;
}

/** What karibu_scan_open_batch() returns per item: the live principal and the locked target. */
export interface BatchOpenRow extends OpenRow {
  n: number;
}

/** A scan row of karibu_scan_record_batch() (online scans only: never offline, no conflict). */
export interface BatchScanRow {
  id: string; ticket: string | null; device: string | null; staff: string | null; gate: string; direction: Direction;
  input: ScanRecord['inputKind']; verdict: Verdict; reason: string; deviceTime: Date | null; at: Date; response: unknown;
  attentionNote: string | null;
}

/** A ticket's state after the batch (its last change in the batch wins). */
export interface BatchStateRow {
  id: string; state: unknown; presence: 'inside' | 'outside'; entryCount: number; at: Date;
}

export function batchScanRow(r: ScanRecord): BatchScanRow {
  return {
    id: r.id, ticket: r.ticketId, device: r.deviceId, staff: r.staffId, gate: r.gateId, direction: r.direction, input: r.inputKind,
    verdict: r.verdict, reason: r.reason, deviceTime: r.deviceTime, at: r.effectiveTime, response: r.response,
    attentionNote: r.attentionNote,
  };
}

/** SQLSTATE of karibu_scan_record_batch() when a scan id of the batch was taken meanwhile. */
export const SCAN_IDS_TAKEN = 'KB409';

/** The taken scan ids of a KB409 error, with their stored answers when this organizer can see them. */
export function takenScanIds(err: unknown): Map<string, { event: string | null; response: unknown }> | undefined {
  const e = err as { code?: unknown; detail?: unknown } | null;
  if (e?.code !== SCAN_IDS_TAKEN || typeof e.detail !== 'string') return undefined;
  const taken = JSON.parse(e.detail) as { id: string; event: string | null; response: unknown }[] | null;
  return new Map((taken ?? []).map((t) => [t.id, { event: t.event, response: t.response }]));
}

/** Opens an online batch in the caller's transaction (Kysely; PGlite, or PostgreSQL without the raw pool). */
export async function openScanBatch(trx: Trx, tenantId: string, eventId: string, items: BatchOpenItem[]): Promise<BatchOpenRow[]> {
  const { rows } = await sql<BatchOpenRow>`select * from karibu_scan_open_batch(${tenantId}::uuid, ${eventId}::uuid,
    ${JSON.stringify(items)}::json)`.execute(trx);
  return rows;
}

/** Records an online batch in the caller's transaction; throws KB409 (see takenScanIds) instead of writing a partial batch. */
export async function recordScanBatch(trx: Trx, eventId: string, scans: BatchScanRow[], states: BatchStateRow[]): Promise<void> {
  await sql`select karibu_scan_record_batch(${eventId}::uuid, ${JSON.stringify(scans)}::json, ${JSON.stringify(states)}::json)`.execute(trx);
}


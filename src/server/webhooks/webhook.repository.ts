import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL for webhook endpoints, the delivery outbox and the attempt log. */

export interface EndpointRow {
  id: string; tenant_id: string; url: string; description: string | null; events: string[]; active: boolean;
  created_at: Date; updated_at: Date;
}

const ENDPOINT_COLUMNS = ['id', 'tenant_id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at'] as const;

export async function insertEndpoint(trx: Trx, row: {
  id: string; tenant_id: string; url: string; description: string | null; events: string[]; secret_enc: Uint8Array; created_by: string | null;
}): Promise<EndpointRow> {
  return trx.insertInto('webhook_endpoints').values(row).returning([...ENDPOINT_COLUMNS]).executeTakeFirstOrThrow();
}

export function listEndpoints(trx: Trx): Promise<EndpointRow[]> {
  return trx.selectFrom('webhook_endpoints').select([...ENDPOINT_COLUMNS]).orderBy('created_at').execute();
}

export function findEndpoint(trx: Trx, id: string): Promise<EndpointRow | undefined> {
  return trx.selectFrom('webhook_endpoints').select([...ENDPOINT_COLUMNS]).where('id', '=', id).executeTakeFirst();
}

export function updateEndpoint(trx: Trx, id: string, patch: {
  url?: string; description?: string | null; events?: string[]; active?: boolean; secret_enc?: Uint8Array;
}): Promise<EndpointRow | undefined> {
  return trx.updateTable('webhook_endpoints').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id)
    .returning([...ENDPOINT_COLUMNS]).executeTakeFirst();
}

export async function deleteEndpoint(trx: Trx, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface DeliveryRow {
  id: string; event_id: string; event_type: string; status: 'pending' | 'delivered' | 'failed'; attempts: number;
  next_attempt_at: Date; last_status_code: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null;
}

export function listDeliveries(trx: Trx, endpointId: string, opts: { status?: string | undefined; limit: number; before?: Date | undefined }): Promise<DeliveryRow[]> {
  let q = trx.selectFrom('webhook_deliveries')
    .select(['id', 'event_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'last_status_code', 'last_error', 'created_at', 'delivered_at'])
    .where('endpoint_id', '=', endpointId);
  if (opts.status) q = q.where('status', '=', opts.status as DeliveryRow['status']);
  if (opts.before) q = q.where('created_at', '<', opts.before);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export interface AttemptRow { delivery_id: string; attempt: number; at: Date; status_code: number | null; error: string | null; duration_ms: number }

export function listAttempts(trx: Trx, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('webhook_attempts').select(['delivery_id', 'attempt', 'at', 'status_code', 'error', 'duration_ms'])
    .where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('attempt').execute();
}

/** Makes a delivery due again now (a manual redelivery of a failed or pending one). */
export async function requeueDelivery(trx: Trx, endpointId: string, deliveryId: string): Promise<boolean> {
  const r = await trx.updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: sql`now()`, delivered_at: null })
    .where('id', '=', deliveryId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ----- dispatcher (runs as karibu_system: the outbox of every tenant) -----

export interface ClaimedDelivery {
  id: string; tenant_id: string; endpoint_id: string; event_id: string; event_type: string; payload: unknown;
  attempts: number; url: string; secret_enc: Uint8Array;
}

/**
 * Claims up to `limit` due deliveries of active endpoints: counts the attempt and pushes
 * next_attempt_at out by the lease, so other dispatchers (SKIP LOCKED now, the lease later)
 * leave them alone while they are in flight.
 */
export async function claimDueDeliveries(trx: Trx, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const result = await sql<ClaimedDelivery>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
       WHERE d.status = 'pending' AND d.next_attempt_at <= now()
       ORDER BY d.next_attempt_at
       LIMIT ${limit}
       FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_deliveries w
       SET attempts = w.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      FROM due, webhook_endpoints e
     WHERE w.id = due.id AND e.id = w.endpoint_id
    RETURNING w.id, w.tenant_id, w.endpoint_id, w.event_id, w.event_type, w.payload, w.attempts, e.url, e.secret_enc`.execute(trx);
  return result.rows;
}

export async function recordAttempt(trx: Trx, d: ClaimedDelivery, outcome: {
  statusCode: number | null; error: string | null; durationMs: number; delivered: boolean; giveUp: boolean; retryInMs: number;
}): Promise<void> {
  await trx.insertInto('webhook_attempts').values({
    tenant_id: d.tenant_id, delivery_id: d.id, attempt: d.attempts, status_code: outcome.statusCode,
    error: outcome.error, duration_ms: outcome.durationMs,
  }).execute();
  await trx.updateTable('webhook_deliveries').set({
    status: outcome.delivered ? 'delivered' : outcome.giveUp ? 'failed' : 'pending',
    last_status_code: outcome.statusCode,
    last_error: outcome.error,
    delivered_at: outcome.delivered ? sql`now()` : null,
    next_attempt_at: sql`now() + make_interval(secs => ${outcome.retryInMs / 1000})`,
  }).where('id', '=', d.id).execute();
}

/**
 * Housekeeping (any instance, any time; idempotent): expired idempotency keys, and finished
 * deliveries older than the log's retention. Bounded batches so it never holds locks for long.
 */
export async function purgeExpired(trx: Trx, deliveryRetentionDays: number): Promise<{ keys: number; deliveries: number }> {
  const keys = await sql`DELETE FROM idempotency_keys WHERE ctid IN (
      SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT 5000)`.execute(trx);
  const deliveries = await sql`DELETE FROM webhook_deliveries WHERE id IN (
      SELECT id FROM webhook_deliveries WHERE status <> 'pending'
         AND created_at < now() - make_interval(days => ${deliveryRetentionDays}) LIMIT 5000)`.execute(trx);
  return { keys: Number(keys.numAffectedRows ?? 0), deliveries: Number(deliveries.numAffectedRows ?? 0) };
}

import pg from 'pg';
import type { AppContext } from '../app-context.ts';
import { isConnectFailure, markConnectionFailures } from '../db/database-errors.ts';
import { DATABASE_UNREACHABLE } from '../http/api-error.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { BatchOpenItem, BatchOpenRow, BatchScanRow, BatchStateRow } from './scan.repository.ts';

/**
 * The online scan batch transaction on PostgreSQL (scan-batch.ts) in two round trips:
 *
 *   1. `BEGIN; SELECT * FROM karibu_scan_open_batch(…)` — enter the tenant, live principals, lock the tickets
 *   2. `SELECT karibu_scan_record_batch(…); COMMIT` — scan rows + ticket states, committed
 *
 * instead of four statements each waiting for the previous (BEGIN, open, record, COMMIT). The SQL
 * is the same functions the Kysely path calls (migrations/0010); only the transport differs: each
 * pair travels as one simple-protocol message, so its values are inlined as literals — every one
 * is a UUID checked here or a JSON document escaped by quoteLiteral (pg's escapeLiteral rules).
 *
 * Door scans get their own small pool (a bulkhead): an import or a manifest download on the main
 * pool can never leave the doors waiting for a connection.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FastScanPool {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, size: number) {
    this.pool = new pg.Pool({ connectionString, max: size, connectionTimeoutMillis: 5_000 });
    // A connection dropped by the server (restart, failover) is replaced on next use; never crash.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => { client.on('error', () => undefined); });
    // So a connection cut under a batch answers database_unavailable, not 500 (api-error.ts).
    markConnectionFailures(this.pool);
  }

  /** Runs one batch transaction; `fn` calls tx.openBatch() first and, when it writes, tx.recordAndCommit() last. */
  async transaction<T>(fn: (tx: FastScanTx) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      // A clear 503 lets the phone fall back to deciding offline; its message names the cause.
      if (isConnectFailure(err)) throw new DomainError('database_unavailable', DATABASE_UNREACHABLE);
      throw new DomainError('unavailable', 'The server is too busy to check this scan now; decide it offline and sync later.');
    }
    const tx = new FastScanTx(client);
    let broken: Error | undefined;
    try {
      const result = await fn(tx);
      // Answered without writing (replayed scan ids only): end the transaction, releasing the locks.
      if (tx.open) await client.query('ROLLBACK');
      return result;
    } catch (err) {
      if (tx.open) await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

export class FastScanTx {
  /** True between BEGIN and COMMIT. */
  open = false;

  constructor(private readonly client: pg.PoolClient) {}

  async openBatch(tenantId: string, eventId: string, items: BatchOpenItem[]): Promise<BatchOpenRow[]> {
    this.open = true;
    const results = await this.client.query(
      `BEGIN; SELECT * FROM karibu_scan_open_batch(${uuid(tenantId)}, ${uuid(eventId)}, ${quoteLiteral(JSON.stringify(items))}::json)`,
    ) as unknown as pg.QueryResult[];
    return (results[1]?.rows ?? []) as BatchOpenRow[];
  }

  async recordAndCommit(eventId: string, scans: BatchScanRow[], states: BatchStateRow[]): Promise<void> {
    await this.client.query(`SELECT karibu_scan_record_batch(${uuid(eventId)}, ${quoteLiteral(JSON.stringify(scans))}::json, `
      + `${quoteLiteral(JSON.stringify(states))}::json); COMMIT`);
    this.open = false;
  }
}

const QUOTE_OR_BACKSLASH = /['\\]/g;

/**
 * A string literal by pg's escapeLiteral rules — quotes and backslashes doubled, and the E'' form
 * when there is a backslash, so it reads the same whatever standard_conforming_strings says — but
 * with one regex replace instead of escapeLiteral's character-by-character concatenation (the
 * scan's JSON made that a few per cent of a scan's CPU).
 */
export function quoteLiteral(v: string): string {
  const body = v.replace(QUOTE_OR_BACKSLASH, '$&$&');
  return v.includes('\\') ? ` E'${body}'` : `'${body}'`;
}

function uuid(v: string | null): string {
  if (v === null) return 'NULL::uuid';
  if (!UUID.test(v)) throw new Error('not a UUID'); // unreachable: ids are schema-checked or ours
  return `'${v}'::uuid`;
}

const pools = new WeakMap<AppContext, FastScanPool>();

/** The app's door-scan pool on PostgreSQL; undefined on PGlite (one in-process connection anyway). */
export function fastScanPool(ctx: AppContext): FastScanPool | undefined {
  if (ctx.database.kind !== 'postgres' || !ctx.config.databaseUrl) return undefined;
  let pool = pools.get(ctx);
  if (!pool) pools.set(ctx, (pool = new FastScanPool(ctx.config.databaseUrl, ctx.config.databasePoolSize)));
  return pool;
}

export async function closeFastScanPool(ctx: AppContext): Promise<void> {
  const pool = pools.get(ctx);
  pools.delete(ctx);
  await pool?.end();
}

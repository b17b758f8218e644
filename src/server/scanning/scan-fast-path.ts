import pg from 'pg';
import type { AppContext } from '../app-context.ts';
import { DomainError } from '../shared/domain-error.ts';
import { recordArgs, recordOutcome, RECORD_ARG_TYPES, type OpenRow, type RecordOutcome, type RecordRow, type ScanRecord, type TargetKey } from './scan.repository.ts';

/**
 * The online scan transaction on PostgreSQL in two round trips:
 *
 *   1. `BEGIN; SELECT * FROM karibu_scan_open(…)` — enter the tenant, live principal, lock the ticket
 *   2. `SELECT * FROM karibu_scan_record(…); COMMIT` — scan row + ticket state, committed
 *
 * instead of four statements each waiting for the previous (BEGIN, open, record, COMMIT). The SQL
 * is the same functions the Kysely path calls (migrations/0003); only the transport differs: each
 * pair travels as one simple-protocol message, so its values are inlined as literals — every one
 * is a UUID or integer checked here, or text/JSON escaped by quoteLiteral (pg's escapeLiteral rules).
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
  }

  /** Runs one scan transaction; `fn` calls tx.begin() first and, when it writes, tx.recordAndCommit() last. */
  async transaction<T>(fn: (tx: FastScanTx) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch {
      // Overloaded or unreachable: a clear 503 lets the phone fall back to deciding offline.
      throw new DomainError('unavailable', 'The server is too busy to check this scan now; decide it offline and sync later.');
    }
    const tx = new FastScanTx(client);
    let broken: Error | undefined;
    try {
      const result = await fn(tx);
      // Answered without writing (a replayed scan id): end the transaction, releasing the lock.
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

  async begin(
    p: { tenantId: string; staffId: string; deviceId: string | null; sessionId: string },
    eventId: string, scanId: string, gateId: string, key: TargetKey,
  ): Promise<OpenRow | undefined> {
    this.open = true;
    const args = [uuid(p.tenantId), uuid(p.staffId), uuid(p.deviceId), uuid(p.sessionId), uuid(eventId), uuid(scanId), uuid(gateId),
      int(key.kid, 'bigint'), int(key.serial, 'integer'), this.text(key.code), this.text(key.pin)];
    const results = await this.client.query(`BEGIN; SELECT * FROM karibu_scan_open(${args.join(', ')})`) as unknown as pg.QueryResult[];
    return results[1]?.rows[0] as OpenRow | undefined;
  }

  async recordAndCommit(r: ScanRecord): Promise<RecordOutcome> {
    const args = recordArgs(r).map((v, i) => this.literal(v, RECORD_ARG_TYPES[i]!));
    const results = await this.client.query(`SELECT * FROM karibu_scan_record(${args.join(', ')}); COMMIT`) as unknown as pg.QueryResult[];
    this.open = false;
    return recordOutcome((results[0]?.rows ?? []) as RecordRow[]);
  }

  private text(v: string | null): string {
    return v === null ? 'NULL' : `${quoteLiteral(v)}::text`;
  }

  private literal(v: unknown, type: (typeof RECORD_ARG_TYPES)[number]): string {
    if (v === null || v === undefined) return `NULL::${type}`;
    switch (type) {
      case 'uuid': return uuid(v as string);
      case 'integer': return int(v as number, 'integer');
      case 'boolean': return v === true ? 'true' : 'false';
      case 'timestamptz': return `'${(v as Date).toISOString()}'::timestamptz`;
      case 'jsonb': return `${quoteLiteral(JSON.stringify(v))}::jsonb`;
      case 'text': return this.text(v as string);
    }
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

function int(v: number | null, type: 'integer' | 'bigint'): string {
  if (v === null) return `NULL::${type}`;
  if (!Number.isSafeInteger(v)) throw new Error('not an integer');
  return `${v}::${type}`;
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

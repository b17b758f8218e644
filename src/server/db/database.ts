import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { markConnectionFailures } from './database-errors.ts';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction on a raw session that can execute multi-statement SQL scripts. */
  scriptTransaction<T>(fn: (s: ScriptSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ScriptSession {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  exec(script: string): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when absent, an embedded PGlite database lives in `pgliteDir`. */
  databaseUrl?: string | undefined;
  pgliteDir: string;
  poolSize?: number;
  /** Errors of idle pooled connections (server restart, failover, admin termination). */
  onIdleError?: (err: Error) => void;
}

// int8 (counts, bigserial) as JS numbers: every value we store fits in 2^53.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      // A request must never hang on a dead database: fail fast and let /health/ready say so.
      connectionTimeoutMillis: 5_000,
    });
    // Without a listener, an idle connection killed by the server (restart, failover) would crash
    // the process. The pool drops that connection and opens a new one on the next query.
    pool.on('error', (err) => options.onIdleError?.(err));
    markConnectionFailures(pool);
    pool.on('connect', (client) => { client.on('error', (err) => options.onIdleError?.(err)); });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      ping: async () => { await sql`select 1`.execute(db); },
      scriptTransaction: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn({
            query: async (text, params) => (await client.query(text, params)).rows,
            // No parameters → simple query protocol, which accepts several statements.
            exec: async (script) => { await client.query(script); },
          });
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  // PGlite creates its own directory but not missing parents (a fresh DATA_DIR).
  await mkdir(options.pgliteDir, { recursive: true });
  const pglite = await PGlite.create(options.pgliteDir, {
    parsers: { [INT8_OID]: (v: string) => Number(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    ping: async () => { await sql`select 1`.execute(db); },
    scriptTransaction: (fn) => pglite.transaction((tx) => fn({
      query: async (text, params) => (await tx.query(text, params)).rows as never,
      exec: async (script) => { await tx.exec(script); },
    })),
    close: async () => { await db.destroy(); if (!pglite.closed) await pglite.close(); },
  };
}

/** The database of a configured server: PostgreSQL at DATABASE_URL, else PGlite in DATA_DIR/pglite. */
export function openConfiguredDatabase(
  config: { databaseUrl: string | undefined; dataDir: string; databasePoolSize: number },
  onIdleError?: (err: Error) => void,
): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, 'pglite'), poolSize: config.databasePoolSize, onIdleError,
  });
}

/**
 * Runs `fn` in a transaction that row-level security confines to one tenant: the role switches to
 * karibu_app and karibu.tenant_id is set, both transaction-local, in a single round trip.
 */
export function withTenant<T>(
  db: Db, tenantId: string, fn: (trx: Trx) => Promise<T>,
  options: { isolation?: 'read committed' | 'repeatable read' | 'serializable' } = {},
): Promise<T> {
  const builder = options.isolation ? db.transaction().setIsolationLevel(options.isolation) : db.transaction();
  return builder.execute(async (trx) => {
    await sql`select set_config('role', 'karibu_app', true), set_config('karibu.tenant_id', ${tenantId}, true)`.execute(trx);
    return fn(trx);
  });
}

/**
 * Runs `fn` as karibu_system, which sees every tenant. Only for lookups that happen before a tenant
 * is known (login by email, device and API-key tokens, attendee links) and for provisioning.
 */
export function asSystem<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'karibu_system', true)`.execute(trx);
    return fn(trx);
  });
}

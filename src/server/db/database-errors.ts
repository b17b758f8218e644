import type pg from 'pg';

/**
 * Whether an error means the database could not be reached (refused, reset, cut mid-query, shut
 * down, a connect that timed out) rather than that it refused what we asked. Those are answered
 * 503 `database_unavailable` with a message naming the cause — not "too busy", not a 500 — so a
 * door phone decides offline and an operator looks at the database, not at the server.
 *
 * A bare ECONNREFUSED or ECONNRESET says nothing about whose socket it was (SMTP, a webhook
 * receiver), so those count only when a database pool marked them (markConnectionFailures).
 */
const UNREACHABLE = Symbol('karibu.databaseUnreachable');
// node-postgres's own words for a socket that closed under a query or never finished connecting.
const LOST_CONNECTION = /^Connection terminated|^Client has encountered a connection error and is not queryable/;
// pg-pool's answer when every connection is busy for connectionTimeoutMillis: overload, not an outage.
const POOL_FULL = 'timeout exceeded when trying to connect';

export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; [UNREACHABLE]?: true } | null;
  if (!e || typeof e !== 'object') return false;
  if (e[UNREACHABLE]) return true;
  // SQLSTATE 08xxx connection exception; 57P01–57P03: shut down by an admin, after a crash, starting up.
  if (typeof e.code === 'string' && (/^08[0-9A-Z]{3}$/.test(e.code) || /^57P0[123]$/.test(e.code))) return true;
  return typeof e.message === 'string' && LOST_CONNECTION.test(e.message);
}

/** Whether a failed pool.connect() was the database being away (else: the pool was full). */
export function isConnectFailure(err: unknown): boolean {
  return (err as { message?: unknown } | null)?.message !== POOL_FULL;
}

const tag = (err: unknown) => {
  if (err && typeof err === 'object') (err as { [UNREACHABLE]?: true })[UNREACHABLE] = true;
};

/**
 * Marks, for isDatabaseUnreachable, the errors of this pool's connections: what `pool.connect()`
 * rejects with when the database is away (not a full pool), and a socket error of an open
 * connection (ECONNRESET, EPIPE), which node-postgres hands to the queries in flight as is. The
 * client emits that same error object right after failing its queries, before their rejections
 * are handled, so marking it in the listener costs a query nothing.
 */
export function markConnectionFailures(pool: pg.Pool): void {
  const original = pool.connect as (...args: unknown[]) => unknown;
  const wrapped = (...args: unknown[]) => {
    if (args.length > 0) return original.apply(pool, args); // callback form: not used by Kysely
    return (original.call(pool) as Promise<pg.PoolClient>).catch((err: unknown) => {
      if (isConnectFailure(err)) tag(err);
      throw err;
    });
  };
  pool.connect = wrapped as typeof pool.connect;
  pool.on('connect', (client) => { client.on('error', tag); });
}

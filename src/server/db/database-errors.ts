/**
 * Whether an error means the database could not be reached (refused, reset, cut mid-query, shut
 * down, a connect that timed out) rather than that it refused what we asked. Those are answered
 * 503 `database_unavailable` with a message naming the cause — not "too busy", not a 500 — so a
 * door phone decides offline and an operator looks at the database, not at the server.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres says these in words only (no code): a socket closed under a query, a connect that
// never finished. "timeout exceeded when trying to connect" is NOT here: that is a full pool.
const LOST_CONNECTION = /Connection terminated|connection timeout|Client has encountered a connection error|Connection is closed|not queryable/i;

export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return true;
    // SQLSTATE 08xxx connection exception; 57P01–57P03: shut down by an admin, after a crash, starting up.
    if (/^08[0-9A-Z]{3}$/.test(e.code) || e.code === '57P01' || e.code === '57P02' || e.code === '57P03') return true;
  }
  if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  // AggregateError from a dual-stack connect (localhost → ::1 and 127.0.0.1, both refused).
  const inner = (e as { errors?: unknown }).errors;
  return Array.isArray(inner) && inner.length > 0 && inner.every(isDatabaseUnreachable);
}

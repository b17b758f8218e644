import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, markConnectionFailures } from './database-errors.ts';

/** Which errors say "the database is away" (503 database_unavailable) and which do not. */
describe('database unreachable', () => {
  it('knows node-postgres and PostgreSQL connection failures, and no other socket error', () => {
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    // Not on their own: an SMTP server or a webhook receiver refuses connections too.
    expect(isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:587'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
    // A full pool is overload, and a refused value is the request's fault.
    expect(isDatabaseUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('marks what a pool says when its database refuses connections', async () => {
    // A port nothing listens on: every connect is refused.
    const closed = await new Promise<number>((res) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => res(p)); }); });
    const pool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${closed}/x`, connectionTimeoutMillis: 1_000 });
    markConnectionFailures(pool);
    const refused = await pool.connect().catch((e: unknown) => e); // as Kysely checks connections out
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnreachable(refused)).toBe(true);
    await pool.end();
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { testDatabaseKind } from '../support/test-app.ts';
import { copyPgliteTemplate, createPostgresDatabase } from '../support/template-db.ts';
import {
  CuttableProxy, doorLoad, freePort, livenessProbe, metric, OwnRedis, request, sleep, splitRequest, startServer, waitFor, waitedWhileServerAnswered, type Outcome, type SentScan, type ServerProcess,
} from './support/fault-kit.ts';
import { seedDoors } from './support/fault-seed.ts';

/**
 * The door keeps answering when what is behind the server fails, measured on the real process
 * under a door load of 200 scans/s (25 phones):
 *   1. Redis killed for 10 s, then back: no 5xx, no scan kept over 1 s while the server answered
 *      (a liveness probe beside the load tells a Redis wait from a stalled machine), readiness
 *      stays 200 with degraded: ["redis"], the metric and the log say it both ways, and Redis is
 *      used again.
 *   2. The database cut by a proxy (PostgreSQL only): clean 503 database_unavailable naming the
 *      database, recovery without a restart, and every scan answered as recorded is stored.
 *   3. SIGTERM under load: every request the server accepted gets its whole answer; exit 0.
 * Redis and the proxy are the test's own, on free ports: the shared ones are never touched.
 */
const RATE = 200;
const OUTAGE_MS = 10_000;

describe(`faults under door load (${testDatabaseKind})`, () => {
  let dataDir: string;
  let redis: OwnRedis;
  let proxy: CuttableProxy | undefined;
  let server: ServerProcess;
  let seeded: Awaited<ReturnType<typeof seedDoors>>;
  let dropDatabase: (() => Promise<void>) | undefined;
  let directUrl: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'karibu-faults-'));
    const masterKey = randomBytes(32).toString('base64');
    const env: Record<string, string> = { DATA_DIR: dataDir, KARIBU_MASTER_KEY: masterKey };
    let database: DatabaseHandle;
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (baseUrl) {
      const pg = await createPostgresDatabase(baseUrl);
      directUrl = pg.url;
      dropDatabase = pg.drop;
      database = await openDatabase({ databaseUrl: pg.url, pgliteDir: '', poolSize: 4 });
      env.DATABASE_URL = pg.url;
    } else {
      await copyPgliteTemplate(join(dataDir, 'pglite'));
      database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    }
    seeded = await seedDoors(database, env, { doors: 25, tickets: 300 });

    redis = new OwnRedis(await freePort());
    await redis.start();
    const serverEnv: Record<string, string> = { ...env, NODE_ENV: 'production', REDIS_URL: redis.url, TRUST_PROXY: 'true', SHUTDOWN_GRACE_MS: '20000' };
    if (directUrl) {
      // The server reaches PostgreSQL only through the proxy, so the test can cut it.
      const u = new URL(directUrl);
      proxy = new CuttableProxy(await freePort(), { host: u.hostname, port: Number(u.port || 5432) });
      await proxy.restore();
      u.host = `127.0.0.1:${proxy.port}`;
      serverEnv.DATABASE_URL = u.toString();
    }
    server = await startServer(serverEnv);
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) { server.child.kill('SIGKILL'); await server.exited; }
    await redis?.kill();
    await proxy?.cut();
    await dropDatabase?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ready = () => request(server.port, 'GET', '/health/ready', { timeoutMs: 15_000 });
  const metrics = async () => { const r = await request(server.port, 'GET', '/metrics', { timeoutMs: 15_000 }); return 'body' in r ? r.body : ''; };
  const body = (o: Outcome) => ('body' in o ? JSON.parse(o.body) as Record<string, any> : undefined);
  const summary = (scans: SentScan[]) => ({
    count: scans.length,
    fiveHundreds: scans.filter((s) => s.outcome.status >= 500).length,
    transportErrors: scans.filter((s) => s.outcome.status === 0).length,
    maxMs: Math.round(Math.max(...scans.map((s) => s.outcome.ms))),
    overOneSecond: scans.filter((s) => s.outcome.ms > 1_000).length,
  });

  it('keeps every door answering within a second while Redis is killed for 10 s, and goes back to Redis by itself', async () => {
    expect(body(await ready())).toEqual({ status: 'ok' });
    expect(metric(await metrics(), 'karibu_redis_up')).toBe(1);
    const load = doorLoad(server.port, seeded.doors, seeded.target, RATE);
    const live = livenessProbe(server.port);
    // Two seconds to warm up (a fresh process compiles its hot paths), then two measured seconds
    // with Redis up: the baseline.
    await sleep(2_000);
    const measuredFrom = Date.now();
    await sleep(2_000);
    await redis.kill();
    const outageStart = Date.now();
    await sleep(1_500);
    const during = await ready();
    const metricsDuring = await metrics();
    await sleep(OUTAGE_MS - (Date.now() - outageStart));
    await redis.start();
    const outageEnd = Date.now();
    let back = false;
    for (let i = 0; i < 100 && !back; i++) { back = body(await ready())?.degraded === undefined; if (!back) await sleep(100); }
    await sleep(2_000);
    const scans = await load.stop();
    const liveness = await live.stop();

    const all = summary(scans);
    const baseline = summary(scans.filter((s) => s.outcome.at >= measuredFrom && s.outcome.at < outageStart));
    const outageScans = scans.filter((s) => s.outcome.at >= outageStart && s.outcome.at <= outageEnd);
    const recoveryScans = scans.filter((s) => s.outcome.at > outageEnd);
    const outage = summary(outageScans);
    const recovery = summary(recoveryScans);
    console.log(`redis outage at ${RATE} scans/s: during the 10 s outage ${JSON.stringify(outage)}; with Redis up before it `
      + `${JSON.stringify(baseline)}; after it ${JSON.stringify(recovery)}; whole run with warm-up ${JSON.stringify(all)}`);
    expect(outage.count).toBeGreaterThan(RATE * (OUTAGE_MS / 1000) * 0.8);
    expect(all.fiveHundreds).toBe(0);
    if (baseline.overOneSecond === 0 && baseline.transportErrors === 0) {
      // The machine carried the load with Redis up, so neither the outage nor Redis's return may
      // keep a door waiting a second. A scan that did while the server answered its liveness route
      // quickly waited on the server's own doing (Redis); one that stalled together with that route
      // met a stall of the whole process or machine, which no Redis handling causes or cures.
      for (const [name, window] of [['outage', outageScans], ['recovery', recoveryScans]] as const) {
        expect(summary(window).transportErrors).toBe(0);
        const slow = window.filter((s) => s.outcome.ms > 1_000);
        const waited = waitedWhileServerAnswered(slow, liveness);
        expect(waited.map((s) => `sent ${s.outcome.at - outageEnd} ms after Redis restarted, answered in ${Math.round(s.outcome.ms)} ms`), name).toEqual([]);
        if (slow.length > 0) {
          const stalled = liveness.filter((h) => h.ms > 500).map((h) => `${h.at - outageEnd}:${Math.round(h.ms)}`);
          console.warn(`${name}: ${slow.length} answers over 1 s, each while the liveness route stalled too (probes sent ms after the restart:took ms ${stalled.join(' ')}); the server log on Redis: `
            + server.output().split('\n').filter((l) => l.includes('"msg":"redis')).join(' '));
        }
      }
    } else {
      // Starved by other work (a shared CI box): even with Redis up answers took over a second, so
      // the 1 s bound cannot be judged here; what Redis must not do is make things worse.
      console.warn(`the machine could not carry ${RATE} scans/s with Redis up (slowest ${baseline.maxMs} ms): judging the outage against that`);
      expect(outage.maxMs).toBeLessThan(Math.max(1_000, baseline.maxMs * 2));
    }
    // Every answer is a verdict (no 4xx either: Redis going away refuses nobody).
    expect(scans.filter((s) => s.outcome.status !== 200 && s.outcome.status !== 0).map((s) => body(s.outcome))).toEqual([]);

    expect(during.status).toBe(200);
    expect(body(during)).toEqual({ status: 'ok', degraded: ['redis'] });
    expect(metric(metricsDuring, 'karibu_redis_up')).toBe(0);
    expect(back).toBe(true);
    const after = await metrics();
    expect(metric(after, 'karibu_redis_up')).toBe(1);
    // Down once for the kill (a starved machine may add a spurious timeout, each one also undone),
    // up once at start and once after each down.
    const downs = metric(after, 'karibu_redis_transitions_total', 'to="down"')!;
    expect(downs).toBeGreaterThanOrEqual(1);
    expect(metric(after, 'karibu_redis_transitions_total', 'to="up"')).toBe(downs + 1);
    expect(server.output()).toMatch(/"msg":"redis unreachable: rate limits and the guessing lockout carry on in this process"/);
    expect(server.output()).toMatch(/"msg":"redis is back: rate limits and the guessing lockout are shared again"/);
    // Shared again: the restarted (empty) Redis holds the server's counters.
    const probe = new Redis(redis.url, { lazyConnect: true });
    await probe.connect();
    expect((await probe.keys('karibu:rl:*')).length).toBeGreaterThan(0);
    await probe.quit();
  }, 60_000);

  // The database cut exists only on PostgreSQL: PGlite is a library inside the server process,
  // with no connection between them for a proxy to cut (CI runs this file on both databases).
  if (testDatabaseKind === 'postgres') {
    it('answers 503 database_unavailable while the database is cut, recovers without a restart, and loses no recorded scan', async () => {
      const load = doorLoad(server.port, seeded.doors, seeded.target, RATE);
      await sleep(1_500);
      await proxy!.cut();
      const cutAt = Date.now();
      await sleep(1_000);
      const during = await ready();
      await sleep(2_000);
      await proxy!.restore();
      const restoredAt = Date.now();
      let recovered = false;
      for (let i = 0; i < 100 && !recovered; i++) { recovered = (await ready()).status === 200; if (!recovered) await sleep(100); }
      await sleep(2_000);
      const scans = await load.stop();

      console.log(`database cut at ${RATE} scans/s: ${JSON.stringify(summary(scans))}`);
      expect(during.status).toBe(503);
      expect(body(during)).toEqual({ error: { code: 'database_unavailable', message: expect.stringMatching(/database is unreachable/) } });
      expect(recovered).toBe(true);
      const refused = scans.filter((s) => s.outcome.status !== 200);
      expect(refused.length).toBeGreaterThan(0);
      for (const s of refused) {
        expect(s.outcome.status, JSON.stringify(s.outcome)).toBe(503);
        expect(body(s.outcome)).toEqual({ error: { code: 'database_unavailable', message: expect.stringMatching(/database is unreachable/) } });
      }
      // Back to normal without a restart: the last second is all answered.
      const lastSecond = scans.filter((s) => s.outcome.at > Date.now() - 1_500 && s.outcome.at > restoredAt);
      expect(lastSecond.length).toBeGreaterThan(RATE / 2);
      expect(lastSecond.filter((s) => s.outcome.status !== 200)).toEqual([]);
      // While cut (sent after it, answered before the restore), nothing is answered as recorded.
      const whileCut = scans.filter((s) => s.outcome.at > cutAt + 200 && s.outcome.at + s.outcome.ms < restoredAt);
      expect(whileCut.length).toBeGreaterThan(RATE);
      expect(whileCut.filter((s) => s.outcome.status !== 503).map((s) => s.outcome)).toEqual([]);
      // No scan lost: each one answered as recorded is in the database.
      const answered = scans.filter((s) => s.outcome.status === 200).map((s) => s.scanId);
      const db = await openDatabase({ databaseUrl: directUrl!, pgliteDir: '', poolSize: 2 });
      try {
        const stored = await asSystem(db.db, (trx) => trx.selectFrom('scans').select('id').where('id', 'in', answered).execute());
        expect(new Set(stored.map((r) => r.id)).size).toBe(answered.length);
      } finally {
        await db.close();
      }
    }, 60_000);
  }

  it('finishes every request it accepted when told SIGTERM under load, and exits 0', async () => {
    // A new connection per scan, so a request either reaches the server or is refused at connect.
    const logFrom = server.output().length;
    // One scan certainly in flight at the signal: its body is only half sent until after it. It
    // goes first, on the idle server, so its own log line says the server has read its headers.
    const door = seeded.doors[0]!;
    const held = splitRequest(server.port, `/api/v1/events/${seeded.target.eventId}/scans`,
      { scanId: randomUUID(), qr: seeded.target.tickets[0]!.qr, gateId: seeded.target.gateId, direction: 'in' },
      { authorization: `Bearer ${door.accessToken}`, 'x-forwarded-for': door.address });
    await waitFor(() => server.output().slice(logFrom).includes('"msg":"incoming request"'), 5_000);
    const load = doorLoad(server.port, seeded.doors, seeded.target, RATE, { agentless: true, timeoutMs: 30_000 });
    await sleep(1_000);
    server.child.kill('SIGTERM');
    await waitFor(() => server.output().slice(logFrom).includes('shutting down'), 5_000);
    held.finish();
    const heldOutcome = await held.outcome;
    const code = await server.exited;
    const scans = await load.stop();

    // This phase's lines only (earlier phases' clients may have given up on a request).
    const out = server.output().slice(logFrom);
    expect(code).toBe(0);
    expect(out).toContain('shutting down');
    const answered = scans.filter((s) => s.outcome.status !== 0);
    const failed = scans.filter((s) => s.outcome.status === 0 && !['ECONNREFUSED', 'ECONNRESET'].includes((s.outcome as { error: string }).error));
    console.log(`SIGTERM at ${RATE} scans/s: ${answered.length} answered, ${scans.length - answered.length} refused at connect, ${failed.length} failed`);
    expect(failed.map((s) => s.outcome)).toEqual([]);
    // Every answer is whole and a verdict.
    for (const s of answered) {
      expect(s.outcome.status).toBe(200);
      expect(body(s.outcome)).toMatchObject({ verdict: expect.any(String) });
    }
    // The scan in flight when the signal came was answered all the same, after it.
    expect(heldOutcome.status, JSON.stringify(heldOutcome)).toBe(200);
    expect(body(heldOutcome)).toMatchObject({ verdict: expect.any(String) });
    // The server's own log: every request it accepted (logged as incoming) was completed.
    const incoming = new Set([...out.matchAll(/"reqId":"([^"]+)"[^\n]*"msg":"incoming request"/g)].map((m) => m[1]));
    const completed = new Set([...out.matchAll(/"reqId":"([^"]+)"[^\n]*"msg":"request completed"/g)].map((m) => m[1]));
    expect(incoming.size).toBeGreaterThanOrEqual(answered.length);
    expect([...incoming].filter((id) => !completed.has(id))).toEqual([]);
  }, 60_000);
});

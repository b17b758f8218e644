import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, OwnRedis } from '../../../test/process/support/fault-kit.ts';
import { createMetrics } from '../observability/metrics.ts';
import { failoverRateLimitStore } from './rate-limit-store.ts';
import { openRedis, type RedisLink } from './redis.ts';

/**
 * The circuit in front of Redis, against a redis-server of the test's own (never the shared one):
 * a start with Redis down does not fail or wait, the link comes up when Redis does, and a limit
 * asked while Redis is gone is answered from the process at once.
 */
describe('redis link', () => {
  const links: RedisLink[] = [];
  const servers: OwnRedis[] = [];
  afterAll(async () => {
    for (const l of links) await l.close();
    for (const s of servers) await s.kill();
  });

  const waitFor = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  };
  const incr = (store: { incr: (k: string, cb: (e: Error | null, r?: { current: number }) => void, w: number, m: number) => void }, key: string) =>
    new Promise<number>((res, rej) => store.incr(key, (e, r) => (e ? rej(e) : res(r!.current)), 60_000, 100));

  it('starts without Redis, comes up when it does, and falls back to the process the moment it goes', async () => {
    const redis = new OwnRedis(await freePort());
    servers.push(redis);
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line)); } });
    const metrics = createMetrics();

    const started = performance.now();
    const link = await openRedis(redis.url, 'karibu-test:', log as never, metrics);
    links.push(link);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(link.up).toBe(false);

    const Store = failoverRateLimitStore(link, 'karibu-test-rl-');
    const store = new Store({} as never) as never;
    // Down: counted in the process, no error, no wait.
    const t0 = performance.now();
    expect(await incr(store, 'a')).toBe(1);
    expect(await incr(store, 'a')).toBe(2);
    expect(performance.now() - t0).toBeLessThan(50);

    await redis.start();
    expect(await waitFor(() => link.up, 5_000)).toBe(true);
    expect(await incr(store, 'a')).toBe(1); // a fresh window in Redis
    expect(await link.client.get('karibu-test-rl-a')).toBe('1');

    await redis.kill();
    // The first call after the kill may be the one that finds out; none waits or fails.
    const t1 = performance.now();
    const afterKill = await incr(store, 'a');
    expect(performance.now() - t1).toBeLessThan(600);
    expect(afterKill).toBeGreaterThanOrEqual(1);
    expect(await waitFor(() => !link.up, 2_000)).toBe(true);
    expect(await metrics.registry.getSingleMetricAsString('karibu_redis_up')).toMatch(/karibu_redis_up 0/);

    await redis.start();
    expect(await waitFor(() => link.up, 5_000)).toBe(true);
    const transitions = await metrics.registry.getSingleMetricAsString('karibu_redis_transitions_total');
    expect(transitions).toMatch(/to="down"} 1/);
    expect(transitions).toMatch(/to="up"} 2/);
    expect(lines.filter((l) => /^redis is back/.test(l.msg))).toHaveLength(2); // after the late start, and after the kill
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^redis unreachable at start/),
      expect.stringMatching(/^redis unreachable: /),
      expect.stringMatching(/^redis is back: /),
    ]));
  }, 30_000);
});

import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, OwnRedis } from '../../../test/process/support/fault-kit.ts';
import { createMetrics } from '../observability/metrics.ts';
import { openRedis, type RedisLink } from '../redis/redis.ts';
import { Lockout } from './lockout.ts';
import { MemoryStore, RedisStore } from './lockout-stores.ts';

/**
 * The guessing lockout when its Redis goes away (a redis-server of the test's own): it carries on
 * in the process without waiting, and a device blocked meanwhile stays blocked once Redis is back.
 */
describe('guessing lockout across a Redis outage', () => {
  let link: RedisLink | undefined;
  let redis: OwnRedis | undefined;
  afterAll(async () => { await link?.close(); await redis?.kill(); });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  it('counts in the process while Redis is down and hands the blocks made meanwhile back to Redis', async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    link = await openRedis(redis.url, 'karibu-test:', pino({ level: 'silent' }) as never, createMetrics());
    expect(link.up).toBe(true);
    const errors: unknown[] = [];
    const lockout = new Lockout(new RedisStore(link, new MemoryStore(), (err) => errors.push(err)),
      { windowMs: 60_000, slowAfter: 1_000, slowIntervalMs: 100, blockAfter: 3, blockMs: 120_000 });
    const device = randomUUID();
    expect(await lockout.reserve(device)).toEqual({ state: 'ok', count: 1 });

    await redis.kill();
    const started = performance.now();
    // In the process now: a fresh count, answered without waiting for Redis.
    const first = await lockout.reserve(device);
    expect(first.state).toBe('ok');
    expect(await until(() => !link!.up)).toBe(true);
    const r = await lockout.reserveBatch('tenant', device, 3);
    expect(performance.now() - started).toBeLessThan(600);
    expect(r).toMatchObject({ blocked: true });
    expect(await lockout.blockedSeconds(device)).toBeGreaterThan(100);

    await redis.start();
    expect(await until(() => link!.up)).toBe(true);
    // Read from Redis again, which now holds the block made during the outage.
    expect(await lockout.blockedSeconds(device)).toBeGreaterThan(100);
    expect(await link.client.pttl(`karibu-test:lockout:{${device}}:blocked`)).toBeGreaterThan(100_000);
    expect(errors).toEqual([]);
  }, 30_000);
});

import type { Redis } from 'ioredis';

/** Opens the shared Redis used for cross-instance rate limits, live feeds and replay caches. */
export async function openRedis(url: string): Promise<Redis> {
  // Loaded only when REDIS_URL is set: a single node never pays for it at start.
  const { Redis: RedisClient } = await import('ioredis');
  const redis = new RedisClient(url, {
    lazyConnect: true,
    // Fail a command quickly rather than queue it forever while Redis is away.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
  });
  await redis.connect();
  return redis;
}

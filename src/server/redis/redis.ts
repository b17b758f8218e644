import { Redis } from 'ioredis';

/** Opens the shared Redis used for cross-instance rate limits, live feeds and replay caches. */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail a command quickly rather than queue it forever while Redis is away.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
  });
  await redis.connect();
  return redis;
}

import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RedisLink } from './redis.ts';

/**
 * @fastify/rate-limit's store for every limit in the app (the per-address one in app.ts and the
 * per-principal ones of auth/auth-runtime.ts): the plugin's own Redis store while the link is up,
 * its own in-process store while it is down, switching per request on `link.up`. A command that
 * fails opens the circuit and the same request is counted in the process instead, so no request
 * goes unlimited and none fails because Redis did. Counts do not move between the two: after a
 * switch a window starts afresh, which lets a client at most one extra budget per outage.
 */
type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
interface PluginStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): PluginStore;
}
/** The plugin's Redis store, whose fields we read to call its script ourselves (version pinned). */
interface PluginRedisStore extends PluginStore {
  redis: { rateLimit(key: string, timeWindow: number, max: number, continueExceeding: boolean, exponentialBackoff: boolean, cb: (err: Error | null, result: [number, number]) => void): void };
  key: string;
  continueExceeding: boolean;
  exponentialBackoff: boolean;
}
type RedisStoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, redis: unknown, key?: string) => PluginRedisStore;
type LocalStoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => PluginStore;

// The plugin's stores are CommonJS files it does not export by name.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as RedisStoreCtor;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as LocalStoreCtor;

class FailoverStore implements PluginStore {
  constructor(private readonly link: RedisLink, private readonly shared: PluginRedisStore, private readonly local: PluginStore) {}

  // The plugin's RedisStore.incr, with the fallback in the one callback it makes anyway: the
  // circuit costs a request a field read, nothing more.
  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    if (!this.link.up) return this.local.incr(key, cb, timeWindow, max);
    const s = this.shared;
    s.redis.rateLimit(s.key + key, timeWindow, max, s.continueExceeding, s.exponentialBackoff, (err, result) => {
      if (!err) return cb(null, { current: result[0], ttl: result[1] });
      this.link.failed(err);
      this.local.incr(key, cb, timeWindow, max);
    });
  }

  read(key: string, cb: Callback, timeWindow: number, max: number): void {
    if (!this.link.up) return this.local.read!(key, cb, timeWindow, max);
    this.shared.read!(key, (err, result) => {
      if (!err) return cb(null, result);
      this.link.failed(err);
      this.local.read!(key, cb, timeWindow, max);
    }, timeWindow, max);
  }

  child(routeOptions: unknown): PluginStore {
    return new FailoverStore(this.link, this.shared.child(routeOptions) as PluginRedisStore, this.local.child(routeOptions));
  }
}

/** The `store` option for @fastify/rate-limit: Redis-shared with an in-process fallback. */
export function failoverRateLimitStore(link: RedisLink, nameSpace: string): FastifyRateLimitStoreCtor {
  return class {
    constructor(options: { continueExceeding?: boolean; exponentialBackoff?: boolean; cache?: number }) {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      return new FailoverStore(link,
        new RedisStore(continueExceeding, exponentialBackoff, link.client, nameSpace),
        new LocalStore(continueExceeding, exponentialBackoff, options.cache)) as unknown as FastifyRateLimitStore;
    }
  } as unknown as FastifyRateLimitStoreCtor;
}

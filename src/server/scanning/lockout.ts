import type { Redis } from 'ioredis';
import type { AppContext } from '../app-context.ts';

/**
 * Code-guessing defence per device. PINs are 6 digits: with 100,000 tickets in an event, one
 * random PIN in ten is somebody's. A device that submits many codes naming no ticket (unknown,
 * forged, malformed) in a short time is first slowed — one scan every few seconds — then blocked
 * for a while, and the organizer is told through the audit log. Honest doors never get near it:
 * a mistyped code now and then is a handful per hour.
 *
 * State lives in Redis when configured (every instance sees the same counts), else in process.
 */
export interface LockoutOptions {
  /** Unknown codes counted over this window (from the first one). */
  windowMs: number;
  /** From this many unknowns on, one attempt per slowIntervalMs. */
  slowAfter: number;
  slowIntervalMs: number;
  /** At this many unknowns, the device is blocked for blockMs. */
  blockAfter: number;
  blockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutOptions = {
  windowMs: 10 * 60_000, slowAfter: 10, slowIntervalMs: 3_000, blockAfter: 25, blockMs: 15 * 60_000,
};

export type LockoutCheck = { state: 'ok' } | { state: 'slowed' | 'blocked'; retryAfterSeconds: number };

interface Store {
  /** Unknown count in the window and remaining block time (ms, 0 = not blocked). */
  read(id: string): Promise<{ count: number; blockedMs: number }>;
  /** Claims the next slowed slot; false when the device must still wait. */
  takeSlot(id: string, intervalMs: number): Promise<boolean>;
  /** Counts one unknown; returns the new count. */
  increment(id: string, windowMs: number): Promise<number>;
  block(id: string, ms: number): Promise<void>;
}

export class Lockout {
  constructor(private readonly store: Store, public options: LockoutOptions = DEFAULT_LOCKOUT) {}

  async check(deviceId: string): Promise<LockoutCheck> {
    const { count, blockedMs } = await this.store.read(deviceId);
    if (blockedMs > 0) return { state: 'blocked', retryAfterSeconds: Math.ceil(blockedMs / 1000) };
    if (count >= this.options.slowAfter && !(await this.store.takeSlot(deviceId, this.options.slowIntervalMs))) {
      return { state: 'slowed', retryAfterSeconds: Math.ceil(this.options.slowIntervalMs / 1000) };
    }
    return { state: 'ok' };
  }

  /** Records an unknown code; true exactly once, when this one blocks the device. */
  async recordUnknown(deviceId: string): Promise<{ count: number; blocked: boolean }> {
    const count = await this.store.increment(deviceId, this.options.windowMs);
    if (count !== this.options.blockAfter) return { count, blocked: false };
    await this.store.block(deviceId, this.options.blockMs);
    return { count, blocked: true };
  }
}

class MemoryStore implements Store {
  private readonly counts = new Map<string, { n: number; until: number }>();
  private readonly blocked = new Map<string, number>();
  private readonly slots = new Map<string, number>();

  async read(id: string) {
    const now = Date.now();
    const c = this.counts.get(id);
    const until = this.blocked.get(id) ?? 0;
    return { count: c && c.until > now ? c.n : 0, blockedMs: Math.max(0, until - now) };
  }
  async takeSlot(id: string, intervalMs: number) {
    const now = Date.now();
    if ((this.slots.get(id) ?? 0) > now) return false;
    this.slots.set(id, now + intervalMs);
    return true;
  }
  async increment(id: string, windowMs: number) {
    const now = Date.now();
    const c = this.counts.get(id);
    const next = c && c.until > now ? { n: c.n + 1, until: c.until } : { n: 1, until: now + windowMs };
    if (this.counts.size > 100_000) this.counts.clear(); // bounded: an attacker cannot grow it forever
    this.counts.set(id, next);
    return next.n;
  }
  async block(id: string, ms: number) {
    this.blocked.set(id, Date.now() + ms);
  }
}

class RedisStore implements Store {
  constructor(private readonly redis: Redis) {}
  private key(id: string, part: string) { return `karibu:lockout:${id}:${part}`; }

  async read(id: string) {
    const res = await this.redis.multi().get(this.key(id, 'n')).pttl(this.key(id, 'blocked')).exec();
    const count = Number(res?.[0]?.[1] ?? 0) || 0;
    const pttl = Number(res?.[1]?.[1] ?? -2);
    return { count, blockedMs: pttl > 0 ? pttl : 0 };
  }
  async takeSlot(id: string, intervalMs: number) {
    return (await this.redis.set(this.key(id, 'slot'), '1', 'PX', intervalMs, 'NX')) === 'OK';
  }
  async increment(id: string, windowMs: number) {
    // SET … NX starts the window on the first unknown; INCR keeps the TTL.
    const res = await this.redis.multi().set(this.key(id, 'n'), '0', 'PX', windowMs, 'NX').incr(this.key(id, 'n')).exec();
    return Number(res?.[1]?.[1] ?? 0);
  }
  async block(id: string, ms: number) {
    await this.redis.set(this.key(id, 'blocked'), '1', 'PX', ms);
  }
}

const instances = new WeakMap<AppContext, Lockout>();

/** The app's lockout (Redis-backed when REDIS_URL is set). Tests may change `options`. */
export function lockoutOf(ctx: AppContext): Lockout {
  let lockout = instances.get(ctx);
  if (!lockout) instances.set(ctx, (lockout = new Lockout(ctx.redis ? new RedisStore(ctx.redis) : new MemoryStore())));
  return lockout;
}

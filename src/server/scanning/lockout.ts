import type { Redis } from 'ioredis';
import type { AppContext } from '../app-context.ts';

/**
 * Code-guessing defence per device. PINs are 6 digits: with 100,000 tickets in an event, one
 * random PIN in ten is somebody's. A device that submits many codes naming no ticket (unknown,
 * forged, malformed) in a short time is first slowed — one scan every few seconds — then blocked
 * for a while, and the organizer is told through the audit log. Honest doors never get near it:
 * a mistyped code now and then is a handful per hour.
 *
 * Reserve, then judge: a scan takes one unit of the device's budget BEFORE it is judged and gives
 * it back when it named a ticket. Checking first and counting afterwards let every request in
 * flight together pass the check (60 PINs sent at once were all answered); with the reservation
 * the budget bounds how many unknown codes ever get an answer, however they are sent.
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

/** A reserved unit (`count` = the device's units counted with it), or why none was given. */
export type Reservation = { state: 'ok'; count: number } | { state: 'slowed' | 'blocked'; retryAfterSeconds: number };

/** What a store's atomic reservation answers. */
type Reserved = { ok: true; count: number } | { ok: false; why: 'blocked'; blockedMs: number } | { ok: false; why: 'slowed' | 'over' };

interface ReserveRule {
  windowMs: number;
  /** From this count on, a reservation also needs the slowed slot (one per slowIntervalMs). */
  slowAfter: number;
  slowIntervalMs: number;
  /** A reservation that would take the count past this is refused ('over'), counting nothing. */
  limit: number;
}

interface Store {
  /** Atomically: refuse when blocked, over the limit or slowed; else add `units` (starting the window). */
  reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved>;
  /** Gives units back (never below zero, never restarting an expired window). */
  release(id: string, units: number): Promise<void>;
  /** Blocks the device; true when it was not blocked already (so the audit entry is written once). */
  block(id: string, ms: number): Promise<boolean>;
  /** Remaining block time (ms, 0 = not blocked). */
  blockedMs(id: string): Promise<number>;
}

// A number Lua and JSON both carry exactly, standing in for "no slowing" (tests set huge limits).
const NEVER = Number.MAX_SAFE_INTEGER;

export class Lockout {
  constructor(private readonly store: Store, public options: LockoutOptions = DEFAULT_LOCKOUT) {}

  /** One unit for one scan about to be judged; release() it when the scan named a ticket. */
  async reserve(deviceId: string): Promise<Reservation> {
    const o = this.options;
    const r = await this.store.reserve(deviceId, 1, { windowMs: o.windowMs, slowAfter: o.slowAfter, slowIntervalMs: o.slowIntervalMs, limit: o.blockAfter });
    if (r.ok) return { state: 'ok', count: r.count };
    if (r.why === 'blocked') return { state: 'blocked', retryAfterSeconds: Math.ceil(r.blockedMs / 1000) };
    // 'over': the rest of the budget is held by scans still being judged; ask again shortly.
    return { state: 'slowed', retryAfterSeconds: Math.ceil(o.slowIntervalMs / 1000) };
  }

  release(deviceId: string, units = 1): Promise<void> {
    return units > 0 ? this.store.release(deviceId, units) : Promise.resolve();
  }

  /**
   * The reserved scan named no ticket: its unit stays counted. Blocks the device when that unit was
   * the last of the budget; `blocked` is true exactly once per block.
   */
  async settleUnknown(deviceId: string, count: number): Promise<{ count: number; blocked: boolean }> {
    if (count < this.options.blockAfter) return { count, blocked: false };
    return { count, blocked: await this.store.block(deviceId, this.options.blockMs) };
  }

  /**
   * An offline batch's unknown codes, counted together before its answers are given. 'over' means
   * the batch holds more unknowns than the device has budget left: the device is blocked
   * (`blocked` true when newly) and the caller must refuse the whole batch, answering nothing.
   */
  async reserveBatch(deviceId: string, units: number): Promise<{ state: 'ok'; count: number; blocked: boolean } | { state: 'over'; blocked: boolean } | { state: 'blocked'; retryAfterSeconds: number }> {
    const o = this.options;
    if (units <= 0) return { state: 'ok', count: 0, blocked: false };
    const r = await this.store.reserve(deviceId, units, { windowMs: o.windowMs, slowAfter: NEVER, slowIntervalMs: o.slowIntervalMs, limit: o.blockAfter });
    if (r.ok) return { state: 'ok', count: r.count, blocked: r.count >= o.blockAfter ? await this.store.block(deviceId, o.blockMs) : false };
    if (r.why === 'blocked') return { state: 'blocked', retryAfterSeconds: Math.ceil(r.blockedMs / 1000) };
    return { state: 'over', blocked: await this.store.block(deviceId, o.blockMs) };
  }

  /** Seconds until the device's block ends (0 = not blocked). */
  async blockedSeconds(deviceId: string): Promise<number> {
    return Math.ceil((await this.store.blockedMs(deviceId)) / 1000);
  }
}

class MemoryStore implements Store {
  private readonly counts = new Map<string, { n: number; until: number }>();
  private readonly blocked = new Map<string, number>();
  private readonly slots = new Map<string, number>();

  // No await inside: each call runs to completion before another starts, so it is atomic.
  async reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved> {
    const now = Date.now();
    const blockedMs = (this.blocked.get(id) ?? 0) - now;
    if (blockedMs > 0) return { ok: false, why: 'blocked', blockedMs };
    const c = this.counts.get(id);
    const n = c && c.until > now ? c.n : 0;
    if (n + units > rule.limit) return { ok: false, why: 'over' };
    if (n >= rule.slowAfter) {
      if ((this.slots.get(id) ?? 0) > now) return { ok: false, why: 'slowed' };
      this.slots.set(id, now + rule.slowIntervalMs);
    }
    if (this.counts.size > 100_000) this.counts.clear(); // bounded: an attacker cannot grow it forever
    this.counts.set(id, { n: n + units, until: c && c.until > now ? c.until : now + rule.windowMs });
    return { ok: true, count: n + units };
  }
  async release(id: string, units: number) {
    const c = this.counts.get(id);
    if (c && c.until > Date.now()) c.n = Math.max(0, c.n - units);
  }
  async block(id: string, ms: number) {
    const now = Date.now();
    const was = (this.blocked.get(id) ?? 0) > now;
    if (!was) this.blocked.set(id, now + ms);
    return !was;
  }
  async blockedMs(id: string) {
    return Math.max(0, (this.blocked.get(id) ?? 0) - Date.now());
  }
}

// KEYS: count, blocked, slot. ARGV: units, windowMs, slowAfter, slowIntervalMs, limit.
const RESERVE_LUA = `
local b = redis.call('PTTL', KEYS[2])
if b > 0 then return {'blocked', b} end
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
local units = tonumber(ARGV[1])
if n + units > tonumber(ARGV[5]) then return {'over', 0} end
if n >= tonumber(ARGV[3]) then
  if not redis.call('SET', KEYS[3], '1', 'PX', ARGV[4], 'NX') then return {'slowed', 0} end
end
redis.call('SET', KEYS[1], '0', 'PX', ARGV[2], 'NX')
return {'ok', redis.call('INCRBY', KEYS[1], units)}`;
// Never below zero, and never on an expired window (DECRBY would recreate the key without a TTL).
const RELEASE_LUA = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return 0 end
return redis.call('DECRBY', KEYS[1], math.min(n, tonumber(ARGV[1])))`;

type ScriptedRedis = Redis & {
  karibuLockoutReserve(...args: (string | number)[]): Promise<[string, number]>;
  karibuLockoutRelease(...args: (string | number)[]): Promise<number>;
};

class RedisStore implements Store {
  private readonly redis: ScriptedRedis;
  constructor(redis: Redis) {
    // defineCommand runs the scripts by EVALSHA (loading them once), not their text on every scan.
    redis.defineCommand('karibuLockoutReserve', { numberOfKeys: 3, lua: RESERVE_LUA });
    redis.defineCommand('karibuLockoutRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
    this.redis = redis as ScriptedRedis;
  }
  // The {id} hash tag keeps a device's keys in one slot, so the scripts also run on Redis Cluster.
  private key(id: string, part: string) { return `karibu:lockout:{${id}}:${part}`; }

  async reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved> {
    const [what, value] = await this.redis.karibuLockoutReserve(this.key(id, 'n'), this.key(id, 'blocked'), this.key(id, 'slot'),
      units, rule.windowMs, rule.slowAfter, rule.slowIntervalMs, rule.limit);
    if (what === 'ok') return { ok: true, count: Number(value) };
    if (what === 'blocked') return { ok: false, why: 'blocked', blockedMs: Number(value) };
    return { ok: false, why: what === 'over' ? 'over' : 'slowed' };
  }
  async release(id: string, units: number) {
    await this.redis.karibuLockoutRelease(this.key(id, 'n'), units);
  }
  async block(id: string, ms: number) {
    return (await this.redis.set(this.key(id, 'blocked'), '1', 'PX', ms, 'NX')) === 'OK';
  }
  async blockedMs(id: string) {
    const pttl = await this.redis.pttl(this.key(id, 'blocked'));
    return pttl > 0 ? pttl : 0;
  }
}

const instances = new WeakMap<AppContext, Lockout>();

/** The app's lockout (Redis-backed when REDIS_URL is set). Tests may change `options`. */
export function lockoutOf(ctx: AppContext): Lockout {
  let lockout = instances.get(ctx);
  if (!lockout) instances.set(ctx, (lockout = new Lockout(ctx.redis ? new RedisStore(ctx.redis) : new MemoryStore())));
  return lockout;
}

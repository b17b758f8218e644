import type { Redis } from 'ioredis';
import type { RedisLink } from '../redis/redis.ts';

/**
 * Where the guessing lockout (lockout.ts) keeps its counts and blocks:
 *   - no Redis: in this process, blocks also written to the database (BlockLedger) so a restart of
 *     a single node does not lift them;
 *   - Redis: in Redis, shared by every instance; while Redis is unreachable, in this process
 *     (RedisStore falls back to a MemoryStore), and the blocks made meanwhile are handed to Redis
 *     when it is back.
 */

export interface ReserveRule {
  windowMs: number;
  /** From this count on, a reservation also needs the slowed slot (one per slowIntervalMs). */
  slowAfter: number;
  slowIntervalMs: number;
  /** A reservation that would take the count past this is refused ('over'), counting nothing. */
  limit: number;
}

/** What a store's atomic reservation answers. */
export type Reserved = { ok: true; count: number } | { ok: false; why: 'blocked'; blockedMs: number } | { ok: false; why: 'slowed' | 'over' };

export interface Store {
  /** Atomically: refuse when blocked, over the limit or slowed; else add `units` (starting the window). */
  reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved>;
  /** Gives units back (never below zero, never restarting an expired window). */
  release(id: string, units: number): Promise<void>;
  /** Blocks the device; true when it was not blocked already (so the audit entry is written once). */
  block(id: string, ms: number, tenantId: string): Promise<boolean>;
  /** Remaining block time (ms, 0 = not blocked). */
  blockedMs(id: string): Promise<number>;
}

/** Durable copy of the blocks for a node without Redis. */
export interface BlockLedger {
  /** Blocks still running: device id → end (epoch ms). */
  load(): Promise<Map<string, number>>;
  save(tenantId: string, deviceId: string, until: number): Promise<void>;
}

export class MemoryStore implements Store {
  private readonly counts = new Map<string, { n: number; until: number }>();
  readonly blocked = new Map<string, number>();
  private readonly slots = new Map<string, number>();
  /** Set until the ledger's blocks are in: the first calls after a start wait for them, no later ones. */
  private loading: Promise<void> | null = null;

  constructor(private readonly ledger?: BlockLedger, private readonly onLedgerError: (err: unknown) => void = () => undefined) {
    if (ledger) {
      this.loading = ledger.load().then((blocks) => {
        for (const [id, until] of blocks) if (until > (this.blocked.get(id) ?? 0)) this.blocked.set(id, until);
      }, onLedgerError).finally(() => { this.loading = null; });
    }
  }

  // Nothing awaited after the state is read: each call runs to completion before another starts,
  // so it is atomic.
  async reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved> {
    if (this.loading) await this.loading;
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
  async block(id: string, ms: number, tenantId: string) {
    if (this.loading) await this.loading;
    const now = Date.now();
    const was = (this.blocked.get(id) ?? 0) > now;
    if (was) return false;
    this.blocked.set(id, now + ms);
    // Not awaited: an offline upload blocks inside its own transaction, and PGlite has one
    // connection. The block holds in memory at once; the row follows within milliseconds.
    if (this.ledger) void this.ledger.save(tenantId, id, now + ms).catch(this.onLedgerError);
    return true;
  }
  async blockedMs(id: string) {
    if (this.loading) await this.loading;
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

/**
 * Redis while the link is up, this process while it is down. The fallback sits inside each
 * method's own try (no wrapper, no extra promise per scan): a command that fails opens the circuit
 * and the same call is answered from the process, so only scans in flight when Redis went wait,
 * at most one command timeout.
 */
export class RedisStore implements Store {
  private readonly redis: ScriptedRedis;
  constructor(private readonly link: RedisLink, private readonly local: MemoryStore, onHandBackError: (err: unknown) => void) {
    const redis = link.client;
    // defineCommand runs the scripts by EVALSHA (loading them once, again after a Redis restart),
    // not their text on every scan.
    redis.defineCommand('karibuLockoutReserve', { numberOfKeys: 3, lua: RESERVE_LUA });
    redis.defineCommand('karibuLockoutRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
    this.redis = redis as ScriptedRedis;
    link.onUp(() => {
      // Blocks made during the outage go to Redis, or its return would lift them. Counts are not
      // carried over: a window restarts, at most one extra budget per outage.
      const now = Date.now();
      for (const [id, until] of local.blocked) {
        if (until > now) this.redis.set(this.key(id, 'blocked'), '1', 'PX', until - now, 'NX').catch(onHandBackError);
      }
      local.blocked.clear();
    });
  }
  // The {id} hash tag keeps a device's keys in one slot, so the scripts also run on Redis Cluster.
  private key(id: string, part: string) { return `${this.link.keyPrefix}lockout:{${id}}:${part}`; }

  async reserve(id: string, units: number, rule: ReserveRule): Promise<Reserved> {
    if (!this.link.up) return this.local.reserve(id, units, rule);
    let answer: [string, number];
    try {
      answer = await this.redis.karibuLockoutReserve(this.key(id, 'n'), this.key(id, 'blocked'), this.key(id, 'slot'),
        units, rule.windowMs, rule.slowAfter, rule.slowIntervalMs, rule.limit);
    } catch (err) {
      this.link.failed(err);
      return this.local.reserve(id, units, rule);
    }
    const [what, value] = answer;
    if (what === 'ok') return { ok: true, count: Number(value) };
    if (what === 'blocked') return { ok: false, why: 'blocked', blockedMs: Number(value) };
    return { ok: false, why: what === 'over' ? 'over' : 'slowed' };
  }
  async release(id: string, units: number) {
    if (!this.link.up) return this.local.release(id, units);
    try {
      await this.redis.karibuLockoutRelease(this.key(id, 'n'), units);
    } catch (err) {
      this.link.failed(err);
      return this.local.release(id, units);
    }
  }
  async block(id: string, ms: number, tenantId: string) {
    if (!this.link.up) return this.local.block(id, ms, tenantId);
    try {
      return (await this.redis.set(this.key(id, 'blocked'), '1', 'PX', Math.max(1, Math.round(ms)), 'NX')) === 'OK';
    } catch (err) {
      this.link.failed(err);
      return this.local.block(id, ms, tenantId);
    }
  }
  async blockedMs(id: string) {
    if (!this.link.up) return this.local.blockedMs(id);
    try {
      const pttl = await this.redis.pttl(this.key(id, 'blocked'));
      return pttl > 0 ? pttl : 0;
    } catch (err) {
      this.link.failed(err);
      return this.local.blockedMs(id);
    }
  }
}

import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant } from '../db/database.ts';
import type { ScanInput } from './scan-input.ts';
import { activeDeviceBlocks, saveDeviceBlock } from './lockout.repository.ts';
import { MemoryStore, RedisStore, type BlockLedger, type Store } from './lockout-stores.ts';

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
 * State lives in Redis when configured (every instance sees the same counts; in process while
 * Redis is unreachable), else in process with the blocks also in the database, so restarting a
 * single node does not lift them (lockout-stores.ts).
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
  async settleUnknown(tenantId: string, deviceId: string, count: number): Promise<{ count: number; blocked: boolean }> {
    if (count < this.options.blockAfter) return { count, blocked: false };
    return { count, blocked: await this.store.block(deviceId, this.options.blockMs, tenantId) };
  }

  /**
   * An offline batch's unknown codes, counted together before its answers are given. 'over' means
   * the batch holds more unknowns than the device has budget left: the device is blocked
   * (`blocked` true when newly) and the caller must refuse the whole batch, answering nothing.
   */
  async reserveBatch(tenantId: string, deviceId: string, units: number): Promise<{ state: 'ok'; count: number; blocked: boolean } | { state: 'over'; blocked: boolean } | { state: 'blocked'; retryAfterSeconds: number }> {
    const o = this.options;
    if (units <= 0) return { state: 'ok', count: 0, blocked: false };
    const r = await this.store.reserve(deviceId, units, { windowMs: o.windowMs, slowAfter: NEVER, slowIntervalMs: o.slowIntervalMs, limit: o.blockAfter });
    if (r.ok) return { state: 'ok', count: r.count, blocked: r.count >= o.blockAfter ? await this.store.block(deviceId, o.blockMs, tenantId) : false };
    if (r.why === 'blocked') return { state: 'blocked', retryAfterSeconds: Math.ceil(r.blockedMs / 1000) };
    return { state: 'over', blocked: await this.store.block(deviceId, o.blockMs, tenantId) };
  }

  /** Seconds until the device's block ends (0 = not blocked). */
  async blockedSeconds(deviceId: string): Promise<number> {
    return Math.ceil((await this.store.blockedMs(deviceId)) / 1000);
  }
}

/**
 * The guess rule: whether a judged scan spends its unit of the device's guessing budget. The one
 * place that says it, for online scans and offline uploads alike; they differ on purpose:
 *
 *   - online, every answer that names no ticket counts — an unknown code, PIN or serial, a forged
 *     QR (bad_signature), unreadable text (malformed) — whatever was presented: the sender learns
 *     the answer at once and can try again at once;
 *   - in an upload, only a typed code or PIN that names no ticket counts. Those are what a guesser
 *     invents (and could upload as "admitted" to learn which exist). A QR was already checked on
 *     the phone before it was queued, the server's answer tells nothing the phone did not know,
 *     and a door that was offline all evening can hold many honest refusals (screenshots of fake
 *     tickets) that must not block it when it finally syncs. A serial picked by name does not
 *     count either: serials are sequential, not secret, and only a device that holds the clear
 *     guest list may upload one (sync/upload.service.ts), so there is nothing left to guess.
 */
export function countsAsGuess(path: 'online' | 'upload', kind: ScanInput['kind'], reason: string): boolean {
  if (path === 'upload') return (kind === 'code' || kind === 'pin') && reason === 'unknown_ticket';
  return reason === 'unknown_ticket' || reason === 'bad_signature' || reason === 'malformed';
}

const instances = new WeakMap<AppContext, Lockout>();

/** The app's lockout (Redis-backed when REDIS_URL is set). Tests may change `options`. */
export function lockoutOf(ctx: AppContext): Lockout {
  let lockout = instances.get(ctx);
  if (!lockout) instances.set(ctx, (lockout = new Lockout(storeFor(ctx))));
  return lockout;
}

function storeFor(ctx: AppContext): Store {
  const report = (what: string) => (err: unknown) => ctx.log.error({ err }, what);
  if (ctx.redis) {
    return new RedisStore(ctx.redis, new MemoryStore(), report('handing lockout blocks to redis failed'));
  }
  const ledger: BlockLedger = {
    load: async () => new Map((await asSystem(ctx.db, (trx) => activeDeviceBlocks(trx, new Date())))
      .map((row) => [row.device_id, new Date(row.blocked_until).getTime()])),
    save: (tenantId, deviceId, until) => withTenant(ctx.db, tenantId, (trx) => saveDeviceBlock(trx, tenantId, deviceId, new Date(until))),
  };
  return new MemoryStore(ledger, report('lockout block ledger failed'));
}

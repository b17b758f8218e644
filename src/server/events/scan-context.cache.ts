import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { loadScanContext, type ScanContext } from './event-policy.service.ts';

/**
 * An event's scan context (policy, zone order, gates, types) changes rarely and costs four queries
 * to load, so each process keeps it for a few seconds. What must be exact is read live in the scan
 * transaction instead: the ticket, its type's zones, the gate's zone, the signing key's status.
 * A policy edit therefore reaches online scans within TTL_MS.
 */
const TTL_MS = 5_000;

export class ScanContexts {
  private readonly entries = new Map<string, { value: ScanContext; until: number }>();
  private readonly loading = new Map<string, Promise<ScanContext | undefined>>();

  /**
   * For callers outside a transaction (the online fast path): one load per event at a time, however
   * many doors ask at once, and an expired entry keeps answering while one request refreshes it —
   * no stampede of reloads every TTL_MS at 2,000 scans/s.
   */
  async getOrLoad(tenantId: string, eventId: string, load: () => Promise<ScanContext | undefined>, now = Date.now()): Promise<ScanContext | undefined> {
    const hit = this.entries.get(eventId);
    if (hit && hit.until > now) return hit.value;
    // Loads run under the caller's tenant (RLS): another organizer's load finds nothing, and that
    // answer must not be shared with this organizer's requests. Found contexts are cached by event.
    const loadKey = `${tenantId}:${eventId}`;
    let pending = this.loading.get(loadKey);
    if (!pending) {
      pending = load().then((value) => {
        if (value) this.remember(eventId, value, Date.now());
        return value;
      }).finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, pending);
    }
    if (hit) {
      pending.catch(() => undefined); // a failed refresh leaves the stale entry; the next request retries
      return hit.value;
    }
    return pending;
  }

  private remember(eventId: string, value: ScanContext, now: number): void {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(eventId, { value, until: now + TTL_MS });
  }

  /** The context, loaded with `trx` (a transaction in the event's tenant) when not cached. */
  async get(trx: Trx, eventId: string, now = Date.now()): Promise<ScanContext | undefined> {
    const hit = this.entries.get(eventId);
    if (hit && hit.until > now) return hit.value;
    const value = await loadScanContext(trx, eventId);
    if (value) this.remember(eventId, value, now);
    return value;
  }

  /** Forget an event (after a policy or gate change in this process). */
  invalidate(eventId: string): void {
    this.entries.delete(eventId);
  }
}

const caches = new WeakMap<AppContext, ScanContexts>();

/** The per-app cache (tests build many apps in one process). */
export function scanContexts(ctx: AppContext): ScanContexts {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new ScanContexts()));
  return cache;
}

/**
 * The event's scan context for a caller outside a transaction (an online scan, its photo flag):
 * the cached one, else loaded in the caller's tenant, one load per event at a time.
 */
export function eventScanContext(ctx: AppContext, tenantId: string, eventId: string): Promise<ScanContext | undefined> {
  return scanContexts(ctx).getOrLoad(tenantId, eventId, () => withTenant(ctx.db, tenantId, (trx) => loadScanContext(trx, eventId)));
}

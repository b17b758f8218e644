import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';
import { loadScanContext, type ScanContext } from '../events/event-policy.service.ts';

/**
 * An event's scan context (policy, zone order, gates, types) changes rarely and costs four queries
 * to load, so each process keeps it for a few seconds. What must be exact is read live in the scan
 * transaction instead: the ticket, its type's zones, the gate's zone, the signing key's status.
 * A policy edit therefore reaches online scans within TTL_MS.
 */
const TTL_MS = 5_000;

export class ScanContexts {
  private readonly entries = new Map<string, { value: ScanContext; until: number }>();

  /** The context, loaded with `trx` (a transaction in the event's tenant) when not cached. */
  async get(trx: Trx, eventId: string, now = Date.now()): Promise<ScanContext | undefined> {
    const hit = this.entries.get(eventId);
    if (hit && hit.until > now) return hit.value;
    const value = await loadScanContext(trx, eventId);
    if (!value) return undefined;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(eventId, { value, until: now + TTL_MS });
    return value;
  }

  /** The cached context when still fresh, without touching the database. */
  peek(eventId: string, now = Date.now()): ScanContext | undefined {
    const hit = this.entries.get(eventId);
    return hit && hit.until > now ? hit.value : undefined;
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

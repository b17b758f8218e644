import type { AppContext } from '../app-context.ts';
import { asSystem } from '../db/database.ts';

/**
 * Which event a QR's key id belongs to, across all organizers. A scan's own transaction runs under
 * the scanning organizer's row-level security, where another organizer's key is invisible — so a
 * guest who brought organizer A's ticket to organizer B's door was told "revoked key". Key ids are
 * installation-unique and printed in every QR, so "this ticket is for another event" reveals
 * nothing; only that event's id is read here, and it never leaves the server.
 *
 * Runs before the scan transaction (asSystem is its own transaction; inside another it would wait
 * for PGlite's single connection). A key's event never changes, so a found owner is kept for
 * good; "no such key" is kept briefly (a key created a moment ago must be found).
 */
const MISS_TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

class KeyOwners {
  private readonly owners = new Map<number, string>();
  private readonly misses = new Map<number, number>();

  async eventsOf(ctx: AppContext, kids: Iterable<number>, now = Date.now()): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const ask: number[] = [];
    for (const kid of new Set(kids)) {
      const owner = this.owners.get(kid);
      if (owner) found.set(kid, owner);
      else if ((this.misses.get(kid) ?? 0) <= now && Number.isSafeInteger(kid) && kid >= 0) ask.push(kid);
    }
    if (ask.length === 0) return found;
    const rows = await asSystem(ctx.db, (trx) => trx.selectFrom('event_keys').select(['kid', 'event_id']).where('kid', 'in', ask).execute());
    if (this.owners.size > MAX_ENTRIES) this.owners.clear();
    if (this.misses.size > MAX_ENTRIES) this.misses.clear();
    for (const r of rows) {
      this.owners.set(Number(r.kid), r.event_id);
      found.set(Number(r.kid), r.event_id);
    }
    for (const kid of ask) if (!found.has(kid)) this.misses.set(kid, now + MISS_TTL_MS);
    return found;
  }
}

const caches = new WeakMap<AppContext, KeyOwners>();

/** Owner events of the given key ids (absent: no such key anywhere). */
export function keyOwnerEvents(ctx: AppContext, kids: Iterable<number>): Promise<Map<number, string>> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new KeyOwners()));
  return cache.eventsOf(ctx, kids);
}

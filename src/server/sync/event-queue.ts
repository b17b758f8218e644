import type { AppContext } from '../app-context.ts';
import { DomainError } from '../shared/domain-error.ts';

// Uploads of one event take turns in this process, at most SLOTS at a time. After an outage every
// phone of a venue uploads at once, and their batches overlap on the tickets two phones both
// scanned: run all together they would queue on row locks anyway, holding pool connections and
// burning CPU on lock contention. Two at a time keeps the database and this process both busy: one
// batch is judged here while the other's SQL runs and its commit is flushed. Waiting here holds no
// connection. Correctness does not depend on it: batches lock their tickets in id order
// (upload.repository.ts), so overlapping ones queue instead of deadlocking, and online scans and
// other server instances are serialised by the same row locks.
const SLOTS = 2;
const QUEUE_WAIT_MS = 20_000;

interface Lane { running: number; waiting: (() => void)[] }
const lanes = new WeakMap<AppContext, Map<string, Lane>>();

export async function eventQueue<T>(ctx: AppContext, eventId: string, fn: () => Promise<T>): Promise<T> {
  let perEvent = lanes.get(ctx);
  if (!perEvent) lanes.set(ctx, (perEvent = new Map()));
  let lane = perEvent.get(eventId);
  if (!lane) perEvent.set(eventId, (lane = { running: 0, waiting: [] }));
  const queuedAt = Date.now();
  if (lane.running >= SLOTS) await new Promise<void>((resolve) => lane.waiting.push(resolve));
  else lane.running += 1;
  // The slot is ours now (handed over by the finishing upload, or taken above).
  try {
    // A phone's request would time out waiting longer; tell it to come back instead.
    if (Date.now() - queuedAt > QUEUE_WAIT_MS) throw new DomainError('unavailable', 'Many uploads for this event right now; retry shortly.');
    return await fn();
  } finally {
    const next = lane.waiting.shift();
    if (next) next(); // hand the slot over directly: no newcomer can jump the queue
    else if (--lane.running === 0) perEvent.delete(eventId);
  }
}

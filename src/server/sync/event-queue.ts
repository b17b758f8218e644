import type { AppContext } from '../app-context.ts';
import { DomainError } from '../shared/domain-error.ts';

// Batches of one event take turns in this process. After an outage every phone of a venue uploads
// at once, and their batches overlap on the tickets two phones both scanned: run together they
// would queue on row locks anyway, holding pool connections and burning CPU on lock contention.
// Waiting here holds no connection. Correctness does not depend on it (the row locks in upload.repository.ts still
// serialise against online scans and other server instances); it is throughput.
const QUEUE_WAIT_MS = 20_000;
const queues = new WeakMap<AppContext, Map<string, Promise<unknown>>>();

export async function eventQueue<T>(ctx: AppContext, eventId: string, fn: () => Promise<T>): Promise<T> {
  let perEvent = queues.get(ctx);
  if (!perEvent) queues.set(ctx, (perEvent = new Map()));
  const previous = perEvent.get(eventId) ?? Promise.resolve();
  const queuedAt = Date.now();
  const run = previous.catch(() => undefined).then(() => {
    // A phone's request would time out waiting longer; tell it to come back instead.
    if (Date.now() - queuedAt > QUEUE_WAIT_MS) throw new DomainError('unavailable', 'Many uploads for this event right now; retry shortly.');
    return fn();
  });
  const tail = run.catch(() => undefined);
  perEvent.set(eventId, tail);
  void tail.then(() => { if (perEvent.get(eventId) === tail) perEvent.delete(eventId); });
  return run;
}


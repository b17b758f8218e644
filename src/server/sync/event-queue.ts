import type { AppContext } from '../app-context.ts';
import { DomainError } from '../shared/domain-error.ts';

// Uploads of one event take turns in this process, at most SLOTS at a time. After an outage every
// phone of a venue uploads at once. Two at a time keeps the database and this process both busy
// (one batch is judged here while the other's SQL runs); more only adds lock and buffer contention
// (measured: PostgreSQL CPU for the reconcile benchmark 8–11 s at two, 12 s at three, 30 s at four).
//
// Phones that were offline together scanned some of the same tickets, so their batches overlap.
// Batches lock their tickets (in id order, so overlapping ones queue rather than deadlock), and a
// batch started beside one it overlaps would wait for that one's commit holding a connection.
// So a waiting upload that shares no ticket with the running ones may go first; one passed over
// MAX_PASSES times goes next regardless, so none waits long. Order does not
// change outcomes: the server replays scans in corrected time order whatever order batches arrive.
// Waiting here holds no connection. Correctness never depends on this queue (row locks serialise
// against online scans and other server instances); it is throughput.
const SLOTS = 2;
const MAX_PASSES = 4;
const QUEUE_WAIT_MS = 20_000;

interface Job { keys: ReadonlySet<string>; passes: number; start: () => void }
interface Lane { running: Set<Job>; waiting: Job[] }
const lanes = new WeakMap<AppContext, Map<string, Lane>>();

/**
 * Runs `fn` in the event's upload lane. `keys` names the tickets the upload touches; equal keys
 * mean the same ticket. (A ticket named by its code in one upload and by its QR in another is
 * not seen as shared: the two then simply queue on the row lock.)
 */
export async function eventQueue<T>(ctx: AppContext, eventId: string, fn: () => Promise<T>, keys: ReadonlySet<string> = new Set()): Promise<T> {
  let perEvent = lanes.get(ctx);
  if (!perEvent) lanes.set(ctx, (perEvent = new Map()));
  let lane = perEvent.get(eventId);
  if (!lane) perEvent.set(eventId, (lane = { running: new Set(), waiting: [] }));
  const queuedAt = Date.now();
  let job!: Job;
  await new Promise<void>((resolve) => {
    job = { keys, passes: 0, start: resolve };
    lane.waiting.push(job);
    admit(lane);
  });
  try {
    // A phone's request would time out waiting longer; tell it to come back instead.
    if (Date.now() - queuedAt > QUEUE_WAIT_MS) throw new DomainError('unavailable', 'Many uploads for this event right now; retry shortly.');
    return await fn();
  } finally {
    lane.running.delete(job);
    admit(lane);
    if (lane.running.size === 0 && lane.waiting.length === 0) perEvent.delete(eventId);
  }
}

/** Starts waiting jobs while slots are free, preferring ones that overlap no running job. */
function admit(lane: Lane): void {
  while (lane.running.size < SLOTS && lane.waiting.length > 0) {
    const head = lane.waiting[0]!;
    const index = head.passes >= MAX_PASSES || lane.running.size === 0
      ? 0
      : lane.waiting.findIndex((j) => !overlapsRunning(lane, j));
    if (index < 0) return; // every waiting job would wait on a running one's locks: let it finish
    for (let i = 0; i < index; i++) lane.waiting[i]!.passes += 1;
    const [job] = lane.waiting.splice(index, 1);
    lane.running.add(job!);
    job!.start();
  }
}

function overlapsRunning(lane: Lane, job: Job): boolean {
  for (const r of lane.running) {
    const [small, large] = r.keys.size < job.keys.size ? [r.keys, job.keys] : [job.keys, r.keys];
    for (const k of small) if (large.has(k)) return true;
  }
  return false;
}

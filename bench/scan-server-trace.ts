// The scan bench's server with a timeline (bench/scan.bench.ts --trace): the real server, plus a
// record of every scan request's end time and duration, every garbage collection and the event
// loop's delay, written to BENCH_TRACE_FILE when the bench stops it. The bench turns it into
// per-second tail latencies next to the collections of that second — how the tail of phase 1 was
// traced to V8's major (mark-compact) collections.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { startServer } from '../src/server/main.ts';

const out = process.env.BENCH_TRACE_FILE ?? 'scan-trace.json';
// Flat arrays (end ms since the epoch, duration ms, …): recording must not add garbage of its own.
const requests: number[] = [];
const gcs: number[] = [];
const loopDelays: number[] = [];

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    gcs.push(performance.timeOrigin + e.startTime, e.duration, kind === constants.NODE_PERFORMANCE_GC_MINOR ? 0 : 1);
  }
}).observe({ entryTypes: ['gc'] });

// How late a 5 ms timer fires: time the event loop was busy (or the process had no core).
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  loopDelays.push(Date.now(), Math.max(0, now - last - 5));
  last = now;
}, 5).unref();

await startServer(process.env, {
  beforeListen: async (app) => {
    app.server.prependListener('request', (req, res) => {
      if (!req.url?.endsWith('/scans')) return;
      const started = performance.now();
      res.once('finish', () => requests.push(Date.now(), performance.now() - started));
    });
  },
});
process.once('SIGTERM', () => writeFileSync(out, JSON.stringify({ requests, gcs, loopDelays })));

// The scan bench's server with a timeline (bench/scan.bench.ts --trace): the real server, plus a
// record of every scan request's end time and duration, every garbage collection, and the event
// loop's delay and utilization, written to BENCH_TRACE_FILE when the bench stops it. The bench
// turns it into per-second tail latencies beside that second's collections and loop load.
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { startServer } from '../src/server/main.ts';
import { clustered } from './server-cluster.ts';

const out = process.env.BENCH_TRACE_FILE ?? 'scan-trace.json';
interface Trace { requests: number[]; gcs: number[]; loopDelays: number[]; loopBusy: number[] }

// --servers N: each worker records to its own file; the primary merges them when all have exited.
const workers = Number(process.env.BENCH_SERVERS ?? 1);
const files = Array.from({ length: workers }, (_, i) => `${out}.${i}`);
clustered(workers, record, {
  workerEnv: (i) => ({ BENCH_TRACE_FILE: files[i]! }),
  whenAllExited: () => {
    const merged: Trace = { requests: [], gcs: [], loopDelays: [], loopBusy: [] };
    for (const file of files) {
      const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
      for (const k of Object.keys(merged) as (keyof Trace)[]) for (const v of t[k]) merged[k].push(v);
    }
    writeFileSync(out, JSON.stringify(merged));
  },
});

function record(): Promise<unknown> {
  // Flat arrays (end ms since the epoch, duration ms, …): recording must not add garbage of its own.
  const requests: number[] = [];
  const gcs: number[] = [];
  const loopDelays: number[] = [];
  // Share of each second the main thread was busy (event-loop utilization): above ~0.8 every hop of
  // a request through the loop (parse, batch, each database reply, send) queues behind other work.
  const loopBusy: number[] = [];

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
  let elu = performance.eventLoopUtilization();
  setInterval(() => {
    const next = performance.eventLoopUtilization();
    loopBusy.push(Date.now(), performance.eventLoopUtilization(next, elu).utilization);
    elu = next;
  }, 1000).unref();

  process.once('SIGTERM', () => writeFileSync(out, JSON.stringify({ requests, gcs, loopDelays, loopBusy } satisfies Trace)));
  return startServer(process.env, {
    beforeListen: async (app) => {
      app.server.prependListener('request', (req, res) => {
        if (!req.url?.endsWith('/scans')) return;
        const started = performance.now();
        res.once('finish', () => requests.push(Date.now(), performance.now() - started));
      });
    },
  });
}

// The scan bench's server with a timeline (bench/scan.bench.ts --trace): the real server, plus a
// record of every scan request's end time and duration, every garbage collection, the event
// loop's delay and its utilization, written to BENCH_TRACE_FILE when the bench stops it. The bench turns it into
// per-second tail latencies next to the collections of that second — how the tail of phase 1 was
// traced to V8's major (mark-compact) collections.
import cluster from 'node:cluster';
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { startServer } from '../src/server/main.ts';

const out = process.env.BENCH_TRACE_FILE ?? 'scan-trace.json';
interface Trace { requests: number[]; gcs: number[]; loopDelays: number[]; loopBusy: number[] }

// --servers N: N recording workers on one port (as bench/scan-server.ts), their traces merged.
const workers = Number(process.env.BENCH_SERVERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  const files = Array.from({ length: workers }, (_, i) => `${out}.${i}`);
  for (const file of files) cluster.fork({ BENCH_TRACE_FILE: file });
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM'); });
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    const merged: Trace = { requests: [], gcs: [], loopDelays: [], loopBusy: [] };
    for (const file of files) {
      const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
      for (const k of Object.keys(merged) as (keyof Trace)[]) for (const v of t[k]) merged[k].push(v);
    }
    writeFileSync(out, JSON.stringify(merged));
    process.exit(0);
  });
} else {
  record();
}

function record(): void {
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

  startServer(process.env, {
    beforeListen: async (app) => {
      app.server.prependListener('request', (req, res) => {
        if (!req.url?.endsWith('/scans')) return;
        const started = performance.now();
        res.once('finish', () => requests.push(Date.now(), performance.now() - started));
      });
    },
  }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
  process.once('SIGTERM', () => writeFileSync(out, JSON.stringify({ requests, gcs, loopDelays, loopBusy })));
}

// Online scan benchmark (issue 4, DESIGN.md §7). Run: npm run bench:scan
//   (= node --import tsx bench/scan.bench.ts [--devices 1000] [--rate 2000] [--latency-seconds 20]
//      [--peak-seconds 15] [--tickets 100000] [--pool 20] [--servers 1] [--redis URL] [--trace] [--log-level info])
// Needs PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// and pgbench on PATH. Creates a database `karibu_bench_scan`, seeds it, starts the real server
// process on it, and drives it with autocannon: each simulated door device is a connection that
// signed in with its own device token and has its own client address.
//   phase 1 (latency): all devices together offer `rate` scans/s → p50/p95/p99 (budget p99 ≤ 50 ms)
//   phase 2 (peak):    the same devices as fast as the server answers → scans/s
//   bare:              pgbench runs the check-in transaction as one statement on the same database
//                      → our peak as a fraction of it (budget ≥ 60 %)
// Scans are mostly first entries (the next unscanned ticket) and 10 % repeats of earlier tickets.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type pg from 'pg';
import { backendPids, processTree, spentBetween, statsConnection, usageByPid } from './cpu-usage.ts';
import { watchDashboards } from './dashboard-watch.ts';
import { bareCheckInScript, createBenchDatabase, seedWorld, ticketUpdateCounts, type World } from './scan-world.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' }, rate: { type: 'string', default: '2000' },
    'latency-seconds': { type: 'string', default: '20' }, 'peak-seconds': { type: 'string', default: '15' },
    tickets: { type: 'string', default: '100000' }, pool: { type: 'string', default: '20' }, port: { type: 'string', default: '18080' },
    servers: { type: 'string', default: '1' }, redis: { type: 'string' },
    // npm run bench:dashboard: phase 1 again with this many live dashboards streaming (door staff
    // of the event), probe scans timed to their snapshots; no peak phase. Report: bench/reports/dashboard.json.
    dashboards: { type: 'string', default: '0' },
    // The server logs as shipped (LOG_LEVEL's default: two lines per request) to a file, as an organizer's would.
    'log-level': { type: 'string', default: 'info' },
    // Adds a timeline of phase 1 to the report: per-second p99 of the server's own latency beside
    // that second's garbage collections and event-loop delay (bench/scan-server-trace.ts).
    trace: { type: 'boolean', default: false },
    // wrk (C, like pgbench) costs the shared cores far less than autocannon (JS); autocannon stays as a fallback.
    driver: { type: 'string', default: existsSync('/usr/bin/wrk') ? 'wrk' : 'autocannon' },
  },
});
const DEVICES = Number(args.devices);
const RATE = Number(args.rate);
const PORT = Number(args.port);
const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const masterKey = randomBytes(32);
const TRACE_FILE = join(tmpdir(), 'karibu-scan-trace.json');
const SERVER_LOG = join(tmpdir(), 'karibu-bench-scan.log');
const log = (msg: string) => console.log(`[bench:scan ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const loadAtStart = loadavg();
log(`seeding ${args.tickets} tickets and ${DEVICES} devices on PostgreSQL (load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')})`);
const databaseUrl = await createBenchDatabase(baseUrl, 'karibu_bench_scan');
const world = await seedWorld(databaseUrl, masterKey, { tickets: Number(args.tickets), devices: DEVICES });

const server = await startServer(world, Number(args.pool));
const stats = await statsConnection(world.databaseUrl);
let report: Record<string, unknown> = {};
try {
  const origin = `http://127.0.0.1:${PORT}`;
  log('signing in every device');
  const tokens = await signIn(origin, world);
  const picker = ticketPicker(world);

  log('warm-up');
  const run = (opts: { rate: number; seconds: number }) => args.driver === 'wrk'
    ? driveWrk(origin, world, tokens, opts)
    : drive(origin, world, tokens, picker, opts);
  await run({ rate: Math.min(RATE, 1000), seconds: 5 });
  log(`phase 1: ${DEVICES} devices offering ${RATE} scans/s for ${args['latency-seconds']} s`);
  const phase1 = { from: Date.now(), to: 0 };
  const latency = await measured(server, stats, () => run({ rate: RATE, seconds: Number(args['latency-seconds']) }));
  phase1.to = Date.now();
  log(`phase 1: p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms at ${latency.scansPerSecond}/s, ${latency.meanScansPerTransaction} scans per transaction, ${latency.ticketUpdatesHotShare} of ticket writes HOT`);
  log(`phase 1, as the server measured it: ${JSON.stringify(latency.serverMeasured)} ms`);
  log(`phase 1 CPU per scan: server ${latency.cpuMicrosPerScan.server} µs (main thread ${latency.mainThreadCpuMicrosPerScan} µs, busy ${latency.mainThreadBusyShare} of the time), `
    + `PostgreSQL ${latency.cpuMicrosPerScan.postgres} µs, load generator ${latency.cpuMicrosPerScan.loadGenerator} µs; waiting for a core: ${JSON.stringify(latency.waitingForCoreShare)}`);
  report = Number(args.dashboards) > 0
    ? await dashboardPhase(origin, tokens, latency, loadAtStart)
    : await peakAndBare(run, latency, phase1);
} finally {
  await stopServer(server);
  await stats.end();
}
writeReport(Number(args.dashboards) > 0 ? 'dashboard' : 'scan', report);
if (Number(args.dashboards) > 0) {
  log('report: bench/reports/dashboard.json');
  process.exit(0);
}
log(`report: bench/reports/scan.json — p99 ${(report.latency as { p99: number }).p99} ms (≤ 50), peak ${(report.peak as { scansPerSecond: number }).scansPerSecond}/s = ${report.peakFractionOfBare} of bare (≥ 0.6)`);

/** Phase 2 (as fast as it goes) and the bare transaction with pgbench: the scan benchmark's report. */
async function peakAndBare(
  run: (opts: { rate: number; seconds: number }) => Promise<PhaseResult>, latency: Awaited<ReturnType<typeof measured>>, phase1: { from: number; to: number },
): Promise<Record<string, unknown>> {
  log(`phase 2: as fast as it goes for ${args['peak-seconds']} s`);
  const peak = await measured(server, stats, () => run({ rate: 0, seconds: Number(args['peak-seconds']) }));
  log(`phase 2: ${peak.scansPerSecond} scans/s (p99 ${peak.p99} ms), ${peak.meanScansPerTransaction} scans per transaction`);
  log(`CPU per scan at peak: server ${peak.cpuMicrosPerScan.server} µs, PostgreSQL ${peak.cpuMicrosPerScan.postgres} µs, load generator ${peak.cpuMicrosPerScan.loadGenerator} µs`);
  await stopServer(server); // pgbench gets the cores to itself
  const timeline = args.trace ? traceTimeline(phase1) : undefined;
  if (timeline) {
    log('phase 1 timeline (s: scans, server p99 ms, max ms, GC ms minor/major, longest loop delay ms, main thread busy share):');
    for (const t of timeline) log(`  ${t.second}: ${t.scans} ${t.p99} ${t.max} ${t.gcMinorMs}/${t.gcMajorMs} ${t.maxLoopDelayMs} ${t.loopBusy}`);
  }

  log('bare check-in transaction with pgbench on the same database');
  const bare = await runPgbench(world, stats);
  log(`pgbench: ${bare.tps} tps, PostgreSQL CPU ${bare.postgresCpuMicrosPerTx} µs per transaction`);
  const fraction = Math.round((peak.scansPerSecond / bare.tps) * 1000) / 1000;
  return {
    benchmark: 'scan', at: new Date().toISOString(),
    // Other work on the machine skews every figure: the load averages say how busy it was.
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
    setup: { driver: args.driver, devices: DEVICES, tickets: Number(args.tickets), databasePool: Number(args.pool), repeatShare: 0.1, database: 'postgresql', serverProcesses: Number(args.servers), redis: Boolean(args.redis), serverLogLevel: args['log-level'] },
    latency: { offeredScansPerSecond: RATE, ...latency, ...(timeline ? { timeline } : {}), budgetP99Ms: 50, withinBudget: latency.p99 <= 50 && latency.errors === 0 && latency.non2xx === 0 },
    peak: { ...peak },
    bare: { ...bare, statement: 'lock ticket + insert scan + update ticket state, one statement (bench/scan-world.ts)' },
    peakFractionOfBare: fraction,
    budgets: { p99Ms: 50, peakFraction: 0.6 },
    withinBudget: { latency: latency.p99 <= 50 && latency.errors === 0 && latency.non2xx === 0, peak: fraction >= 0.6 && peak.non2xx === 0 },
  };
}

function writeReport(name: string, r: Record<string, unknown>): void {
  mkdirSync('bench/reports', { recursive: true });
  writeFileSync(`bench/reports/${name}.json`, JSON.stringify(r, null, 2) + '\n');
}

/**
 * Phase 1 once more with dashboards open: the scan latency beside them, how soon a dashboard
 * shows a scan, and what each open dashboard costs the server (its CPU per second over phase 1's).
 */
async function dashboardPhase(origin: string, tokens: string[], without: Awaited<ReturnType<typeof measured>>, loadAtStart: number[]) {
  const n = Number(args.dashboards);
  const seconds = Number(args['latency-seconds']);
  log(`dashboards: opening ${n} live dashboards`);
  const probeTickets = world.tickets.slice(-500).map((t) => t.qr);
  const watch = await watchDashboards(origin, world.eventId, tokens.slice(0, n), {
    qrs: probeTickets, gateId: world.gateIds[0]!, token: tokens[0]!, ip: world.devices[0]!.ip, everyMs: 500,
  });
  log(`phase 1 with ${n} dashboards: ${DEVICES} devices offering ${RATE} scans/s for ${seconds} s`);
  const phase = { from: Date.now(), to: 0 };
  const watcherCpu = process.cpuUsage();
  const withDashboards = await measured(server, stats, () => (args.driver === 'wrk'
    ? driveWrk(origin, world, tokens, { rate: RATE, seconds })
    : drive(origin, world, tokens, ticketPicker(world), { rate: RATE, seconds })));
  phase.to = Date.now();
  // The dashboards are read by this process, on the same two cores as the server: what that costs.
  const used = process.cpuUsage(watcherCpu);
  const watcherCpuMsPerSecond = round(((used.user + used.system) / 1000) / ((phase.to - phase.from) / 1000));
  const seen = await watch.stop();
  log(`the ${n} dashboards' reader (this process): ${watcherCpuMsPerSecond} ms of CPU a second`);
  // --trace: the same second-by-second timeline as phase 1's, for this phase (the recorder writes on exit).
  let timeline: ReturnType<typeof traceTimeline> | undefined;
  if (args.trace) {
    await stopServer(server);
    timeline = traceTimeline(phase);
    log('timeline with dashboards (s: scans, server p99 ms, max ms, GC ms minor/major, longest loop delay ms, main thread busy share):');
    for (const t of timeline) log(`  ${t.second}: ${t.scans} ${t.p99} ${t.max} ${t.gcMinorMs}/${t.gcMajorMs} ${t.maxLoopDelayMs} ${t.loopBusy}`);
  }
  // The figures are read by PostgreSQL and fanned out by the server: a dashboard costs both.
  const cpuPerSecond = (m: typeof without, who: 'server' | 'postgres' = 'server') => (m.cpuMicrosPerScan[who] * m.requests) / 1e6 / seconds;
  const both = (m: typeof without) => cpuPerSecond(m) + cpuPerSecond(m, 'postgres');
  const perDashboardMs = round(((both(withDashboards) - both(without)) / n) * 1000);
  log(`with ${n} dashboards: scan p99 ${withDashboards.p99} ms (without: ${without.p99} ms); a dashboard saw a scan after p50 ${seen.seenMs?.p50} ms, p95 ${seen.seenMs?.p95} ms; `
    + `${seen.snapshots} snapshots, ${Math.round(seen.bytes / 1024)} KiB; server + PostgreSQL CPU per open dashboard ${perDashboardMs} ms/s`);
  return {
    benchmark: 'dashboard', at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
    setup: { driver: args.driver, devices: DEVICES, tickets: Number(args.tickets), offeredScansPerSecond: RATE, seconds, dashboards: n, probeEveryMs: 500, database: 'postgresql' },
    withoutDashboards: { p50: without.p50, p95: without.p95, p99: without.p99, scansPerSecond: without.scansPerSecond, serverCpuSecondsPerSecond: round2(cpuPerSecond(without)), postgresCpuSecondsPerSecond: round2(cpuPerSecond(without, 'postgres')) },
    withDashboards: { p50: withDashboards.p50, p95: withDashboards.p95, p99: withDashboards.p99, scansPerSecond: withDashboards.scansPerSecond, serverCpuSecondsPerSecond: round2(cpuPerSecond(withDashboards)), postgresCpuSecondsPerSecond: round2(cpuPerSecond(withDashboards, 'postgres')), errors: withDashboards.errors, non2xx: withDashboards.non2xx, ...(timeline ? { timeline } : {}) },
    seen,
    cpuMsPerSecondPerDashboard: perDashboardMs,
    readerCpuMsPerSecond: watcherCpuMsPerSecond,
    budgets: { scanP99Ms: 50, seenP95Ms: 1_000 },
    withinBudget: { scanP99: withDashboards.p99 <= 50 && withDashboards.errors === 0, seenP95: (seen.seenMs?.p95 ?? Infinity) <= 1_000 && seen.notSeen === 0 },
  };
}

async function startServer(w: World, pool: number): Promise<ChildProcess> {
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the server process(es) there on exit.
  // BENCH_NODE_FLAGS='--trace-gc …' passes flags to the server's node.
  const nodeFlags = [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const entry = args.trace ? 'bench/scan-server-trace.ts' : 'bench/scan-server.ts';
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], {
    env: {
      BENCH_TRACE_FILE: TRACE_FILE,
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(PORT), DATA_DIR: join(tmpdir(), 'karibu-bench-scan'),
      DATABASE_URL: w.databaseUrl, DATABASE_POOL_SIZE: String(pool), KARIBU_MASTER_KEY: Buffer.from(masterKey).toString('base64'),
      TRUST_PROXY: 'true', LOG_LEVEL: args['log-level'], BENCH_SERVERS: String(args.servers),
      // Several instances share rate limits and lockouts only through Redis (--redis URL).
      ...(args.redis ? { REDIS_URL: args.redis } : {}),
    },
    stdio: ['ignore', openSync(SERVER_LOG, 'w'), 'inherit'],
  });
  log(`server log: ${SERVER_LOG} (LOG_LEVEL ${args['log-level']})`);
  for (let i = 0; i < 300; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const ok = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
  }
  throw new Error('server did not become ready');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function signIn(origin: string, w: World): Promise<string[]> {
  const tokens: string[] = new Array(w.devices.length);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < w.devices.length) {
      const i = next++;
      const d = w.devices[i]!;
      const res = await fetch(`${origin}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': d.ip },
        body: JSON.stringify({ email: d.email, password: w.password, deviceToken: d.deviceToken }),
      });
      if (!res.ok) throw new Error(`login ${d.email}: ${res.status} ${await res.text()}`);
      tokens[i] = ((await res.json()) as { accessToken: string }).accessToken;
    }
  }));
  return tokens;
}

/** 90 % first entries (the next unscanned ticket), 10 % repeats of a ticket scanned earlier. */
function ticketPicker(w: World) {
  let fresh = 0;
  return () => {
    if (fresh > 100 && Math.random() < 0.1) return w.tickets[Math.floor(Math.random() * fresh)]!.qr;
    return w.tickets[fresh++ % w.tickets.length]!.qr;
  };
}

interface PhaseResult {
  scansPerSecond: number; requests: number; errors: number; non2xx: number; p50: number; p95: number; p99: number; max: number;
  correctedP99?: number; driver: string;
  /** CPU of a separate load-generator process (wrk); absent when it runs in this process. */
  loadGeneratorCpuSeconds?: number;
}

/**
 * Drives the server with wrk (bench/scan-driver.lua). rate > 0: each device thinks for an
 * exponential time averaging devices/rate seconds between its scans (Poisson arrivals totalling
 * `rate`, less the time spent waiting for answers); rate 0: every device scans again as soon as
 * it is answered.
 */
async function driveWrk(origin: string, w: World, tokens: string[], opts: { rate: number; seconds: number }): Promise<PhaseResult> {
  const file = join(tmpdir(), 'karibu-scan-driver.txt');
  writeFileSync(file, [
    `P /api/v1/events/${w.eventId}/scans`,
    ...w.gateIds.map((g) => `G ${g}`),
    ...w.devices.map((d, i) => `D ${tokens[i]} ${d.ip}`),
    ...w.tickets.map((t) => `Q ${t.qr}`),
  ].join('\n') + '\n');
  const threads = 2;
  const meanDelayMs = opts.rate > 0 ? Math.round((w.devices.length / opts.rate) * 1000) : 0;
  const wrkArgs = ['-t', String(threads), '-c', String(w.devices.length), '-d', `${opts.seconds}s`, '--timeout', '10s',
    '-s', join(import.meta.dirname, 'scan-driver.lua'), origin, '--', file, String(meanDelayMs), String(threads)];
  // bash's `times` reports the CPU its children used: wrk's own cost, measured like pgbench's.
  const child = spawn('bash', ['-c', 'wrk "$@"; times', 'bash', ...wrkArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const line = out.split('\n').find((l) => l.startsWith('WRK_RESULT '));
  if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${out.slice(-500)}`);
  const r = JSON.parse(line.slice('WRK_RESULT '.length)) as Record<string, number>;
  const times = out.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  const cpu = times ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]) : undefined;
  const ms = (us: number) => round(us / 1000);
  return {
    driver: 'wrk', scansPerSecond: Math.round(r.requests! / (r.durationUs! / 1e6)), requests: r.requests!,
    errors: r.connectErrors! + r.readErrors! + r.writeErrors! + r.timeouts!, non2xx: r.non2xx!,
    p50: ms(r.p50!), p95: ms(r.p95!), p99: ms(r.p99!), max: ms(r.max!),
    ...(cpu !== undefined ? { loadGeneratorCpuSeconds: cpu } : {}),
  };
}

/**
 * Runs a phase and adds the CPU time each party spent per scan: the server process(es), the
 * PostgreSQL backends of the bench database, and this process (autocannon).
 */
async function measured(serverProcess: ChildProcess, stats: pg.ClientBase, phase: () => Promise<PhaseResult>) {
  const serverPids = processTree(serverProcess.pid!);
  const metrics0 = await serverMetrics();
  const updates0 = await ticketUpdateCounts(stats);
  const before = { server: usageByPid(serverPids), postgres: usageByPid(await backendPids(stats)), self: process.cpuUsage(), at: performance.now() };
  const result = await phase();
  const self = process.cpuUsage(before.self);
  const wall = (performance.now() - before.at) / 1000;
  const server = spentBetween(before.server, usageByPid(serverPids));
  const postgres = spentBetween(before.postgres, usageByPid(await backendPids(stats)));
  const metrics1 = await serverMetrics();
  await new Promise((r) => setTimeout(r, 1_500)); // the backends' table counters are published within a second
  const updates1 = await ticketUpdateCounts(stats);
  const batches0 = batchMetric(metrics0);
  const batches1 = batchMetric(metrics1);
  const transactions = batches1.count - batches0.count;
  const per = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, result.requests));
  const generator = result.loadGeneratorCpuSeconds ?? (self.user + self.system) / 1e6;
  return {
    ...result,
    cpuMicrosPerScan: { server: per(server.cpu), postgres: per(postgres.cpu), loadGenerator: per(generator) },
    // The server's main thread (the event loop every request queues on): its CPU per scan, and the
    // share of the phase it was running or waiting to run (with --servers N, summed over the
    // processes: up to N). For it and for the PostgreSQL backends, the share of the time they had
    // work in which they waited for a core (runnable, both cores busy): on two shared cores a large
    // part of every latency.
    mainThreadCpuMicrosPerScan: per(server.mainRun),
    mainThreadBusyShare: round2((server.mainRun + server.mainWait) / wall),
    waitingForCoreShare: { serverMainThread: waitShare(server.mainRun, server.mainWait), postgresBackends: waitShare(postgres.run, postgres.wait) },
    // The server's own view (karibu_http_request_duration_seconds, from the request's first hook to
    // the reply): without the time a request waits in the socket or the load generator waits to run.
    serverMeasured: serverQuantiles(serverLatencyBuckets(metrics0), serverLatencyBuckets(metrics1)),
    // How many scans shared a database transaction (scan-batch.ts), from the server's own metric.
    scanTransactions: transactions,
    meanScansPerTransaction: transactions > 0 ? round((batches1.sum - batches0.sum) / transactions) : null,
    // Ticket writes that stayed on their page (HOT): the others wrote an entry into every index.
    ticketUpdatesHotShare: updates1.updates > updates0.updates
      ? round2((updates1.hot - updates0.hot) / (updates1.updates - updates0.updates)) : null,
  };
}

/** The server's Prometheus text (one read per measurement point; '' when unreachable). */
function serverMetrics(): Promise<string> {
  return fetch(`http://127.0.0.1:${PORT}/metrics`).then((r) => r.text(), () => '');
}

/** Cumulative bucket counts (le in seconds → count) of the scan route's 200 answers. */
function serverLatencyBuckets(text: string): Map<number, number> {
  const route = 'route="/api/v1/events/:eventId/scans"';
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('karibu_http_request_duration_seconds_bucket{') || !line.includes(route) || !line.includes('status_code="200"')) continue;
    const le = line.match(/le="([^"]+)"/)?.[1];
    if (le && le !== '+Inf') buckets.set(Number(le), Number(line.split(' ').at(-1)));
  }
  return buckets;
}

/** p50/p95/p99 in ms from the bucket counts a phase added (linear within a bucket, as Prometheus does). */
function serverQuantiles(before: Map<number, number>, after: Map<number, number>): { p50: number; p95: number; p99: number } | null {
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total === 0) return null;
  const q = (p: number) => {
    const rank = p * total;
    for (let i = 0; i < les.length; i++) {
      if (counts[i]! >= rank) {
        const lo = i === 0 ? 0 : les[i - 1]!;
        const below = i === 0 ? 0 : counts[i - 1]!;
        return round((lo + ((les[i]! - lo) * (rank - below)) / Math.max(1, counts[i]! - below)) * 1000);
      }
    }
    return Infinity; // beyond the last bucket (5 s)
  };
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

/** The server's karibu_scan_batch_size histogram totals (one server process; --servers N sums only the one answering). */
function batchMetric(text: string): { count: number; sum: number } {
  const value = (name: string) => Number(text.match(new RegExp(`^${name} ([\\d.e+]+)$`, 'm'))?.[1] ?? 0);
  return { count: value('karibu_scan_batch_size_count'), sum: value('karibu_scan_batch_size_sum') };
}

function drive(origin: string, w: World, tokens: string[], pick: () => string, opts: { rate: number; seconds: number }): Promise<PhaseResult> {
  const path = `/api/v1/events/${w.eventId}/scans`;
  let clientIndex = 0;
  const samples: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: origin, connections: w.devices.length, duration: opts.seconds, ...(opts.rate > 0 ? { overallRate: opts.rate } : {}),
      timeout: 10,
      setupClient: (client) => {
        const i = clientIndex++ % w.devices.length;
        const gateId = w.gateIds[i % w.gateIds.length]!;
        client.setRequests([{
          method: 'POST', path,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}`, 'x-forwarded-for': w.devices[i]!.ip },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ scanId: randomUUID(), qr: pick(), gateId, direction: 'in' }) }),
        }]);
      },
    }, (err, result) => {
      if (err) return reject(err);
      const sorted = samples.sort((a, b) => a - b);
      const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
      resolve({
        scansPerSecond: Math.round(result.requests.total / result.duration), requests: result.requests.total,
        errors: result.errors + result.timeouts, non2xx: result.non2xx,
        p50: q(0.5), p95: q(0.95), p99: q(0.99), max: round(sorted[sorted.length - 1] ?? 0), correctedP99: round(result.latency.p99), driver: 'autocannon',
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => { samples.push(responseTime); });
  });
}

async function runPgbench(w: World, stats: pg.ClientBase): Promise<{ tps: number; clients: number; seconds: number; mode: string; postgresCpuMicrosPerTx: number }> {
  const file = join(tmpdir(), 'karibu-bare-checkin.sql');
  writeFileSync(file, bareCheckInScript());
  const clients = 16;
  const seconds = 15;
  const vars = { tickets: String(w.tickets.length), event: w.eventId, tenant: w.tenantId, device: w.sample.deviceId, staff: w.sample.staffId, gate: w.gateIds[0]! };
  const child = spawn('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file,
    ...Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]), w.databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  // PostgreSQL CPU over the middle of the run (the backends exist only while pgbench runs).
  await new Promise((r) => setTimeout(r, 2_000));
  const pids = await backendPids(stats);
  const cpu0 = usageByPid(pids);
  const window = seconds - 4;
  await new Promise((r) => setTimeout(r, window * 1_000));
  const cpu = spentBetween(cpu0, usageByPid(pids)).cpu;
  await exited;
  const m = out.match(/tps = ([\d.]+)/);
  if (!m) throw new Error(`pgbench failed: ${out}`);
  const tps = Number(m[1]);
  return { tps: Math.round(tps), clients, seconds, mode: 'prepared', postgresCpuMicrosPerTx: Math.round((cpu * 1e6) / (tps * window)) };
}

/**
 * Phase 1 second by second from the trace server's record (--trace): the server's own p99 and
 * maximum for the scans that ended in that second, and the garbage collection and event-loop delay
 * of the same second — a slow second shows whether the process was collecting.
 */
function traceTimeline(phase: { from: number; to: number }) {
  const trace = JSON.parse(readFileSync(TRACE_FILE, 'utf8')) as { requests: number[]; gcs: number[]; loopDelays: number[]; loopBusy: number[] };
  const seconds = Math.floor((phase.to - phase.from) / 1000);
  const rows = Array.from({ length: seconds }, (_, second) => ({ second, durations: [] as number[], gcMinorMs: 0, gcMajorMs: 0, maxLoopDelayMs: 0, loopBusy: 0 }));
  const at = (t: number) => rows[Math.floor((t - phase.from) / 1000)];
  for (let i = 0; i < trace.requests.length; i += 2) at(trace.requests[i]!)?.durations.push(trace.requests[i + 1]!);
  for (let i = 0; i < trace.gcs.length; i += 3) {
    const row = at(trace.gcs[i]!);
    if (row && trace.gcs[i + 2] === 0) row.gcMinorMs += trace.gcs[i + 1]!;
    else if (row) row.gcMajorMs += trace.gcs[i + 1]!;
  }
  for (let i = 0; i < trace.loopDelays.length; i += 2) {
    const row = at(trace.loopDelays[i]!);
    if (row) row.maxLoopDelayMs = Math.max(row.maxLoopDelayMs, trace.loopDelays[i + 1]!);
  }
  // Each sample covers the second before it: attributed to the second holding its middle.
  for (let i = 0; i < trace.loopBusy.length; i += 2) {
    const row = at(trace.loopBusy[i]! - 500);
    if (row) row.loopBusy = Math.max(row.loopBusy, trace.loopBusy[i + 1]!); // the busiest of N servers
  }
  return rows.map((r) => {
    const sorted = r.durations.sort((a, b) => a - b);
    return {
      second: r.second, scans: sorted.length,
      p99: round(sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0), max: round(sorted.at(-1) ?? 0),
      gcMinorMs: round(r.gcMinorMs), gcMajorMs: round(r.gcMajorMs), maxLoopDelayMs: round(r.maxLoopDelayMs),
      loopBusy: round2(r.loopBusy),
    };
  });
}

/** Of the time threads had work, the share they waited for a core. */
function waitShare(run: number, wait: number): number {
  return round2(wait / Math.max(1e-9, run + wait));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

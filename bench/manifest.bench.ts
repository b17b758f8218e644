// Manifest size and apply time (issue 6, DESIGN.md §7): a snapshot of an event with 100,000
// tickets, as a door phone downloads it (GET /api/v1/events/{id}/manifest, every page), must be
// ≤ 3 MB gzipped and applied in the browser in ≤ 5 s.
//   node --import tsx bench/manifest.bench.ts          (PostgreSQL like bench/reconcile.bench.ts;
//                                                       BENCH_PGLITE=1 for embedded PGlite)
//   BENCH_TICKETS=20000 node --import tsx bench/manifest.bench.ts
// Measures: compressed bytes (gzip as served, brotli too), server time per snapshot (first, when
// names get sealed, and warm), and in Chromium — unthrottled and with 4× CPU throttling — the time
// to download, decompress, parse, decode and index every page, and to store it in IndexedDB.
// Writes bench/reports/manifest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { ApplyInput, ApplyResult } from './manifest.browser.ts';
import { benchWorld } from './reconcile-world.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const PAGE = 10_000;
const BUDGET_BYTES = 3 * 1024 * 1024;
const BUDGET_MS = 5_000;
const log = (m: string) => console.log(m);

log(`manifest bench: ${TICKETS} tickets`);
const world = await benchWorld({ name: 'manifest', tickets: TICKETS, postgres: !process.env.BENCH_PGLITE, log });
try {
  const phone = await world.phone();
  const download = async (encoding: 'gzip' | 'br') => {
    const pages: Buffer[] = [];
    let since: string | undefined;
    const t0 = performance.now();
    for (;;) {
      const res = await world.app.inject({
        method: 'GET', url: `/api/v1/events/${world.eventId}/manifest?limit=${PAGE}${since ? `&since=${encodeURIComponent(since)}` : ''}`,
        headers: { authorization: `Bearer ${phone.accessToken}`, 'accept-encoding': encoding },
      });
      if (res.statusCode !== 200 || res.headers['content-encoding'] !== encoding) throw new Error(`manifest: ${res.statusCode} ${res.headers['content-encoding']}`);
      pages.push(res.rawPayload);
      const text = (encoding === 'gzip' ? gunzipSync(res.rawPayload) : brotliDecompressSync(res.rawPayload)).toString('utf8');
      const json = JSON.parse(text) as { more: boolean; cursor: string };
      if (!json.more) break;
      since = json.cursor;
    }
    return { pages, ms: performance.now() - t0, bytes: pages.reduce((n, p) => n + p.length, 0) };
  };
  const cold = await download('gzip'); // seals every name (one Ed25519 signature per ticket)
  const warm = await download('gzip');
  const br = await download('br');
  const rawBytes = warm.pages.reduce((n, p) => n + gunzipSync(p).length, 0);
  log(`  gzip ${(warm.bytes / 1e6).toFixed(3)} MB (${(warm.bytes / TICKETS).toFixed(1)} B/ticket), brotli ${(br.bytes / 1e6).toFixed(3)} MB, JSON ${(rawBytes / 1e6).toFixed(2)} MB, ${warm.pages.length} pages`);
  log(`  server: first snapshot ${(cold.ms / 1000).toFixed(2)} s (sealing names), then ${(warm.ms / 1000).toFixed(2)} s`);

  // Serve the gzip pages over real HTTP so Chromium decompresses them like a phone does.
  const server = createServer((req, res) => {
    const m = /^\/page\/(\d+)$/.exec(req.url ?? '');
    const body = m ? warm.pages[Number(m[1])] : undefined;
    if (req.url === '/') { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>manifest bench</title>'); return; }
    if (!body) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://localhost:${(server.address() as { port: number }).port}`;
  const script = (await build({
    entryPoints: [join(import.meta.dirname, 'manifest.browser.ts')], bundle: true, write: false, format: 'iife',
    globalName: 'manifestBench', platform: 'browser', target: 'chrome100', minify: true, logLevel: 'silent',
  })).outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const runs: Record<string, ApplyResult> = {};
  try {
    for (const throttle of [1, 4]) {
      const page = await browser.newPage();
      await page.goto(baseUrl + '/');
      await page.addScriptTag({ content: script });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      const input: ApplyInput = { baseUrl, pages: warm.pages.length, eventId: world.eventId, storeInIndexedDb: true };
      runs[`throttle${throttle}x`] = await page.evaluate((i) => (globalThis as unknown as { manifestBench: { runApply: (x: ApplyInput) => Promise<ApplyResult> } }).manifestBench.runApply(i), input);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const [name, r] of Object.entries(runs)) {
    log(`  Chromium ${name}: ${r.tickets} tickets — download+parse ${Math.round(r.downloadAndParseMs)} ms, decode+index ${Math.round(r.decodeAndIndexMs)} ms, IndexedDB ${Math.round(r.indexedDbMs)} ms, total ${Math.round(r.totalMs)} ms`);
  }
  const applyMs = runs.throttle4x!.totalMs;
  const report = {
    bench: 'manifest', date: new Date().toISOString(), database: world.kind, node: process.version, cpu: cpus()[0]?.model, loadAverageAfter: loadavg(),
    command: 'node --import tsx bench/manifest.bench.ts',
    tickets: TICKETS, pageSize: PAGE, pages: warm.pages.length,
    bytes: { gzip: warm.bytes, brotli: br.bytes, json: rawBytes, gzipPerTicket: +(warm.bytes / TICKETS).toFixed(1) },
    server: { firstSnapshotMs: Math.round(cold.ms), warmSnapshotMs: Math.round(warm.ms), brotliSnapshotMs: Math.round(br.ms) },
    chromium: { version: browser.version(), runs },
    budgets: { gzipBytes: BUDGET_BYTES, applyMs: BUDGET_MS },
    withinBudget: { size: warm.bytes <= BUDGET_BYTES, apply4xThrottled: applyMs <= BUDGET_MS, applyUnthrottled: runs.throttle1x!.totalMs <= BUDGET_MS },
  };
  if (TICKETS === 100_000) {
    mkdirSync(join(import.meta.dirname, 'reports'), { recursive: true });
    writeFileSync(join(import.meta.dirname, 'reports', 'manifest.json'), JSON.stringify(report, null, 2) + '\n');
    log('report: bench/reports/manifest.json');
  }
  log(`  size ${report.withinBudget.size ? 'WITHIN' : 'OVER'} 3 MB; apply (4× throttled) ${Math.round(applyMs)} ms ${report.withinBudget.apply4xThrottled ? 'WITHIN' : 'OVER'} 5 s`);
} finally {
  await world.close();
}

// Server start on embedded PGlite, existing data: time from process spawn to "karibu ready"
// (budget ≤ 3 s, DESIGN.md §7). Seeds a demo data directory once, then starts the real process
// several times and reports the median. Run: node --import tsx bench/startup.bench.ts [runs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 7);
const dataDir = mkdtempSync(join(tmpdir(), 'karibu-startup-'));
const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development' };
const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/karibu.ts', 'demo', '--tickets', '5000', '--no-serve'], { env, encoding: 'utf8' });
if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);

function startOnce(): Promise<{ wallMs: number; readyMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = out.match(/"readyMs":(\d+)[^\n]*"msg":"karibu ready"/);
      if (m) {
        const wallMs = performance.now() - t0;
        child.kill('SIGTERM');
        child.on('exit', () => resolve({ wallMs, readyMs: Number(m[1]) }));
      }
    });
    child.on('exit', (code) => { if (!/karibu ready/.test(out)) reject(new Error(`exited ${code}: ${out}`)); });
  });
}

const samples: { wallMs: number; readyMs: number }[] = [];
for (let i = 0; i < runs; i++) samples.push(await startOnce());
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const report = {
  benchmark: 'startup', budgetMs: 3000, runs, tickets: 5000, database: 'pglite (existing data)',
  medianWallMs: Math.round(median(samples.map((s) => s.wallMs))),
  medianInProcessMs: Math.round(median(samples.map((s) => s.readyMs))),
  samples: samples.map((s) => ({ wallMs: Math.round(s.wallMs), inProcessMs: s.readyMs })),
  loadAverage: (await import('node:os')).loadavg(),
  at: new Date().toISOString(),
};
report['withinBudget' as never] = (report.medianWallMs <= report.budgetMs) as never;
mkdirSync('bench/reports', { recursive: true });
writeFileSync('bench/reports/startup.json', JSON.stringify(report, null, 2) + '\n');
console.log(`startup: median ${report.medianWallMs} ms spawn→ready (in-process ${report.medianInProcessMs} ms) over ${runs} runs; budget 3000 ms`);

// First-load budget of the door scanner (DESIGN §7): what a phone downloads to open /scan the first
// time — the HTML, every script and stylesheet it loads statically, the service worker and the web
// manifest — gzipped, must stay ≤ 100 KB. Lazily loaded chunks (the French catalog, the noble
// Ed25519 fallback, the zxing decoder and its wasm, the Ethiopic web font) are listed but not
// counted: most phones never load them, and none of them block the first screen. The organizer console has its own budget
// (≤ 150 KB for /console, its sections lazily loaded), measured the same way.
//
//   node --import tsx scripts/check-bundle-size.ts [distDir]     (after `vite build`)
// Prints the tables and exits 1 when an app is above its budget.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const SCAN_BUDGET_BYTES = 100 * 1000;
export const CONSOLE_BUDGET_BYTES = 150 * 1000;

/** Each app with a first-load budget: its URL, HTML entry, the files it fetches besides its
 * script graph (the scanner registers the service worker and the web manifest; the console, which
 * needs the network anyway, neither), and the budget in gzipped bytes. */
export const BUDGETS = [
  { app: '/scan', entry: 'scan.html', alsoLoads: ['sw.js', 'manifest.webmanifest'], budget: SCAN_BUDGET_BYTES },
  { app: '/console', entry: 'console.html', alsoLoads: [], budget: CONSOLE_BUDGET_BYTES },
] as const;

interface ManifestEntry { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[]; assets?: string[] }
type ViteManifest = Record<string, ManifestEntry>;

export interface SizeRow { file: string; bytes: number; gzip: number; counted: boolean }
export interface SizeReport { app: string; rows: SizeRow[]; firstLoadGzip: number; budget: number; ok: boolean }

const gz = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/** Measures the /scan first load of a Vite build in distDir. */
export function measureScanFirstLoad(distDir: string): SizeReport {
  return measureFirstLoad(distDir, BUDGETS[0]);
}

/** Measures the /console first load of a Vite build in distDir. */
export function measureConsoleFirstLoad(distDir: string): SizeReport {
  return measureFirstLoad(distDir, BUDGETS[1]);
}

const FONT = /\.(woff2?|ttf|otf)$/;

/** Measures one app's first load: its entry with everything it loads statically. */
export function measureFirstLoad(distDir: string, { app, entry, alsoLoads, budget }: (typeof BUDGETS)[number]): SizeReport {
  const manifestPath = join(distDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found: run \`npm run build:web\` first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ViteManifest;
  if (!manifest[entry]) throw new Error(`${entry} is not an entry of the build`);

  const counted = new Set<string>([entry, ...alsoLoads]);
  const lazy = new Set<string>();
  const visit = (key: string, isStatic: boolean) => {
    const chunk = manifest[key];
    if (!chunk) return;
    const assets = chunk.assets ?? [];
    // Font files are fetched only when text needs a glyph of their unicode-range (the Ethiopic
    // face: Amharic text on a device without its own Ethiopic font), never to open the app.
    const files = [chunk.file, ...(chunk.css ?? []), ...assets.filter((f) => !FONT.test(f))];
    assets.filter((f) => FONT.test(f)).forEach((f) => lazy.add(f));
    if (isStatic) {
      if (counted.has(chunk.file)) return;
      files.forEach((f) => counted.add(f));
    } else {
      if (counted.has(chunk.file) || lazy.has(chunk.file)) return;
      files.forEach((f) => lazy.add(f));
    }
    for (const next of chunk.imports ?? []) visit(next, isStatic);
    for (const next of chunk.dynamicImports ?? []) visit(next, false);
  };
  visit(entry, true);
  // The entry's HTML file itself is keyed by its source name but lives at the root of dist.
  counted.delete(entry);
  counted.add(entry.replace(/^.*\//, ''));

  const rows: SizeRow[] = [];
  for (const [set, isCounted] of [[counted, true], [lazy, false]] as const) {
    for (const file of set) {
      const path = join(distDir, file);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      rows.push({ file, bytes: bytes.length, gzip: gz(bytes), counted: isCounted });
    }
  }
  const firstLoadGzip = rows.filter((r) => r.counted).reduce((sum, r) => sum + r.gzip, 0);
  return { app, rows, firstLoadGzip, budget, ok: firstLoadGzip <= budget };
}

export function formatReport(report: SizeReport): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`.padStart(10);
  const lines = [`${report.app} first load (gzip -9)`, `${'file'.padEnd(48)}${'raw'.padStart(10)}${'gzip'.padStart(10)}`];
  for (const r of report.rows.filter((x) => x.counted)) lines.push(`${r.file.padEnd(48)}${kb(r.bytes)}${kb(r.gzip)}`);
  lines.push(`${'TOTAL first load'.padEnd(58)}${kb(report.firstLoadGzip)}   budget ${kb(report.budget).trim()}  ${report.ok ? 'OK' : 'OVER BUDGET'}`);
  lines.push('', 'loaded on demand (not counted):');
  for (const r of report.rows.filter((x) => !x.counted)) lines.push(`${r.file.padEnd(48)}${kb(r.bytes)}${kb(r.gzip)}`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist', 'web'));
  let over = false;
  for (const budget of BUDGETS) {
    const report = measureFirstLoad(distDir, budget);
    console.log(formatReport(report), '\n');
    if (!report.ok) {
      console.error(`${report.app} first load is ${report.firstLoadGzip} bytes gzipped, over the ${report.budget}-byte budget.`);
      over = true;
    }
  }
  if (over) process.exit(1);
}

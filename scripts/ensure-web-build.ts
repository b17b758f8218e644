// Builds the browser apps (dist/web) when they are missing or older than their sources, so
// `npm start` and `npm run demo` always serve the current scanner and ticket pages. A fresh
// build takes a few seconds; an up-to-date one costs a directory walk.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/web/scan.html';
const SOURCES = ['src/web', 'src/core', 'vite.config.ts'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const source = Math.max(...SOURCES.filter((p) => existsSync(p)).map(newest));
if (built >= source) process.exit(0);
console.log(built ? 'Web app sources changed: rebuilding dist/web…' : 'Building the web app (dist/web)…');
const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(result.status ?? 1);

// What a build of the web app is, written next to it by the Vite config: a fingerprint of the
// sources it was built from and whether it is a production build. `npm start` / `npm run demo`
// (scripts/ensure-web-build.ts) and the browser tests (test/support/web-build.ts) both read it to
// decide whether their own output folder must be rebuilt: a folder with no record (an older
// build), a record of other sources, or a non-production build (Vite run under NODE_ENV=test) is
// rebuilt, so a server never keeps serving a stale or test-mode app.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
/** The folder `npm start` serves; written only by `npm run build:web` and the start/demo auto-build. */
export const SERVED_WEB_DIR = join(REPO_ROOT, 'dist/web');
export const BUILD_INFO_FILE = '.build-info.json';
/** Everything a web build depends on (test files excluded: they are not built). */
const INPUTS = ['src/web', 'src/core', 'vite.config.ts', 'package-lock.json'];

export interface WebBuildInfo { fingerprint: string; production: boolean; mode: string }
export type WebBuildState = 'current' | 'missing' | 'stale' | 'not-production';

async function files(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path)).sort()) {
    if (entry.endsWith('.test.ts')) continue;
    out.push(...await files(join(path, entry)));
  }
  return out;
}

/** A hash of the web app's sources: names (relative, so clones agree) and contents. */
export async function webSourcesFingerprint(root = REPO_ROOT): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    if (!existsSync(join(root, input))) continue;
    for (const file of await files(join(root, input))) hash.update(file.slice(root.length)).update('\0').update(await readFile(file));
  }
  return hash.digest('hex');
}

export async function readWebBuildInfo(outDir: string): Promise<WebBuildInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, BUILD_INFO_FILE), 'utf8')) as WebBuildInfo;
  } catch {
    return undefined;
  }
}

/** Whether the build in `outDir` is a production build of today's sources. */
export async function webBuildState(outDir: string, root = REPO_ROOT): Promise<WebBuildState> {
  const info = await readWebBuildInfo(outDir);
  if (!info || !existsSync(join(outDir, 'scan.html'))) return 'missing';
  if (!info.production) return 'not-production';
  return info.fingerprint === await webSourcesFingerprint(root) ? 'current' : 'stale';
}

/**
 * Runs the project's Vite build into `outDir` as a production build, whatever NODE_ENV the caller
 * runs under (Vitest sets `test`), so what the browser tests load is what a server ships.
 */
export function buildWeb(outDir: string, options: { quiet?: boolean; timeoutMs?: number } = {}): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [
      join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'production', '--outDir', outDir,
      '--logLevel', options.quiet ? 'error' : 'warn',
    ], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', options.quiet ? 'pipe' : 'inherit', options.quiet ? 'pipe' : 'inherit'], timeout: options.timeoutMs });
    let output = '';
    child.stdout?.on('data', (chunk) => { output += chunk; });
    child.stderr?.on('data', (chunk) => { output += chunk; });
    child.on('error', fail);
    child.on('exit', (code, signal) => code === 0 ? done() : fail(new Error(`vite build into ${outDir} failed (${signal ?? `exit ${code}`})\n${output}`)));
  });
}

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The browser tests need dist/web. Building costs a few seconds, so it is done only when the
 * sources changed since the last build: a fingerprint of src/web, src/core and the Vite config is
 * kept next to the build. Concurrent test files wait on a lock directory instead of building twice.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
export const WEB_DIST = join(ROOT, 'dist/web');
const STAMP = join(WEB_DIST, '.build-fingerprint');
const LOCK = join(ROOT, 'dist/.web-build.lock');
const INPUTS = ['src/web', 'src/core', 'vite.config.ts', 'package-lock.json'];

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

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await files(join(ROOT, input))) hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(): Promise<void> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      await mkdir(LOCK);
      return;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      const age = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 120_000) await rm(LOCK, { recursive: true, force: true });
      if (waited > 180_000) throw new Error('timed out waiting for another web build');
      await sleep(200);
    }
  }
}

/** Builds dist/web unless it is current. Returns the dist directory. */
export async function ensureWebBuild(): Promise<string> {
  const want = await fingerprint();
  const current = async () => existsSync(STAMP) && (await readFile(STAMP, 'utf8')) === want;
  if (await current()) return WEB_DIST;
  await acquireLock();
  try {
    if (await current()) return WEB_DIST;
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, timeout: 180_000 });
    await writeFile(STAMP, want);
    return WEB_DIST;
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

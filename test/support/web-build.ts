import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWeb, REPO_ROOT, webBuildState } from '../../scripts/web-build-info.ts';

/**
 * The browser tests' own build of the web app, in .test-cache/web — never dist/web, which a
 * running `npm start` or `npm run demo` may be serving (rebuilding it under a server swaps the
 * assets a loaded page still asks for). Built only when the sources changed since the last test
 * build (the same build record the start/demo auto-build reads), and as a production build, so
 * the tests load what ships. Concurrent test files wait on a lock directory instead of building
 * twice. createTestApp() serves this folder.
 */
export const TEST_WEB_DIR = join(REPO_ROOT, '.test-cache/web');
const LOCK = join(REPO_ROOT, '.test-cache/web.lock');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(): Promise<void> {
  await mkdir(join(REPO_ROOT, '.test-cache'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      await mkdir(LOCK);
      return;
    } catch {
      // A lock older than four minutes belongs to a build that died.
      const age = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 240_000) await rm(LOCK, { recursive: true, force: true });
      if (waited > 300_000) throw new Error('timed out waiting for another test web build');
      await sleep(200);
    }
  }
}

/** Builds .test-cache/web unless it is current. Returns the folder. */
export async function ensureWebBuild(): Promise<string> {
  if (await webBuildState(TEST_WEB_DIR) === 'current') return TEST_WEB_DIR;
  await acquireLock();
  try {
    if (await webBuildState(TEST_WEB_DIR) === 'current') return TEST_WEB_DIR;
    await buildWeb(TEST_WEB_DIR, { quiet: true, timeoutMs: 180_000 });
    return TEST_WEB_DIR;
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

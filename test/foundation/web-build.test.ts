// The served web app (dist/web) is written only by `npm run build:web` and the start/demo
// auto-build; the auto-build rebuilds whatever is not a production build of today's sources; the
// tests build and serve their own copy.
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_INFO_FILE, SERVED_WEB_DIR, webBuildState, webSourcesFingerprint } from '../../scripts/web-build-info.ts';
import { createTestApp } from '../support/test-app.ts';
import { ensureWebBuild, TEST_WEB_DIR } from '../support/web-build.ts';

describe('web build state', () => {
  let root: string;
  let out: string;
  const record = async (info: object) => writeFile(join(out, BUILD_INFO_FILE), JSON.stringify(info));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'karibu-webstate-'));
    await mkdir(join(root, 'src/web'), { recursive: true });
    await mkdir(join(root, 'src/core'), { recursive: true });
    await writeFile(join(root, 'src/web/main.tsx'), 'render()');
    await writeFile(join(root, 'src/core/decide.ts'), 'export const decide = 1;');
    await writeFile(join(root, 'vite.config.ts'), 'export default {}');
    out = join(root, 'dist/web');
    await mkdir(out, { recursive: true });
  });
  afterAll(async () => { await rm(root, { recursive: true, force: true }); });

  it('calls a folder with no build, or a build with no record, missing', async () => {
    expect(await webBuildState(join(root, 'nowhere'), root)).toBe('missing');
    await writeFile(join(out, 'scan.html'), '<!doctype html>');
    expect(await webBuildState(out, root)).toBe('missing');
  });

  it('tells a test-mode build, a stale build and a current one apart', async () => {
    const fingerprint = await webSourcesFingerprint(root);
    await record({ fingerprint, production: false, mode: 'production' });
    expect(await webBuildState(out, root)).toBe('not-production');
    await record({ fingerprint, production: true, mode: 'production' });
    expect(await webBuildState(out, root)).toBe('current');
    await writeFile(join(root, 'src/core/decide.ts'), 'export const decide = 2;');
    expect(await webBuildState(out, root)).toBe('stale');
    // Test files are not part of the build: editing one leaves the build current.
    await record({ fingerprint: await webSourcesFingerprint(root), production: true, mode: 'production' });
    await writeFile(join(root, 'src/core/decide.test.ts'), 'it()');
    expect(await webBuildState(out, root)).toBe('current');
  });
});

describe('the tests’ own web build', () => {
  it('goes to .test-cache/web as a production build, leaves dist/web alone, and is what test apps serve', async () => {
    const before = existsSync(SERVED_WEB_DIR) ? statSync(SERVED_WEB_DIR).mtimeMs : undefined;
    const dir = await ensureWebBuild();
    expect(dir).toBe(TEST_WEB_DIR);
    expect(await webBuildState(dir)).toBe('current');
    expect(existsSync(SERVED_WEB_DIR) ? statSync(SERVED_WEB_DIR).mtimeMs : undefined).toBe(before);
    const t = await createTestApp();
    try {
      expect(t.config.webDir).toBe(TEST_WEB_DIR);
      const res = await t.app.inject({ method: 'GET', url: '/scan' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<!doctype html>');
    } finally {
      await t.close();
    }
  }, 240_000);
});

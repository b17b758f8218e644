// The web apps are served with the caching a phone on a metered plan needs, compressed, and with
// a clear message when the build is missing.
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppContext } from '../app-context.ts';
import { installErrorHandling } from '../http/api-error.ts';
import { createWebFeature } from './web.routes.ts';

async function appFor(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandling(app);
  await createWebFeature({ distDir }).register(app as unknown as App, {} as AppContext);
  await app.ready();
  return app;
}

describe('web app serving', () => {
  let dir: string;
  let app: FastifyInstance;
  const js = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'karibu-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'scan.html'), '<!doctype html><title>Karibu Scan</title>');
    await writeFile(join(dir, 'console.html'), '<!doctype html><title>Karibu Console</title>');
    await writeFile(join(dir, 'attendee.html'), '<!doctype html><title>Karibu</title>');
    await writeFile(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"Karibu Scan"}');
    await writeFile(join(dir, 'assets', 'scan-abc123.js'), js);
    await writeFile(join(dir, 'assets', 'scan-abc123.js.gz'), gzipSync(js));
    app = await appFor(dir);
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the scanner at /scan, revalidated on every load', async () => {
    const res = await app.inject({ method: 'GET', url: '/scan' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('Karibu Scan');
    const again = await app.inject({ method: 'GET', url: '/scan', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves each app shell by file name too (the URL the service worker precaches)', async () => {
    const res = await app.inject({ method: 'GET', url: '/scan.html' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('Karibu Scan');
  });

  it('routes each app by prefix, so no app pulls another’s code', async () => {
    expect((await app.inject({ method: 'GET', url: '/console/events/1' })).body).toContain('Karibu Console');
    expect((await app.inject({ method: 'GET', url: '/t/some-secret-link' })).body).toContain('<title>Karibu</title>');
    expect((await app.inject({ method: 'GET', url: '/e/afrobeats/register' })).body).toContain('<title>Karibu</title>');
  });

  it('sends hashed assets precompressed and cached for a year', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/scan-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(js.length / 10);
    const plain = await app.inject({ method: 'GET', url: '/assets/scan-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('never lets the service worker or the manifest be cached stale', async () => {
    const sw = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-type']).toContain('javascript');
    expect(sw.headers['cache-control']).toBe('no-cache');
    const manifest = await app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(manifest.headers['content-type']).toContain('application/manifest+json');
    expect(manifest.headers['cache-control']).toBe('no-cache');
  });

  it('answers 503 with what to do when the web app was never built', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'karibu-web-empty-'));
    const bare = await appFor(join(empty, 'missing'));
    try {
      const res = await bare.inject({ method: 'GET', url: '/scan' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: { code: 'not_configured', message: expect.stringContaining('npm run build:web') } });
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

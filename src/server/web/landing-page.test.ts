// A browser that opens the server's address (the URL the demo prints) gets a page saying what it
// reached and where to go, in its own language; API clients still get JSON errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { LANDING_CATALOGS, LANDING_LOCALES } from './landing-messages.ts';

describe('the landing page at /', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const links = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

  it('is an HTML page linking the console, the door scanner and the API docs', async () => {
    const res = await get('/', { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toContain('accept-language');
    expect(res.body).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(res.body).toContain('<title>Karibu — event check-in</title>');
    expect(links(res.body)).toEqual(expect.arrayContaining(['/console', '/scan', '/docs']));
    expect(res.body).toContain('>Door scanner</a>');
  });

  it('speaks French to a French browser, and offers every other language as a plain link', async () => {
    const res = await get('/', { 'accept-language': 'fr-CI,fr;q=0.9,en;q=0.5' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('fr');
    expect(res.body).toContain('<html lang="fr"');
    expect(res.body).toContain('>Scanner d’entrée</a>');
    expect(res.body).toContain('>Console de l’organisateur</a>');
    expect(links(res.body)).toContain('/?lang=en');
    expect(res.body).not.toContain('>Door scanner<');
  });

  it('reads right to left in Arabic and in Ge’ez script in Amharic', async () => {
    const ar = await get('/', { 'accept-language': 'ar-EG,ar;q=0.9' });
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain('لوحة المنظّم');
    const am = await get('/?lang=am');
    expect(am.body).toContain('<html lang="am" dir="ltr">');
    expect(am.body).toMatch(/[\u1200-\u137F]/);
  });

  it('follows the language the visitor picked over the browser’s', async () => {
    const res = await get('/?lang=fr', { 'accept-language': 'en' });
    expect(res.body).toContain('<html lang="fr"');
    expect((await get('/?lang=xx', { 'accept-language': 'fr' })).body).toContain('<html lang="fr"');
    expect((await get('/')).body).toContain('<html lang="en"');
  });

  it('has every message in every language, and each link target answers', async () => {
    const keys = Object.keys(LANDING_CATALOGS.en).sort();
    for (const code of LANDING_LOCALES) {
      expect(Object.keys(LANDING_CATALOGS[code]).sort()).toEqual(keys);
      for (const value of Object.values(LANDING_CATALOGS[code])) expect(value.trim()).not.toBe('');
    }
    // /docs is served by the API itself; /scan and /console by the web build (503 saying how to build
    // when it is missing), never the JSON "no route" 404.
    for (const href of ['/docs', '/scan', '/console']) {
      const res = await get(href);
      expect(res.statusCode, href).not.toBe(404);
    }
  });

  it('leaves API 404s as JSON errors', async () => {
    const res = await get('/api/v1/nope', { accept: 'text/html', 'accept-language': 'fr' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toEqual({ error: { code: 'route_not_found', message: expect.any(String) } });
  });
});

import { randomUUID } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { helmetOptions } from './security-headers.ts';

/**
 * Every response carries the security headers, exactly as @fastify/helmet (which rebuilt them per
 * request) sent them: compared with the plugin itself and with the literal values.
 */
const CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';"
  + "img-src 'self' data: blob:;object-src 'none';script-src 'self' 'wasm-unsafe-eval';script-src-attr 'none';"
  + "style-src 'self' 'unsafe-inline';media-src 'self' blob:;connect-src 'self';worker-src 'self' blob:";
const EXPECTED: Record<string, string> = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

/** What @fastify/helmet sets with our options (a bare app: every other header is Fastify's own). */
async function pluginHeaders(env: 'production' | 'test'): Promise<Record<string, string>> {
  const ref = Fastify();
  // (helmet ships separate ESM and CJS typings; the options are the same object either way.)
  await ref.register(fastifyHelmet, helmetOptions({ env }) as never);
  ref.get('/', async () => ({}));
  const res = await ref.inject({ method: 'GET', url: '/' });
  await ref.close();
  const own = new Set(['content-type', 'content-length', 'date', 'connection']);
  return Object.fromEntries(Object.entries(res.headers).filter(([k]) => !own.has(k)).map(([k, v]) => [k, String(v)]));
}

const helmetPart = (headers: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.filter((k) => k in headers).map((k) => [k, String(headers[k])]));

describe(`security headers (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let door: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 1 });
    const manager = await loginAs(t.app, org.staff.manager.email);
    door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
  });
  afterAll(async () => { await t?.close(); });

  it('are the ones @fastify/helmet sends with our options, HSTS in production only', async () => {
    expect(await pluginHeaders('test')).toEqual(EXPECTED);
    expect(await pluginHeaders('production')).toEqual({ ...EXPECTED, ...HSTS });
  });

  it('are on every kind of response: a scan, refusals, validation errors, unknown routes, health', async () => {
    const names = [...Object.keys(EXPECTED), ...Object.keys(HSTS)];
    const scanUrl = `/api/v1/events/${org.event.id}/scans`;
    const scan = { scanId: randomUUID(), gateId: org.venue.gates[0]!.id, direction: 'in', qr: org.tickets[0]!.qr };
    const requests = [
      { method: 'POST', url: scanUrl, headers: bearer(door), payload: scan },
      { method: 'POST', url: scanUrl, payload: scan },
      { method: 'POST', url: scanUrl, headers: bearer(door), payload: { scanId: 'nope' } },
      { method: 'POST', url: scanUrl, headers: { ...bearer(door), 'content-type': 'application/json' }, payload: '{oops' },
      { method: 'GET', url: '/api/v1/nothing-here' },
      { method: 'GET', url: '/health/live' },
      { method: 'HEAD', url: '/health/ready' },
    ] as const;
    const statuses: number[] = [];
    for (const req of requests) {
      const res = await t.app.inject(req);
      statuses.push(res.statusCode);
      expect(helmetPart(res.headers, names), `${req.method} ${req.url} → ${res.statusCode}`).toEqual(EXPECTED);
    }
    expect(statuses).toEqual([200, 401, 400, 400, 404, 200, 200]);
  });

  it('leave a route its own CSP (the API docs) and keep the others', async () => {
    const { 'content-security-policy': _csp, ...rest } = EXPECTED;
    for (const url of ['/docs', '/docs/json']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; base-uri 'self';.*validator\.swagger\.io/);
      expect(helmetPart(res.headers, Object.keys(rest))).toEqual(rest);
    }
  });
});

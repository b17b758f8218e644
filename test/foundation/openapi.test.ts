import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The OpenAPI document lists every route, each with an operationId, and is browsable at /docs. */
describe('OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('documents every registered route with a unique operationId', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const documented = new Map<string, string | undefined>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) documented.set(`${method.toUpperCase()} ${path}`, op.operationId);
    }
    const registered = t.app.routeList
      .filter((r) => !r.url.startsWith('/docs') && r.method !== 'HEAD' && !r.hidden)
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(2);
    for (const route of registered) {
      expect(documented.has(route), `${route} is missing from /docs/json`).toBe(true);
      expect(documented.get(route), `${route} has no operationId`).toBeTruthy();
    }
    const ids = [...documented.values()];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves a browsable page at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('answers liveness, readiness and metrics', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).json()).toEqual({ status: 'ok' });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('karibu_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/health/ready",status_code="200"}');
  });

  it('answers 503 on readiness while draining', async () => {
    t.app.ctx.lifecycle.draining = true;
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: { code: 'draining', message: expect.any(String) } });
    } finally {
      t.app.ctx.lifecycle.draining = false;
    }
  });
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.ts';
import { AJV_OPTIONS, installErrorHandling } from './api-error.ts';

/** A bare app with the shared error handling and routes that fail in every way a route can. */
function appUnderTest() {
  const app = Fastify({ logger: false, bodyLimit: 1024, ajv: { customOptions: AJV_OPTIONS } });
  installErrorHandling(app);
  app.post('/things', {
    schema: { body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1 } } } },
  }, async () => ({ ok: true }));
  app.get('/boom', async () => { throw new Error('secret internals at /srv/app.ts:42'); });
  app.get('/domain', async () => { throw new DomainError('capacity_reached', 'The event is full.'); });
  return app;
}

describe('one error shape', () => {
  const cases: [string, () => Promise<{ statusCode: number; json: () => unknown; body: string }>, number, string][] = [
    ['unknown route', async () => appUnderTest().inject({ method: 'GET', url: '/nowhere' }), 404, 'route_not_found'],
    ['bad JSON', async () => appUnderTest().inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' }), 400, 'invalid_json'],
    ['oversized body', async () => appUnderTest().inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(5000) }) }), 413, 'payload_too_large'],
    ['schema failure', async () => appUnderTest().inject({ method: 'POST', url: '/things', payload: { name: '' } }), 400, 'validation_failed'],
    ['unexpected field', async () => appUnderTest().inject({ method: 'POST', url: '/things', payload: { name: 'a', admin: true } }), 400, 'validation_failed'],
    ['wrong media type', async () => appUnderTest().inject({ method: 'POST', url: '/things', headers: { 'content-type': 'text/csv' }, payload: 'a,b' }), 415, 'unsupported_media_type'],
    ['internal error', async () => appUnderTest().inject({ method: 'GET', url: '/boom' }), 500, 'internal'],
    ['domain error', async () => appUnderTest().inject({ method: 'GET', url: '/domain' }), 409, 'capacity_reached'],
  ];
  it.each(cases)('%s gives the right status and code', async (_name, run, status, code) => {
    const res = await run();
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(Object.keys(body)).toEqual(['error']);
    expect(res.body).not.toMatch(/\.ts:\d+|at \w+ \(|secret internals/);
  });

  it('names the offending field in a validation message', async () => {
    const res = await appUnderTest().inject({ method: 'POST', url: '/things', payload: { name: 'a', admin: true } });
    expect((res.json() as { error: { message: string } }).error.message).toContain('admin');
  });
});

import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../../test/tickets/support.ts';
import { createEventFixture, type EventFixture } from '../../../test/support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { ErrorBody, installErrorHandling } from './api-error.ts';
import { buildValidatorFactory, countValues, DETAIL_VALUE_BUDGET } from './validation.ts';

interface Refusal { error: { code: string; message: string; details?: { path: string; message: string }[] } }

/** A bare app with the server's validator factory and error handling, and one route of each kind of field. */
function appUnderTest() {
  const app = Fastify({ logger: false, schemaController: { compilersFactory: { buildValidator: buildValidatorFactory() as never } } });
  installErrorHandling(app);
  app.addSchema(ErrorBody);
  app.post('/things/:id', {
    schema: {
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })) }),
      body: Type.Object({
        name: Type.String({ minLength: 1 }),
        direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
        note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        items: Type.Optional(Type.Array(Type.Object({ n: Type.Integer() }, { additionalProperties: false }), { maxItems: 1000 })),
      }, { additionalProperties: false }),
      response: { 400: { $ref: 'ErrorBody#' } },
    },
  }, async () => ({ ok: true }));
  return app;
}
const ID = '0190f3c2-7a4e-7c1b-9d2e-3f4a5b6c7d8e';
const post = async (payload: unknown, url = `/things/${ID}`) => {
  const res = await appUnderTest().inject({ method: 'POST', url, payload: payload as object });
  return { status: res.statusCode, body: res.json() as Refusal };
};

describe('validation errors list every problem', () => {
  it('three bad fields give three details, one per field, with their paths', async () => {
    const { status, body } = await post({ name: '', direction: 'sideways', note: 5 });
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    // The message still names the first problem, as before.
    expect(body.error.message).toBe('body.name must NOT have fewer than 1 characters');
    expect(body.error.details).toEqual([
      { path: 'body.name', message: 'must NOT have fewer than 1 characters' },
      { path: 'body.direction', message: 'must be "in" or "out"' },
      { path: 'body.note', message: 'must be string or null' },
    ]);
  });

  it('names missing and unknown fields, and items by index', async () => {
    const { body } = await post({ admin: true, items: [{ n: 1 }, { n: 'x' }, { n: 2, m: 3 }] });
    expect(body.error.details).toEqual([
      { path: 'body.name', message: 'is required' },
      { path: 'body.direction', message: 'is required' },
      { path: 'body.admin', message: 'is not allowed' },
      { path: 'body.items.1.n', message: 'must be integer' },
      { path: 'body.items.2.m', message: 'is not allowed' },
    ]);
  });

  it('more than 20 problems are cut to 20', async () => {
    const items = Array.from({ length: 50 }, () => ({ n: 'x' }));
    const { body } = await post({ name: 'ok', direction: 'in', items });
    expect(body.error.details).toHaveLength(20);
    expect(body.error.details![19]).toEqual({ path: 'body.items.19.n', message: 'must be integer' });
  });

  it('a refused input too big to walk again lists its first problem only', async () => {
    // 80,000 bad items in 800 KB: collecting every error would cost a second pass over all of them.
    const items = Array.from({ length: 80_000 }, () => ({ n: 'x' }));
    const { status, body } = await post({ name: 'ok', direction: 'in', items });
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: 'body.items', message: 'must NOT have more than 1000 items' }]);
    expect(countValues({ items }, DETAIL_VALUE_BUDGET)).toBeGreaterThan(DETAIL_VALUE_BUDGET);
    expect(countValues({ a: [1, 2, { b: null }] }, DETAIL_VALUE_BUDGET)).toBe(6);
  });

  it('query strings and path parameters are named as such', async () => {
    expect((await post({ name: 'ok', direction: 'in' }, '/things/nope')).body.error.details)
      .toEqual([{ path: 'params.id', message: 'must match format "uuid"' }]);
    expect((await post({ name: 'ok', direction: 'in' }, `/things/${ID}?limit=99&extra=1`)).body.error.details)
      .toEqual([{ path: 'querystring.limit', message: 'must be <= 10' }]);
  });
});

describe(`validation details through the server (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
  });
  afterAll(async () => { await t?.close(); });

  it('a real route answers every problem of its body at once', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: await bearer(t.app, f, 'manager'),
      payload: { url: 5, events: 'ticket.issued', description: 7 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'validation_failed', message: 'body.url must be string',
        details: [
          { path: 'body.url', message: 'must be string' },
          { path: 'body.events', message: 'must be array' },
          { path: 'body.description', message: 'must be string or null' },
        ],
      },
    });
  });
});

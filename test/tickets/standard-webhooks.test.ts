import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { seal } from '../../src/server/secrets/sealed-box.ts';
import { SECRET_PURPOSE } from '../../src/server/webhooks/webhook-dispatcher.ts';
import { updateEndpoint } from '../../src/server/webhooks/webhook.repository.ts';
import { signStandardWebhook, verifyWebhookSignature } from '../../src/server/webhooks/webhook-signature.ts';
import { webhookDispatcher } from '../../src/server/webhooks/webhooks.routes.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer } from './support.ts';
import { startReceiver, type Received } from './webhook-receiver.ts';

/** Receivers verify our deliveries with the Standard Webhooks reference library, not with our code. */

const standardHeaders = (r: Received) => ({
  'webhook-id': r.headers['webhook-id'] as string,
  'webhook-timestamp': r.headers['webhook-timestamp'] as string,
  'webhook-signature': r.headers['webhook-signature'] as string,
});

describe(`Standard Webhooks deliveries (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  let manager: Record<string, string>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp();
    webhookDispatcher(t.app.ctx).configure({ pollMs: 25, baseDelayMs: 40, maxDelayMs: 200 });
    f = await createEventFixture(t.app.ctx);
    manager = await bearer(t.app, f, 'manager');
  });
  afterAll(async () => { await t?.close(); await receiver?.close(); });

  it('a real delivery verifies with the standardwebhooks package, with one webhook-id across retries', async () => {
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['*'] },
    });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json() as { endpoint: { id: string }; secret: string };
    const n = receiver.received.length;
    receiver.failNext(1);
    const before = Math.floor(Date.now() / 1000);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/test`, headers: manager })).statusCode).toBe(202);
    await receiver.waitFor(n + 2);
    const [first, retry] = receiver.received.slice(n);

    const wh = new Webhook(secret);
    for (const r of [first!, retry!]) {
      expect(wh.verify(r.body, standardHeaders(r))).toEqual(JSON.parse(r.body));
      expect(Number(r.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
      expect(Number(r.headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      // The older scheme rides along, unchanged.
      expect(verifyWebhookSignature(secret, r.headers['karibu-signature'] as string, r.body).ok).toBe(true);
    }
    expect(retry!.headers['karibu-attempt']).toBe('2');
    expect(retry!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(first!.headers['webhook-id']).toBe(first!.headers['karibu-delivery']);

    // A changed body, another message id, or another endpoint's secret: refused.
    const r = first!;
    expect(() => wh.verify(r.body.replace('Hello', 'Howdy'), standardHeaders(r))).toThrow(WebhookVerificationError);
    expect(() => wh.verify(r.body, { ...standardHeaders(r), 'webhook-id': 'msg_other' })).toThrow(WebhookVerificationError);
    const other = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['ticket.refunded'] },
    })).json() as { endpoint: { id: string }; secret: string };
    expect(() => new Webhook(other.secret).verify(r.body, standardHeaders(r))).toThrow(WebhookVerificationError);
    for (const id of [endpoint.id, other.endpoint.id]) {
      await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}`, headers: manager });
    }
  });

  it('an endpoint made before secrets were standard base64 keeps its Karibu-Signature and signs with the same key', async () => {
    const { endpoint } = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['*'] },
    })).json() as { endpoint: { id: string } };
    // The former form: base64url without padding. These first bytes make it start "-_-_".
    const legacy = `whsec_${Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), randomBytes(29)]).toString('base64url')}`;
    await withTenant(t.app.ctx.db, f.tenantId, (trx) => updateEndpoint(trx, endpoint.id, {
      secret_enc: seal(t.app.ctx.masterKey, SECRET_PURPOSE, Buffer.from(legacy), endpoint.id),
    }));
    const n = receiver.received.length;
    await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/test`, headers: manager });
    await receiver.waitFor(n + 1);
    const got = receiver.received[n]!;
    expect(verifyWebhookSignature(legacy, got.headers['karibu-signature'] as string, got.body).ok).toBe(true);
    // The library reads standard base64 only; the same key written that way (docs/api.md) verifies.
    expect(() => new Webhook(legacy)).toThrow();
    const converted = `whsec_${Buffer.from(legacy.slice('whsec_'.length), 'base64url').toString('base64')}`;
    expect(new Webhook(converted).verify(got.body, standardHeaders(got))).toMatchObject({ type: 'webhook.test' });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, headers: manager });
  });
});

describe('the Standard Webhooks published example', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';
  const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

  afterEach(() => { vi.useRealTimers(); });

  it('signs it as the spec says', () => {
    expect(signStandardWebhook(secret, id, timestamp, body)).toBe(expected);
    expect(signStandardWebhook(secret, id, timestamp, Buffer.from(body))).toBe(expected);
    expect(signStandardWebhook(secret, id, timestamp + 1, body)).not.toBe(expected);
  });

  it('and the reference library accepts our signature at that moment', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(timestamp * 1000);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(secret, id, timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ test: 2432232314 });
  });
});

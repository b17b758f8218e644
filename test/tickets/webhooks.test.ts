import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, withTenant } from '../../src/server/db/database.ts';
import { enqueueTicketWebhook } from '../../src/server/webhooks/webhook-outbox.ts';
import { retryDelayMs } from '../../src/server/webhooks/webhook-dispatcher.ts';
import { checkEndpointUrl } from '../../src/server/webhooks/webhook-endpoints.service.ts';
import { isPrivateAddress, postWebhook } from '../../src/server/webhooks/webhook-sender.ts';
import { signWebhookBody, verifyWebhookSignature } from '../../src/server/webhooks/webhook-signature.ts';
import { webhookDispatcher } from '../../src/server/webhooks/webhooks.routes.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { apiKey, bearer } from './support.ts';
import { startReceiver } from './webhook-receiver.ts';

describe(`outgoing webhooks (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  let manager: Record<string, string>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp();
    // Retries in tens of milliseconds instead of 30 s, 1 min, 2 min…
    webhookDispatcher(t.app.ctx).configure({ pollMs: 25, baseDelayMs: 40, maxDelayMs: 200 });
    f = await createEventFixture(t.app.ctx);
    manager = await bearer(t.app, f, 'manager');
  });
  afterAll(async () => { await t?.close(); await receiver?.close(); });

  it('signs every delivery, retries with backoff, and a receiver that fails twice gets the third delivery', async () => {
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager,
      payload: { url: receiver.url, events: ['ticket.issued', 'ticket.cancelled'], description: 'CRM' },
    });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json() as { endpoint: { id: string; events: string[] }; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/); // Standard Webhooks: base64 of 32 bytes
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: manager });
    expect(listed.json()).toMatchObject({ endpoints: [{ id: endpoint.id, events: ['ticket.issued', 'ticket.cancelled'], active: true }] });
    expect(listed.body).not.toContain(secret);

    receiver.failNext(2);
    const issued = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${f.eventId}/tickets`, headers: await apiKey(t.app, f),
      payload: { tickets: [{ type: 1, name: 'Hooked Guest', email: 'hooked@example.ng' }] },
    });
    const ticket = (issued.json() as { tickets: { id: string; qr: string; pin: string; code: string }[] }).tickets[0]!;
    await receiver.waitFor(3);
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    const eventIds = new Set(receiver.received.map((r) => r.headers['karibu-event-id']));
    expect(eventIds.size).toBe(1); // one event, delivered three times
    expect(receiver.received.map((r) => r.headers['karibu-attempt'])).toEqual(['1', '2', '3']);
    for (const r of receiver.received) {
      expect(r.headers['karibu-event']).toBe('ticket.issued');
      expect(verifyWebhookSignature(secret, r.headers['karibu-signature'] as string, r.body)).toMatchObject({ ok: true });
      // A body altered on the way no longer matches its signature.
      expect(verifyWebhookSignature(secret, r.headers['karibu-signature'] as string, r.body.replace('Hooked', 'Hacked')))
        .toEqual({ ok: false, reason: 'mismatch' });
    }
    const body = JSON.parse(receiver.received[2]!.body) as { id: string; type: string; data: { source: string; ticket: Record<string, unknown> } };
    expect(body).toMatchObject({ type: 'ticket.issued', data: { source: 'api', ticket: { id: ticket.id, holder: { name: 'Hooked Guest' }, status: 'valid' } } });
    // Webhooks carry no entry credentials.
    for (const secretPart of [ticket.qr, ticket.pin, ticket.code]) expect(receiver.received[2]!.body).not.toContain(secretPart);

    type Log = { deliveries: { status: string; attempts: number; attemptLog: { statusCode: number }[] }[] };
    const latest = async () => ((await t.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}/deliveries`, headers: manager })).json() as Log).deliveries[0];
    // The receiver has answered; the dispatcher records the outcome a moment later.
    await expect.poll(async () => (await latest())?.status, { timeout: 5_000 }).toBe('delivered');
    const delivery = await latest();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);

    // Subscribed: cancelled. Not subscribed: refunded.
    await t.app.inject({ method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${ticket.id}/cancel`, headers: manager });
    await receiver.waitFor(4);
    expect(receiver.received[3]!.headers['karibu-event']).toBe('ticket.cancelled');
    await t.app.inject({ method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${ticket.id}/refund`, headers: manager });
    const all = (await t.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}/deliveries`, headers: manager })).json() as { deliveries: { eventType: string }[] };
    expect(all.deliveries.map((d) => d.eventType).sort()).toEqual(['ticket.cancelled', 'ticket.issued']);
  });

  it('announces a check-in from the ticket id alone (what the scanning path calls)', async () => {
    const { endpoint, secret } = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['ticket.checked_in'] },
    })).json() as { endpoint: { id: string }; secret: string };
    const [ticket] = await f.issue([{ holderName: 'Door Guest', holderPhone: '+2348031234567', orderRef: 'O-5' }]);
    const n = receiver.received.length;
    const queued = await withTenant(t.app.ctx.db, f.tenantId, (trx) => enqueueTicketWebhook(trx, f.tenantId, 'ticket.checked_in', ticket!.id,
      { scan: { id: 'scan-1', gateId: f.gate('Main'), direction: 'in' } }));
    expect(queued).toBe(1);
    await receiver.waitFor(n + 1);
    const got = receiver.received[n]!;
    expect(verifyWebhookSignature(secret, got.headers['karibu-signature'] as string, got.body).ok).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'ticket.checked_in',
      data: {
        scan: { id: 'scan-1', direction: 'in' },
        ticket: { id: ticket!.id, serial: ticket!.serial, status: 'valid', type: { no: 1 }, holder: { name: 'Door Guest', phone: '+2348031234567' }, orderRef: 'O-5' },
      },
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, headers: manager });
    // Nobody subscribed: nothing is written.
    expect(await withTenant(t.app.ctx.db, f.tenantId, (trx) => enqueueTicketWebhook(trx, f.tenantId, 'ticket.checked_in', ticket!.id))).toBe(0);
  });

  it('rotates the secret (the old one stops verifying) and sends a test event on request', async () => {
    const { endpoint, secret: oldSecret } = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['*'] },
    })).json() as { endpoint: { id: string }; secret: string };
    const rotated = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/rotate-secret`, headers: manager });
    const newSecret = (rotated.json() as { secret: string }).secret;
    expect(newSecret).not.toBe(oldSecret);
    const n = receiver.received.length;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/test`, headers: manager })).statusCode).toBe(202);
    await receiver.waitFor(n + 1);
    const got = receiver.received[n]!;
    expect(got.headers['karibu-event']).toBe('webhook.test');
    expect(verifyWebhookSignature(newSecret, got.headers['karibu-signature'] as string, got.body).ok).toBe(true);
    expect(verifyWebhookSignature(oldSecret, got.headers['karibu-signature'] as string, got.body).ok).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, headers: manager })).statusCode).toBe(204);
  });

  it('gives up after the last attempt (failed, kept in the log) and can be redelivered', async () => {
    const dispatcher = webhookDispatcher(t.app.ctx);
    dispatcher.configure({ maxAttempts: 2 });
    try {
      const { endpoint } = (await t.app.inject({
        method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['*'] },
      })).json() as { endpoint: { id: string } };
      const n = receiver.received.length;
      receiver.failNext(2);
      const { deliveryId } = (await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/test`, headers: manager })).json() as { deliveryId: string };
      await receiver.waitFor(n + 2);
      const deliveries = async () => ((await t.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}/deliveries`, headers: manager }))
        .json() as { deliveries: { id: string; status: string; attempts: number }[] }).deliveries;
      await expect.poll(async () => (await deliveries())[0]?.status, { timeout: 5_000 }).toBe('failed');
      const redo = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver`, headers: manager });
      expect(redo.statusCode).toBe(202);
      await receiver.waitFor(n + 3);
      await expect.poll(async () => (await deliveries())[0]?.status, { timeout: 5_000 }).toBe('delivered');
      await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, headers: manager });
    } finally {
      dispatcher.configure({ maxAttempts: 15 });
    }
  });

  it('purges expired idempotency keys and finished deliveries past the log’s retention', async () => {
    const { endpoint } = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['ticket.refunded'] },
    })).json() as { endpoint: { id: string } };
    const old = new Date(Date.now() - 40 * 86_400_000);
    await asSystem(t.app.ctx.db, async (trx) => {
      await trx.insertInto('idempotency_keys').values([
        { tenant_id: f.tenantId, scope: 'issueTickets:x', key: 'expired', request_hash: Buffer.alloc(32), ticket_ids: [], expires_at: new Date(Date.now() - 1000) },
        { tenant_id: f.tenantId, scope: 'issueTickets:x', key: 'live', request_hash: Buffer.alloc(32), ticket_ids: [], expires_at: new Date(Date.now() + 3600_000) },
      ]).execute();
      await trx.insertInto('webhook_deliveries').values([
        { id: randomUUID(), tenant_id: f.tenantId, endpoint_id: endpoint.id, event_id: randomUUID(), event_type: 'ticket.refunded', payload: '{}', status: 'delivered', created_at: old },
        { id: randomUUID(), tenant_id: f.tenantId, endpoint_id: endpoint.id, event_id: randomUUID(), event_type: 'ticket.refunded', payload: '{}', status: 'delivered' },
      ] as never).execute();
    });
    const dispatcher = webhookDispatcher(t.app.ctx);
    dispatcher.configure({ housekeepingMs: 0 });
    try {
      await expect.poll(() => asSystem(t.app.ctx.db, async (trx) => ({
        keys: (await trx.selectFrom('idempotency_keys').select('key').where('scope', '=', 'issueTickets:x').execute()).map((r) => r.key),
        deliveries: (await trx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpoint.id).execute()).length,
      })), { timeout: 5_000 }).toEqual({ keys: ['live'], deliveries: 1 });
    } finally {
      dispatcher.configure({ housekeepingMs: 10 * 60_000 });
    }
  });

  it('keeps endpoints to their organizer and to managers', async () => {
    const { endpoint } = (await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['ticket.checked_in'] },
    })).json() as { endpoint: { id: string } };
    const other = await createEventFixture(t.app.ctx);
    const foreign = await bearer(t.app, other, 'manager');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}/deliveries`, headers: foreign })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: foreign })).json()).toEqual({ endpoints: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: await bearer(t.app, f, 'staff') })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: manager, payload: { url: receiver.url, events: ['ticket.exploded'] } });
    expect(bad.statusCode).toBe(422);
  });
});

describe('webhook signing, retry schedule and address checks', () => {
  it('verifies Karibu-Signature over the timestamp and raw body, and rejects stale ones', () => {
    const body = '{"id":"1","type":"ticket.issued"}';
    const header = signWebhookBody('whsec_test', body, 1_700_000_000);
    expect(verifyWebhookSignature('whsec_test', header, body, 1_700_000_100)).toEqual({ ok: true, timestamp: 1_700_000_000 });
    expect(verifyWebhookSignature('whsec_other', header, body, 1_700_000_100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_test', header, body, 1_700_000_000 + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature('whsec_test', 'v1=abc', body)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('backs off exponentially with jitter, capped', () => {
    const timing = { baseDelayMs: 30_000, maxDelayMs: 6 * 3600_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, timing, () => 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, timing, () => 0.5)).toBe(6 * 3600_000);
    expect(retryDelayMs(1, timing, () => 0)).toBe(27_000);
    expect(retryDelayMs(1, timing, () => 1)).toBe(33_000);
  });

  it('refuses private and loopback targets in production, at registration and at connect time', async () => {
    expect(['127.0.0.1', '10.0.0.5', '169.254.169.254', '192.168.1.1', '::1', '::ffff:127.0.0.1', 'fd00::1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '2001:4860:4860::8888', 'example.com'].some(isPrivateAddress)).toBe(false);
    expect(() => checkEndpointUrl('http://hooks.example.com/x', true)).toThrow(/https/);
    expect(() => checkEndpointUrl('https://user:pw@hooks.example.com/x', true)).toThrow(/credentials/);
    expect(checkEndpointUrl('https://hooks.example.com/x', true)).toBe('https://hooks.example.com/x');
    const direct = await postWebhook('http://127.0.0.1:9/x', '{}', {}, { timeoutMs: 1_000, allowPrivateNetworks: false });
    expect(direct).toMatchObject({ statusCode: null, error: expect.stringContaining('private') });
    const viaDns = await postWebhook('http://localhost:9/x', '{}', {}, { timeoutMs: 1_000, allowPrivateNetworks: false });
    expect(viaDns).toMatchObject({ statusCode: null, error: expect.stringContaining('private') });
  });
});

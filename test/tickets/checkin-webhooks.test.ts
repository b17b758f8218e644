import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/server/webhooks/webhooks.routes.ts';
import { verifyWebhookSignature } from '../../src/server/webhooks/webhook-signature.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

/** An integrator's receiver hears about every online check-in and exit that counted — once. */
describe(`check-in webhooks from online scans (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let door: Session;
  let server: Server;
  const bodies: { signature: string; body: string }[] = [];
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { bodies.push({ signature: String(req.headers['karibu-signature']), body: Buffer.concat(chunks).toString() }); res.end('ok'); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await createTestApp();
    webhookDispatcher(t.app.ctx).configure({ pollMs: 25, baseDelayMs: 40, maxDelayMs: 200 });
    org = await seedOrg(t.app, { tickets: 3 });
    const manager = await loginAs(t.app, org.staff.manager.email);
    door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
  });
  afterAll(async () => { await t.close(); await new Promise<void>((r) => server.close(() => r())); });

  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && bodies.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    return bodies;
  };

  it('sends ticket.checked_in for an admission, nothing for a duplicate read, ticket.checked_out for an exit', async () => {
    const manager = await loginAs(t.app, org.staff.manager.email);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(manager),
      payload: { url, events: ['ticket.checked_in', 'ticket.checked_out'] } });
    expect(created.statusCode).toBe(201);
    const secret = (created.json() as { secret: string }).secret;
    const ticket = org.tickets[0]!;
    const gateId = org.venue.gates.find((g) => g.name === 'Main')!.id;
    const scan = (direction: 'in' | 'out') => t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(door),
      payload: { scanId: randomUUID(), qr: ticket.qr, gateId, direction } });

    const first = await scan('in');
    expect(first.json()).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    expect((await scan('in')).json()).toMatchObject({ reason: 'duplicate_scan' });
    expect((await scan('out')).json()).toMatchObject({ verdict: 'exited' });

    const got = await waitFor(2);
    await new Promise((r) => setTimeout(r, 300)); // anything extra (the duplicate) would have arrived by now
    expect(bodies).toHaveLength(2);
    const events = got.map((b) => {
      expect(verifyWebhookSignature(secret, b.signature, b.body).ok).toBe(true);
      return JSON.parse(b.body) as { type: string; data: Record<string, unknown> };
    }).sort((a, b) => a.type.localeCompare(b.type));
    expect(events[0]).toMatchObject({ type: 'ticket.checked_in', data: { serial: ticket.serial, eventId: org.event.id, gateId, offline: false } });
    expect(events[1]).toMatchObject({ type: 'ticket.checked_out', data: { serial: ticket.serial, offline: false } });
    // Webhook payloads never carry what lets someone in.
    for (const b of got) { expect(b.body).not.toContain(ticket.qr); expect(b.body).not.toContain(ticket.pin); }
  });
});

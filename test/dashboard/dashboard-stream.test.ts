import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/contracts/dashboard.contract.ts';
import { buildApp, type KaribuApp } from '../../src/server/app.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth, batchBody, login, syncWorld, upload, type Phone, type SyncWorld } from '../sync/sync-helpers.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { openSse, type SseMessage } from './sse-client.ts';

/**
 * Live dashboards: two server instances on one database (and one Redis when the run has it), the
 * dashboard on one, the door on the other. Each change must reach the dashboard within a second.
 */
describe(`live dashboard stream (${testDatabaseKind})`, () => {
  let t: TestApp;
  let other: KaribuApp;
  let url: string;
  let w: SyncWorld;
  let phone: Phone;
  let tickets: IssuedTicket[];
  beforeAll(async () => {
    t = await createTestApp();
    other = await buildApp(t.config, { database: { ...t.db.handle, close: async () => undefined }, skipMigrations: true });
    await other.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
    w = await syncWorld(t.app);
    phone = await w.phone();
    tickets = await w.f.issue(4);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const stream = (session: { accessToken: string }, lastEventId?: string) => openSse(`${url}/api/v1/events/${w.f.eventId}/dashboard/stream`, {
    ...auth(session), ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
  });
  /** The figures a dashboard holds after a message (a snapshot, or the last one patched). */
  const snapshot = (m: SseMessage) => m.state as unknown as Dashboard;
  const figures = (m: SseMessage) => m.event === 'snapshot' || m.event === 'patch';
  const scan = async (ticket: IssuedTicket, direction: 'in' | 'out' = 'in') => {
    const scanId = randomUUID();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId, qr: ticket.qr, gateId: w.f.gate('Main'), direction },
    });
    expect(res.statusCode, res.body).toBe(200);
    return scanId;
  };
  let lastSeen: SseMessage | undefined;
  /** Waits for the message that shows `expected` and says how long it took from `since`. */
  const seen = async (s: Awaited<ReturnType<typeof stream>>, since: number, expected: Partial<Dashboard>) => {
    const m = await s.next((x) => figures(x) && Object.entries(expected).every(([k, v]) => x.state![k] === v), 3_000);
    lastSeen = m;
    return m.at - since;
  };

  it('sends the figures on connect and each change from the other instance within a second', async () => {
    const s = await stream(w.manager);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await s.next((m) => m.event === 'snapshot');
    expect(snapshot(first)).toMatchObject({ checkedIn: 0, insideNow: 0, expected: 4, view: 'full' });
    expect(first.id).toMatch(/^[0-9a-z.]+$/);

    const latencies: number[] = [];
    let since = Date.now();
    const admitted = await scan(tickets[0]!);
    latencies.push(await seen(s, since, { checkedIn: 1, insideNow: 1 }));
    // After the first snapshot, the fields that changed: not the event's name, and never less than
    // what the plain read says (the phones' list may trail it by a few seconds).
    expect(lastSeen!.event).toBe('patch');
    expect(lastSeen!.data).toHaveProperty('asOf');
    expect(lastSeen!.data).not.toHaveProperty('name');
    const plain = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(w.manager) })).json() as Dashboard;
    const { asOf: _a, devices: _d, ...held } = snapshot(lastSeen!);
    const { asOf: _b, devices: _e, ...read } = plain;
    expect(held).toEqual(read);

    since = Date.now();
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/${admitted}/undo`, headers: auth(phone) });
    expect(undo.statusCode, undo.body).toBe(200);
    latencies.push(await seen(s, since, { checkedIn: 0, insideNow: 0 }));

    since = Date.now();
    const offline = await upload(t.app, phone, w.f.eventId, batchBody(phone, [{ qr: tickets[1]!.qr, gateId: w.f.gate('Main'), at: Date.now() - 60_000 }]));
    expect(offline.statusCode, offline.body).toBe(200);
    latencies.push(await seen(s, since, { checkedIn: 1 }));

    since = Date.now();
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/tickets/${tickets[3]!.id}/cancel`, headers: auth(w.manager) });
    expect(cancel.statusCode, cancel.body).toBe(200);
    latencies.push(await seen(s, since, { expected: 3 }));

    since = Date.now();
    await w.f.issue(2);
    latencies.push(await seen(s, since, { expected: 5 }));

    console.log(`dashboard saw each change after ${latencies.join(', ')} ms`);
    for (const ms of latencies) expect(ms).toBeLessThan(1_000);
    s.close();
  });

  it('resumes with Last-Event-ID: nothing resent while nothing changed, the change when it does', async () => {
    const s = await stream(w.manager);
    const first = await s.next((m) => m.event === 'snapshot');
    s.close();

    const resumed = await stream(w.manager, first.id);
    await new Promise((r) => setTimeout(r, 800));
    expect(resumed.pending().filter((m) => m.event === 'snapshot')).toEqual([]);
    await scan(tickets[2]!);
    const next = await resumed.next((m) => m.event === 'snapshot');
    expect(snapshot(next).checkedIn).toBe(snapshot(first).checkedIn + 1);
    expect(next.id).not.toBe(first.id);
    resumed.close();

    // A dashboard that missed that change gets it at once on reconnecting.
    const late = await stream(w.manager, first.id);
    const caughtUp = await late.next((m) => m.event === 'snapshot', 1_000);
    expect(caughtUp.id).toBe(next.id);
    late.close();
  });

  it('streams the door view to door staff and refuses other organizers', async () => {
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.insertInto('staff_scopes')
      .values({ id: randomUUID(), tenant_id: w.f.tenantId, staff_id: w.f.users.staff.id, venue_id: w.f.venue.id, event_id: null }).execute());
    const staff = await login(t.app, w.f.users.staff.email, w.f.users.staff.password);
    const s = await stream(staff);
    const door = snapshot(await s.next((m) => m.event === 'snapshot'));
    expect(door.view).toBe('door');
    expect(door.feed.length).toBeGreaterThan(0);
    expect(door.feed.every((f) => f.holder === null || !f.holder.includes('Guest'))).toBe(true);
    s.close();

    const stranger = await syncWorld(t.app);
    const refused = await fetch(`${url}/api/v1/events/${w.f.eventId}/dashboard/stream`, { headers: auth(stranger.manager) });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const anonymous = await fetch(`${url}/api/v1/events/${w.f.eventId}/dashboard/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('ends its streams when the server shuts down, at once rather than after the grace period', async () => {
    const s = await stream(w.manager);
    await s.next((m) => m.event === 'snapshot');
    const started = Date.now();
    await other.close();
    await s.ended;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

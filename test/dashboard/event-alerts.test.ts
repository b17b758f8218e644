import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/contracts/dashboard.contract.ts';
import { buildApp, type KaribuApp } from '../../src/server/app.ts';
import { eventAlertWatcher } from '../../src/server/dashboard/dashboard.routes.ts';
import { checkEventAlerts } from '../../src/server/dashboard/event-alerts.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { webhookDispatcher } from '../../src/server/webhooks/webhooks.routes.ts';
import { auth, syncWorld, type Phone, type SyncWorld } from '../sync/sync-helpers.ts';
import { startReceiver } from '../tickets/webhook-receiver.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

/**
 * Capacity and no-show alerts: raised once each, by whichever instance looks first, announced as
 * webhooks a receiver gets, and listed on the dashboard.
 */
describe(`event alerts (${testDatabaseKind})`, () => {
  let t: TestApp;
  let second: KaribuApp;
  let w: SyncWorld;
  let phone: Phone;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp();
    second = await buildApp(t.config, { database: { ...t.db.handle, close: async () => undefined }, skipMigrations: true });
    webhookDispatcher(t.app.ctx).configure({ pollMs: 25, baseDelayMs: 40, maxDelayMs: 200 });
    // Started 10 minutes ago: no-shows are not counted yet.
    w = await syncWorld(t.app, { startOffsetMs: -10 * 60_000 });
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('events').set({ capacity: 5 }).where('id', '=', w.f.eventId).execute());
    phone = await w.phone();
    const hook = await t.app.inject({
      method: 'POST', url: '/api/v1/webhooks', headers: auth(w.manager), payload: { url: receiver.url, events: ['capacity.threshold', 'attendance.no_shows'] },
    });
    expect(hook.statusCode, hook.body).toBe(201);
  });
  afterAll(async () => { await second?.close(); await t?.close(); await receiver?.close(); });

  const admit = async (n: number) => {
    for (const ticket of await w.f.issue(n)) {
      const res = await t.app.inject({
        method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
        payload: { scanId: randomUUID(), qr: ticket.qr, gateId: w.f.gate('Main'), direction: 'in' },
      });
      expect(res.json().reason).toBe('admitted');
    }
  };
  const received = () => receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
  const dashboard = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(w.manager) })).json() as Dashboard;

  it('raises each capacity threshold once, from two instances at once, and a receiver is told', async () => {
    await admit(3); // 60 %
    expect(await checkEventAlerts(t.app.ctx)).toBe(0);
    await admit(1); // 80 %
    const raised = await Promise.all([checkEventAlerts(t.app.ctx), checkEventAlerts(second.ctx)]);
    expect(raised[0]! + raised[1]!).toBe(1);
    await receiver.waitFor(1);
    expect(received()[0]).toMatchObject({ type: 'capacity.threshold', data: { eventId: w.f.eventId, threshold: 80, insideNow: 4, capacity: 5 } });
    expect(await checkEventAlerts(t.app.ctx)).toBe(0); // still 80 %: nothing new

    await admit(1); // 100 %: the 90 % step is passed on the way
    expect(await checkEventAlerts(second.ctx)).toBe(2);
    await receiver.waitFor(3);
    expect(received().map((r) => r.data.threshold)).toEqual([80, 90, 100]);
    const alerts = (await dashboard()).alerts;
    expect(alerts.map((a) => [a.kind, a.threshold, a.insideNow, a.capacity])).toEqual([
      ['capacity.threshold', 80, 4, 5], ['capacity.threshold', 90, 5, 5], ['capacity.threshold', 100, 5, 5],
    ]);
  });

  it('counts the no-shows once, 30 minutes after the start', async () => {
    await w.f.issue(2); // valid, never scanned
    const later = new Date(Date.now() + 21 * 60_000);
    expect(await checkEventAlerts(t.app.ctx)).toBe(0);
    expect(await checkEventAlerts(t.app.ctx, later)).toBe(1);
    expect(await checkEventAlerts(second.ctx, later)).toBe(0);
    await receiver.waitFor(4);
    expect(received()[3]).toMatchObject({ type: 'attendance.no_shows', data: { eventId: w.f.eventId, count: 2 } });
    expect((await dashboard()).alerts.at(-1)).toMatchObject({ kind: 'attendance.no_shows', threshold: 0, count: 2 });
  });

  it('alerts on a zone with a capacity of its own, set through the zone API', async () => {
    const z = await syncWorld(t.app, { startOffsetMs: -10 * 60_000 });
    const zones = (await t.app.inject({ method: 'GET', url: `/api/v1/venues/${z.f.venue.id}/zones`, headers: auth(z.manager) })).json().items as { id: string; code: string }[];
    const ga = zones.find((x) => x.code === 'GA')!;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/venues/${z.f.venue.id}/zones/${ga.id}`, headers: auth(z.manager), payload: { capacity: 2 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().capacity).toBe(2);
    const door = await z.phone();
    for (const ticket of await z.f.issue(2)) {
      await t.app.inject({
        method: 'POST', url: `/api/v1/events/${z.f.eventId}/scans`, headers: auth(door),
        payload: { scanId: randomUUID(), qr: ticket.qr, gateId: z.f.gate('Main'), direction: 'in' },
      });
    }
    expect(await checkEventAlerts(t.app.ctx)).toBe(3); // 80, 90 and 100 % of the hall; the event (10,000) is far off
    expect(await checkEventAlerts(second.ctx)).toBe(0);
    const d = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${z.f.eventId}/dashboard`, headers: auth(z.manager) })).json() as Dashboard;
    expect(d.byZone.find((x) => x.code === 'GA')).toMatchObject({ insideNow: 2, capacity: 2, level: 100 });
    expect(d.byZone.find((x) => x.code === 'VIP')).toMatchObject({ insideNow: 2, capacity: null, level: 0 });
    expect(d.alerts.map((a) => [a.zoneId, a.threshold])).toEqual([[ga.id, 80], [ga.id, 90], [ga.id, 100]]);
  });

  it('raises alerts by itself once its watcher runs', async () => {
    const z = await syncWorld(t.app, { startOffsetMs: -60 * 60_000 }); // no-shows counted already
    await z.f.issue(1);
    const watcher = eventAlertWatcher(t.app.ctx)!;
    watcher.start(100);
    try {
      await expect.poll(async () => ((await t.app.inject({ method: 'GET', url: `/api/v1/events/${z.f.eventId}/dashboard`, headers: auth(z.manager) }))
        .json() as Dashboard).alerts.map((a) => [a.kind, a.count]), { timeout: 5_000 }).toEqual([['attendance.no_shows', 1]]);
    } finally {
      await watcher.stop();
    }
  });
});

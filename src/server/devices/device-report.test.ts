import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/database.ts';
import { auth, batchBody, manifestPage, syncWorld, upload, type SyncWorld } from '../../../test/sync/sync-helpers.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { ATTENTION_AFTER_MS } from './device-report.ts';

describe(`door phones report in (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app);
  });
  afterAll(async () => { await t?.close(); });

  const devices = async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/devices?venueId=${w.f.venue.id}`, headers: auth(w.manager) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().devices as { id: string; report: { appVersion: string | null; pendingScans: number | null; battery: unknown; reportedAt: string | null; needsAttention: boolean; manifest: unknown } }[];
  };

  it('shows what the phone said in the device list and the dashboard, and flags one whose scans wait unsynced', async () => {
    const phone = await w.phone();
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report).toEqual({ appVersion: null, pendingScans: null, battery: null, reportedAt: null, needsAttention: false, manifest: null });

    const sent = await t.app.inject({
      method: 'POST', url: '/api/v1/devices/me/report', headers: auth(phone),
      payload: { appVersion: '0.1.0+1a2b3c4d', pendingScans: 3, battery: { level: 0.42, charging: false } },
    });
    expect(sent.statusCode, sent.body).toBe(204);
    const listed = (await devices()).find((d) => d.id === phone.deviceId)!.report;
    expect(listed).toMatchObject({ appVersion: '0.1.0+1a2b3c4d', pendingScans: 3, battery: { level: 0.42, charging: false }, needsAttention: false });
    expect(Date.now() - Date.parse(listed.reportedAt!)).toBeLessThan(10_000);

    // Five minutes on with scans still waiting and no word from the phone: it needs a look.
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('devices')
      .set({ reported_at: new Date(Date.now() - ATTENTION_AFTER_MS - 1_000) }).where('id', '=', phone.deviceId).execute());
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report.needsAttention).toBe(true);
    const dash = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(w.manager) });
    expect(dash.json().devices.find((d: { deviceId: string }) => d.deviceId === phone.deviceId).report.needsAttention).toBe(true);

    // It syncs again with nothing waiting: the flag goes.
    await t.app.inject({ method: 'POST', url: '/api/v1/devices/me/report', headers: auth(phone), payload: { appVersion: '0.1.0+1a2b3c4d', pendingScans: 0 } });
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report).toMatchObject({ pendingScans: 0, battery: null, needsAttention: false });
  });

  it('shows where a phone\'s offline copy stands: the manifest position it reports and how many tickets changed since', async () => {
    const phone = await w.phone();
    const tickets = await w.f.issue(3);
    const page = await manifestPage(t.app, phone, w.f.eventId);
    const position = page.json!.position;
    expect(Number.isSafeInteger(position) && position > 0).toBe(true);
    const report = (manifest: unknown) => t.app.inject({
      method: 'POST', url: '/api/v1/devices/me/report', headers: auth(phone), payload: { appVersion: '0.1.0+1a2b3c4d', pendingScans: 0, manifest },
    });
    expect((await report({ eventId: w.f.eventId, position })).statusCode).toBe(204);
    const dashboardDevice = async () => {
      const dash = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(w.manager) });
      return dash.json().devices.find((d: { deviceId: string }) => d.deviceId === phone.deviceId).report.manifest;
    };
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report.manifest).toEqual({ eventId: w.f.eventId, position, changedSince: 0 });
    expect(await dashboardDevice()).toEqual({ eventId: w.f.eventId, position, changedSince: 0 });

    // Two tickets change on the server (one scanned in, one cancelled): the phone's copy is two behind until it syncs.
    const other = await w.phone();
    await upload(t.app, other, w.f.eventId, batchBody(other, [{ qr: tickets[0]!.qr, gateId: w.f.gate('Main'), at: Date.now() - 1000 }]));
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/tickets/${tickets[1]!.id}/cancel`, headers: auth(w.manager) });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report.manifest).toMatchObject({ position, changedSince: 2 });
    expect(await dashboardDevice()).toMatchObject({ changedSince: 2 });
    const delta = await manifestPage(t.app, phone, w.f.eventId, { since: page.json!.cursor });
    expect(delta.json!.position).toBeGreaterThan(position);
    await report({ eventId: w.f.eventId, position: delta.json!.position });
    expect(await dashboardDevice()).toMatchObject({ position: delta.json!.position, changedSince: 0 });
    // A phone that holds no copy says so: nothing is shown.
    await report(null);
    expect((await devices()).find((d) => d.id === phone.deviceId)!.report.manifest).toBeNull();
  });

  it('refuses bad reports with a clear 400 and sessions without a phone with 403', async () => {
    const phone = await w.phone();
    for (const payload of [
      { appVersion: '', pendingScans: 1 }, { appVersion: 'x'.repeat(41), pendingScans: 1 }, { appVersion: '1.0', pendingScans: -1 },
      { appVersion: '1.0', pendingScans: 1, battery: { level: 1.5, charging: true } }, { appVersion: '1.0<script>', pendingScans: 0 },
      { appVersion: '1.0', pendingScans: 0, extra: true },
      { appVersion: '1.0', pendingScans: 0, manifest: { eventId: 'not-a-uuid', position: 1 } }, { appVersion: '1.0', pendingScans: 0, manifest: { eventId: '0190c0de-0000-7000-8000-000000000001', position: -1 } },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/devices/me/report', headers: auth(phone), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const noPhone = await t.app.inject({ method: 'POST', url: '/api/v1/devices/me/report', headers: auth(w.manager), payload: { appVersion: '1.0', pendingScans: 0 } });
    expect(noPhone.statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, manifestPage, syncWorld, upload, type Phone, type SyncWorld, type UploadResult } from './sync-helpers.ts';

/**
 * A whole order checked in offline: the manifest groups a names-allowed phone's names by order
 * (sync format 3) and the upload takes tickets picked by name, by serial, from such phones only.
 */
describe(`offline orders (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let order: IssuedTicket[];
  let single: IssuedTicket;
  let other: IssuedTicket[];
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app);
    [single] = await w.f.issue([{ holderName: 'Amara Obi' }]) as [IssuedTicket];
    order = await w.f.issue(['Chidinma Nwachukwu', 'Kofi Mensah', 'Fatou Diop'].map((holderName) => ({ holderName, orderRef: 'LAGOS-0417' })));
    other = await w.f.issue(['Tunde Bello', 'Zainab Musa'].map((holderName) => ({ holderName, orderRef: 'ABUJA-9' })));
  });
  afterAll(async () => { await t?.close(); });

  const namesPhone = async (): Promise<Phone> => {
    const phone = await w.phone();
    const set = await t.app.inject({ method: 'PUT', url: `/api/v1/devices/${phone.deviceId}/offline-names`, headers: auth(w.manager), payload: { allowed: true } });
    expect(set.statusCode).toBe(200);
    return phone;
  };
  const scansOf = (ticketId: string) => withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('scans')
    .select(['input_kind', 'offline', 'verdict', 'server_verdict', 'conflict']).where('ticket_id', '=', ticketId).execute());
  const row = (ticketId: string) => withTenant(t.app.ctx.db, w.f.tenantId, (trx) =>
    trx.selectFrom('tickets').select(['presence', 'entry_count']).where('id', '=', ticketId).executeTakeFirstOrThrow());

  it('gives a names-allowed phone reading format 3 each ticket\'s order group, and nothing more', async () => {
    const phone = await namesPhone();
    const page = await manifestPage(t.app, phone, w.f.eventId, { format: 3 });
    expect(page.json).toMatchObject({ format: 3, device: { names: true } });
    const names = new Map(page.json!.names!.map((n) => [n[0], n]));
    const lead = order[0]!.serial;
    // The order's first ticket and a ticket alone carry no group (theirs is their own serial);
    // the others name the first serial of their order. The order reference itself never travels.
    expect(names.get(lead)).toEqual([lead, 'Chidinma Nwachukwu']);
    expect(names.get(order[1]!.serial)).toEqual([order[1]!.serial, 'Kofi Mensah', lead]);
    expect(names.get(order[2]!.serial)).toEqual([order[2]!.serial, 'Fatou Diop', lead]);
    expect(names.get(other[1]!.serial)).toEqual([other[1]!.serial, 'Zainab Musa', other[0]!.serial]);
    expect(names.get(single.serial)).toEqual([single.serial, 'Amara Obi']);
    expect(page.text).not.toContain('LAGOS-0417');

    // A ticket added to the order later comes in a delta with the same group.
    const [late] = await w.f.issue([{ holderName: 'Late Guest', orderRef: 'LAGOS-0417' }]) as [IssuedTicket];
    const delta = await manifestPage(t.app, phone, w.f.eventId, { format: 3, since: page.json!.cursor });
    expect(delta.json).toMatchObject({ full: false, reset: false });
    expect(delta.json!.names).toEqual([[late.serial, 'Late Guest', lead]]);
  });

  it('keeps answering format 2 to phones that do not ask, and starts over when a phone moves to 3', async () => {
    const phone = await namesPhone();
    const old = await manifestPage(t.app, phone, w.f.eventId);
    expect(old.json!.format).toBe(2);
    expect(old.json!.names!.every((n) => n.length === 2)).toBe(true);
    // The replica built from format 2 has no groups: the first format 3 sync is a fresh snapshot.
    const upgraded = await manifestPage(t.app, phone, w.f.eventId, { format: 3, since: old.json!.cursor });
    expect(upgraded.json).toMatchObject({ format: 3, full: true, reset: true });
    expect(upgraded.json!.names!.some((n) => n.length === 3)).toBe(true);

    // A phone without names has nothing to group: moving to format 3 continues its cursor.
    const plain = await w.phone();
    const before = await manifestPage(t.app, plain, w.f.eventId);
    const after = await manifestPage(t.app, plain, w.f.eventId, { format: 3, since: before.json!.cursor });
    expect(after.json).toMatchObject({ format: 3, reset: false, full: false, ticketCount: 0 });
    expect(after.json!.names).toBeUndefined();
    const unknown = await manifestPage(t.app, plain, w.f.eventId, { format: 6 });
    expect(unknown.res.statusCode).toBe(400);
  });

  it('checks an order of three in offline by serial: judged by replay, counted once, repeats are conflicts', async () => {
    const phone = await namesPhone();
    const gateId = w.f.gate('Main');
    const at = Date.now() - 60_000;
    const res = await upload(t.app, phone, w.f.eventId, batchBody(phone, order.map((x, i) => ({ serial: x.serial, gateId, at: at + i }))));
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().results as UploadResult[]).map((r) => [r.status, r.reason])).toEqual([['accepted', 'admitted'], ['accepted', 'admitted'], ['accepted', 'admitted']]);
    for (const x of order) {
      expect(await row(x.id)).toMatchObject({ presence: 'inside', entry_count: 1 });
      expect(await scansOf(x.id)).toEqual([{ input_kind: 'search', offline: true, verdict: 'admitted', server_verdict: 'admitted', conflict: false }]);
    }
    // A second names-allowed phone also let the first guest in offline: the same rule as any
    // offline scan — recorded, flagged, not counted.
    const second = await namesPhone();
    const again = await upload(t.app, second, w.f.eventId, batchBody(second, [{ serial: order[0]!.serial, gateId, at: at + 10_000 }]));
    expect((again.json().results as UploadResult[])[0]).toMatchObject({ status: 'conflict', reason: 'already_inside' });
    expect(await row(order[0]!.id)).toMatchObject({ entry_count: 1 });
    // A serial no ticket has is recorded as refused; it is no guess (the lockout stays untouched).
    const stray = await upload(t.app, second, w.f.eventId, batchBody(second, [{ serial: 999_999, gateId, at, verdict: 'refused', reason: 'unknown_ticket' }]));
    expect((stray.json().results as UploadResult[])[0]).toMatchObject({ status: 'accepted', reason: 'unknown_ticket' });
  });

  it('refuses serials from a phone not allowed offline names, with a clear error and nothing recorded', async () => {
    const phone = await w.phone();
    const gateId = w.f.gate('Main');
    const res = await upload(t.app, phone, w.f.eventId, batchBody(phone, [
      { qr: other[0]!.qr, gateId, at: Date.now() - 5000 },
      { serial: other[1]!.serial, gateId, at: Date.now() - 4000 },
    ]));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden' });
    expect(res.json().error.message).toMatch(/body\.scans\.1: this device may not upload tickets picked by name/);
    expect(await scansOf(other[0]!.id)).toEqual([]);
    expect(await scansOf(other[1]!.id)).toEqual([]);
    // Naming a ticket twice over is a malformed scan, whoever sends it.
    const both = batchBody(phone, [{ qr: other[0]!.qr, gateId, at: Date.now() }]);
    const twice = await upload(t.app, phone, w.f.eventId, { ...both, scans: [{ ...both.scans[0]!, serial: other[0]!.serial }] });
    expect(twice.statusCode).toBe(400);
  });
});

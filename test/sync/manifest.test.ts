import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlToBytes, codeLookupKey, openSealedName, parseTicketToken, pinLookupKey, tokenDigest, utf8Decode } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, decodeRecords, manifestPage, syncWorld, upload, type Phone, type SyncWorld } from './sync-helpers.ts';

/** The manifest as a door phone downloads it: paged, resumable, deltas, and no readable guest list. */
describe(`offline manifest (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let door: Phone;
  let tickets: IssuedTicket[];
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app);
    tickets = await w.f.issue(Array.from({ length: 250 }, (_, i) => ({ holderName: `Adaeze Okafor${String.fromCharCode(97 + (i % 26))}`, holderEmail: `guest${i}@example.test`, holderPhone: '+2348012345678' })));
    door = await w.phone();
  });
  afterAll(async () => { await t?.close(); });

  it('downloads a snapshot in pages that resume from the last cursor, then only what changed', async () => {
    const eventId = w.f.eventId;
    const first = await manifestPage(t.app, door, eventId, { limit: 100 });
    expect(first.res.statusCode).toBe(200);
    expect(first.res.headers['content-encoding']).toBe('gzip');
    expect(first.json).toMatchObject({ full: true, reset: true, more: true, ticketCount: 100 });
    const second = await manifestPage(t.app, door, eventId, { limit: 100, since: first.json!.cursor });
    // "The connection broke" after page 2 arrived but before it was stored: ask again with the
    // cursor of page 1 — the same page comes back, nothing is skipped.
    const again = await manifestPage(t.app, door, eventId, { limit: 100, since: first.json!.cursor });
    expect(again.json!.tickets).toBe(second.json!.tickets);
    const third = await manifestPage(t.app, door, eventId, { limit: 100, since: second.json!.cursor });
    expect(second.json).toMatchObject({ full: true, reset: false, more: true, ticketCount: 100 });
    expect(third.json).toMatchObject({ full: true, reset: false, more: false, ticketCount: 50 });
    const serials = [first, second, third].flatMap((p) => decodeRecords(eventId, p.json!).map((r) => r.state.serial));
    expect(new Set(serials).size).toBe(250);

    // Up to date: an empty delta.
    const idle = await manifestPage(t.app, door, eventId, { since: third.json!.cursor });
    expect(idle.json).toMatchObject({ full: false, reset: false, more: false, ticketCount: 0 });

    // Another phone admits a ticket offline and syncs; the delta carries just that ticket, inside.
    const other = await w.phone();
    const res = await upload(t.app, other, eventId, batchBody(other, [{ qr: tickets[7]!.qr, gateId: w.f.gate('Main'), at: Date.now() - 1000 }]));
    expect(res.json().results[0].status).toBe('accepted');
    const delta = await manifestPage(t.app, door, eventId, { since: idle.json!.cursor });
    const records = decodeRecords(eventId, delta.json!);
    expect(delta.json!.full).toBe(false);
    expect(records.map((r) => r.state.serial)).toEqual([tickets[7]!.serial]);
    expect(records[0]!.state).toMatchObject({ presence: 'inside', entryCount: 1, lastScan: { gateId: w.f.gate('Main'), verdict: 'admitted' } });
  });

  it('carries what decide() needs and what authenticates a QR, code or PIN offline', async () => {
    const page = await manifestPage(t.app, door, w.f.eventId, { limit: 1000 });
    const json = page.json!;
    expect(json.policy).toMatchObject({ reentryRequiresExit: true, event: { zoneParents: { VIP: 'BACKSTAGE', GA: 'VIP' } } });
    expect(json.keys[0]).toMatchObject({ status: 'active' });
    expect(base64UrlToBytes(json.rotation!.secret)!.length).toBe(32);
    const t0 = tickets[0]!;
    const record = decodeRecords(w.f.eventId, json).find((r) => r.state.serial === t0.serial)!;
    const parsed = parseTicketToken(t0.qr);
    if (!parsed.ok) throw new Error('qr');
    expect(record.digest).toEqual(tokenDigest(parsed).subarray(0, 8));
    expect(record.codeKey).toBe(codeLookupKey(w.f.eventId, t0.code));
    expect(record.pinKey).toBe(pinLookupKey(w.f.eventId, t0.pin));
    expect(record.state).toMatchObject({ status: 'valid', zones: ['GA'], typeNo: 1 });
    // The name opens with the ticket's own QR when it is scanned.
    expect(openSealedName(record.sealed!, t0.qr, w.f.eventId, t0.serial)).toBe(t0.holderName);
  });

  it('a stolen manifest (the stored bytes) reveals no attendee name, email or phone without the tickets', async () => {
    const page = await manifestPage(t.app, door, w.f.eventId, { limit: 1000 });
    const stored = page.text + utf8Decode(base64UrlToBytes(page.json!.tickets)!);
    for (const needle of ['Adaeze', 'Okafor', 'adaeze', 'guest0@', 'example.test', '2348012345678']) expect(stored).not.toContain(needle);
    expect(page.json!.names).toBeUndefined();
    // Another ticket's QR (what a thief might hold) does not open this record.
    const records = decodeRecords(w.f.eventId, page.json!);
    const victim = records.find((r) => r.state.serial === tickets[3]!.serial)!;
    expect(openSealedName(victim.sealed!, tickets[4]!.qr, w.f.eventId, tickets[3]!.serial)).not.toBe(tickets[3]!.holderName);
  });

  it('sends the clear name list only to a device a manager allowed, and never to a kiosk', async () => {
    const allowed = await w.phone();
    const before = await manifestPage(t.app, allowed, w.f.eventId, { limit: 1000 });
    expect(before.json!.names).toBeUndefined();
    const set = await t.app.inject({ method: 'PUT', url: `/api/v1/devices/${allowed.deviceId}/offline-names`, headers: auth(w.manager), payload: { allowed: true } });
    expect(set.statusCode).toBe(200);
    // The old cursor was cut without names: the next sync is a fresh snapshot that has them.
    const after = await manifestPage(t.app, allowed, w.f.eventId, { limit: 1000, since: before.json!.cursor });
    expect(after.json).toMatchObject({ full: true, reset: true, device: { names: true } });
    expect(new Map(after.json!.names!.map((n) => [n[0], n[1]])).get(tickets[0]!.serial)).toBe(tickets[0]!.holderName);

    const kiosk = await w.phone({ kind: 'kiosk' });
    const refused = await manifestPage(t.app, kiosk, w.f.eventId);
    expect(refused.res.statusCode).toBe(403);
    expect(refused.text).not.toContain('Adaeze');
    const noNames = await t.app.inject({ method: 'PUT', url: `/api/v1/devices/${kiosk.deviceId}/offline-names`, headers: auth(w.manager), payload: { allowed: true } });
    expect(noNames.statusCode).toBe(422);
  });

  it('refuses staff sessions without a paired device, devices of another venue, and foreign cursors', async () => {
    const noDevice = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/manifest`, headers: auth(w.manager) });
    expect(noDevice.statusCode).toBe(403);
    const elsewhere = await syncWorld(t.app);
    const foreignPhone = await elsewhere.phone();
    expect((await manifestPage(t.app, foreignPhone, w.f.eventId)).res.statusCode).toBe(404);
    expect((await manifestPage(t.app, door, w.f.eventId, { since: 'not-a-cursor' })).res.statusCode).toBe(400);
    // A cursor of another event restarts with a snapshot of this one.
    const theirs = await manifestPage(t.app, foreignPhone, elsewhere.f.eventId);
    const restarted = await manifestPage(t.app, door, w.f.eventId, { since: theirs.json!.cursor, limit: 1000 });
    expect(restarted.json).toMatchObject({ full: true, reset: true, ticketCount: 250 });
  });

  it('picks up a change whose transaction committed after a later one was already delivered', async () => {
    // Simulate the race deterministically: the cursor says transaction X was still writing when the
    // page was cut; X's row has a position below the cursor's. The next delta must still carry it.
    const eventId = w.f.eventId;
    const top = await manifestPage(t.app, door, eventId, { limit: 1000 });
    const late = tickets[11]!;
    const xid = await withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      await sql`update tickets set holder_name = 'Renamed Guest' where id = ${late.id}`.execute(trx);
      return (await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(trx)).rows[0]!.xid;
    });
    // Put the change's position below the cursor, as if its transaction had taken it early (an
    // administrative write: the app's roles cannot rewrite the change log).
    await sql`update ticket_changes set seq = 1 where ticket_id = ${late.id} and xid = ${xid}::xid8`.execute(t.app.ctx.db);
    const { decodeCursor, encodeCursor } = await import('../../src/server/sync/manifest-cursor.ts');
    const cursor = decodeCursor(top.json!.cursor)!;
    const withInFlight = encodeCursor({ ...cursor, inFlight: [xid] });
    const delta = await manifestPage(t.app, door, eventId, { since: withInFlight, limit: 1000 });
    const records = decodeRecords(eventId, delta.json!);
    const renamed = records.find((r) => r.state.serial === late.serial)!;
    expect(renamed).toBeDefined();
    expect(openSealedName(renamed.sealed!, late.qr, eventId, late.serial)).toBe('Renamed Guest');
  });
});

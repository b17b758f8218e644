import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/web/scanner/offline/manifest-format.ts';
import { decideOffline } from '../../src/web/scanner/offline/offline-verdict.ts';
import { EventReplica } from '../../src/web/scanner/offline/replica.ts';
import { verifyEd25519 } from '../../src/web/scanner/offline/ed25519-web.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, decodeRecords, manifestPage, syncWorld, upload, type Phone, type SyncWorld, type UploadResult } from '../sync/sync-helpers.ts';

/**
 * What doors notice of an organizer's changes: key rotation and revocation, a cancelled event, a
 * ticket type's new zones — online at once, and on a door phone (its real offline code) after its
 * next manifest delta.
 */
describe(`event changes at the doors (${testDatabaseKind})`, () => {
  let t: TestApp;

  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  /** A phone's replica of the event, kept up to date from the server like the scanner does. */
  async function replicaOf(phone: Phone, eventId: string) {
    const replica = EventReplica.empty(eventId);
    let cursor: string | undefined;
    const sync = async () => {
      let more = true;
      let last;
      while (more) {
        const { json } = await manifestPage(t.app, phone, eventId, cursor ? { since: cursor } : {});
        replica.applyPage(parseManifest(json, eventId), [], Date.now());
        cursor = json!.cursor;
        more = json!.more;
        last = json!;
      }
      return last!;
    };
    await sync();
    const verdict = (qr: string, gateId: string) => decideOffline(replica, { input: { qr }, gateId, direction: 'in', at: Date.now() }, { verify: verifyEd25519 });
    return { replica, sync, verdict };
  }

  const scanOnline = (w: SyncWorld, phone: Phone, qr: string, gate: 'Main' | 'VIP' | 'Backstage' = 'Main') => t.app.inject({
    method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
    payload: { scanId: randomUUID(), qr, gateId: w.f.gate(gate), direction: 'in' },
  }).then((r) => r.json() as { verdict: string; reason: string });

  it('signs new tickets with a rotated key, keeps old ones working, and refuses a revoked key’s tickets online and offline', async () => {
    const w = await syncWorld(t.app);
    const phone = await w.phone();
    const [a] = await w.f.issue(1);
    const rotated = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/keys/rotate`, headers: auth(w.manager) });
    expect(rotated.statusCode).toBe(200);
    const keyA = rotated.json().keys.find((k: { status: string }) => k.status === 'retired').kid as number;
    const keyB = rotated.json().activeKid as number;
    expect(keyB).not.toBe(keyA);
    const [b] = await w.f.issue(1);
    const kids = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('tickets').select(['serial', 'kid']).orderBy('serial').execute());
    expect(kids.map((k) => Number(k.kid))).toEqual([keyA, keyB]);

    const door = await replicaOf(phone, w.f.eventId);
    expect(await door.verdict(a!.qr, w.f.gate('Main'))).toMatchObject({ verdict: 'admitted' });
    expect(await door.verdict(b!.qr, w.f.gate('Main'))).toMatchObject({ verdict: 'admitted' });
    expect(await scanOnline(w, phone, a!.qr)).toMatchObject({ verdict: 'admitted' });
    expect(await scanOnline(w, phone, b!.qr)).toMatchObject({ verdict: 'admitted' });

    const revoked = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/keys/${keyA}/revoke`, headers: auth(w.manager) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ activeKid: keyB, ticketsAffected: 1 });
    expect(await scanOnline(w, phone, a!.qr, 'VIP')).toMatchObject({ verdict: 'refused', reason: 'revoked_key' });

    // The phone still holds the key as retired until its next delta, which carries the revocation.
    expect(await door.verdict(a!.qr, w.f.gate('VIP'))).not.toMatchObject({ reason: 'revoked_key' });
    const delta = await door.sync();
    expect(delta).toMatchObject({ full: false, reset: false });
    expect(delta.keys).toEqual(expect.arrayContaining([expect.objectContaining({ kid: keyA, status: 'revoked' })]));
    expect(await door.verdict(a!.qr, w.f.gate('VIP'))).toMatchObject({ verdict: 'refused', reason: 'revoked_key' });
    expect(await door.verdict(b!.qr, w.f.gate('VIP'))).not.toMatchObject({ reason: 'revoked_key' });

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/keys/${keyA}/revoke`, headers: auth(w.manager) });
    expect([again.statusCode, again.json().error.message]).toEqual([409, `Key ${keyA} is already revoked.`]);
    const audit = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('audit_log').select('action')
      .where('action', 'like', 'event.key_%').orderBy('id').execute());
    expect(audit.map((r) => r.action)).toEqual(['event.key_rotated', 'event.key_revoked']);
  });

  it('revoking the active key rotates first, so the event can still issue tickets', async () => {
    const w = await syncWorld(t.app);
    const [a] = await w.f.issue(1);
    const kid = (await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('tickets').select('kid').executeTakeFirstOrThrow())).kid!;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/keys/${kid}/revoke`, headers: auth(w.manager) });
    expect(res.statusCode).toBe(200);
    expect(res.json().activeKid).not.toBe(Number(kid));
    expect(res.json().keys.map((k: { status: string }) => k.status)).toEqual(['revoked', 'active']);
    const [b] = await w.f.issue(1);
    const phone = await w.phone();
    expect(await scanOnline(w, phone, a!.qr)).toMatchObject({ reason: 'revoked_key' });
    expect(await scanOnline(w, phone, b!.qr)).toMatchObject({ verdict: 'admitted' });
    const unknown = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/keys/12345/revoke`, headers: auth(w.manager) });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([404, 'No key 12345 for this event.']);
  });

  it('a cancelled event refuses every scan with event_cancelled, online at once and on phones after their next delta', async () => {
    const w = await syncWorld(t.app);
    const phone = await w.phone();
    const [a, b, c] = await w.f.issue(3);
    const door = await replicaOf(phone, w.f.eventId);
    expect(await scanOnline(w, phone, a!.qr)).toMatchObject({ verdict: 'admitted' });

    const cancel = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${w.f.eventId}`, headers: auth(w.manager), payload: { status: 'cancelled' } });
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    expect(await scanOnline(w, phone, b!.qr)).toEqual(expect.objectContaining({ verdict: 'refused', reason: 'event_cancelled' }));
    const pin = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId: randomUUID(), pin: '000000', gateId: w.f.gate('Main'), direction: 'in' } });
    expect(pin.json()).toMatchObject({ verdict: 'refused', reason: 'event_cancelled' });

    expect(await door.verdict(c!.qr, w.f.gate('Main'))).toMatchObject({ verdict: 'admitted' });
    const delta = await door.sync();
    expect(delta.full).toBe(false);
    expect(await door.verdict(c!.qr, w.f.gate('Main'))).toEqual({ verdict: 'refused', reason: 'event_cancelled' });
    expect(await door.verdict('K1:not-a-ticket', w.f.gate('Main'))).toEqual({ verdict: 'refused', reason: 'event_cancelled' });

    // Scans uploaded later are judged the same way: a phone that still admitted (it had not synced)
    // is a conflict for the organizer; one that refused, as the server does, is simply accepted.
    const late = await upload(t.app, phone, w.f.eventId, batchBody(phone, [
      { qr: c!.qr, gateId: w.f.gate('Main'), at: Date.now() - 1000 },
      { pin: '000000', gateId: w.f.gate('Main'), at: Date.now() - 500, verdict: 'refused', reason: 'event_cancelled' },
    ]));
    expect(late.json().results.map((r: UploadResult) => [r.status, r.reason])).toEqual([['conflict', 'event_cancelled'], ['accepted', 'event_cancelled']]);

    // Published again, the doors judge tickets as before.
    await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${w.f.eventId}`, headers: auth(w.manager), payload: { status: 'published' } });
    expect(await scanOnline(w, phone, c!.qr)).toMatchObject({ verdict: 'admitted' });
    await door.sync();
    expect(await door.verdict(b!.qr, w.f.gate('Main'))).toMatchObject({ verdict: 'admitted' });
  });

  it('new event times reach the doors: moved to tomorrow, a ticket is refused as event_not_started', async () => {
    const w = await syncWorld(t.app);
    const phone = await w.phone();
    const [a] = await w.f.issue(1);
    const door = await replicaOf(phone, w.f.eventId);
    const tomorrow = Date.now() + 24 * 3600_000;
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${w.f.eventId}`, headers: auth(w.manager),
      payload: { doorsOpenAt: new Date(tomorrow).toISOString(), startsAt: new Date(tomorrow + 3600_000).toISOString(), endsAt: new Date(tomorrow + 5 * 3600_000).toISOString() } });
    expect(moved.statusCode).toBe(200);
    await door.sync();
    expect(await door.verdict(a!.qr, w.f.gate('Main'))).toMatchObject({ verdict: 'refused', reason: 'event_not_started' });
    expect(await scanOnline(w, phone, a!.qr)).toMatchObject({ verdict: 'refused', reason: 'event_not_started' });
  });

  it('a ticket type’s new zones reach the doors: its tickets come again in the next delta', async () => {
    const w = await syncWorld(t.app);
    const phone = await w.phone();
    const [a] = await w.f.issue(1);
    const door = await replicaOf(phone, w.f.eventId);
    expect(await door.verdict(a!.qr, w.f.gate('VIP'))).toMatchObject({ reason: 'wrong_zone' });
    const types = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/ticket-types`, headers: auth(w.manager) });
    const ga = types.json().items.find((x: { typeNo: number }) => x.typeNo === 1);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${w.f.eventId}/ticket-types/${ga.id}`, headers: auth(w.manager), payload: { zones: ['VIP'] } });
    expect(res.json()).toMatchObject({ zones: ['VIP'], ticketsIssued: 1 });
    const delta = await door.sync();
    expect(decodeRecords(w.f.eventId, delta).map((r) => [r.state.serial, r.state.zones])).toEqual([[a!.serial, ['VIP']]]);
    expect(await door.verdict(a!.qr, w.f.gate('VIP'))).toMatchObject({ verdict: 'admitted' });
    expect(await scanOnline(w, phone, a!.qr, 'VIP')).toMatchObject({ verdict: 'admitted' });
  });
});

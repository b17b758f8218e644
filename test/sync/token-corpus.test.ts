import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { verifyEd25519 } from '../../src/web/scanner/offline/ed25519-web.ts';
import { parseManifest } from '../../src/web/scanner/offline/manifest-format.ts';
import { decideOffline } from '../../src/web/scanner/offline/offline-verdict.ts';
import { EventReplica } from '../../src/web/scanner/offline/replica.ts';
import { tokenCorpus, type CorpusCase } from '../core/token-corpus.ts';
import { createEventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, manifestPage, syncWorld, type Phone, type SyncWorld } from './sync-helpers.ts';

/**
 * The same forged, foreign, revoked and stale QR codes through the three door verifiers — the
 * server online, the server replaying an offline upload, and the phone on the manifest it
 * downloaded from this server — must get the same reason (core checkTicketToken's one order).
 */
describe(`one token corpus, one reason at every door (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let cases: CorpusCase[];
  let gate: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app);
    const { ctx } = t.app;
    const [revoked] = await w.f.issue(1);
    const retired = await withTenant(ctx.db, w.f.tenantId, (trx) => ctx.keys.rotateKey(trx, w.f.tenantId, w.f.eventId));
    const [issued] = await w.f.issue(1);
    await withTenant(ctx.db, w.f.tenantId, (trx) => ctx.keys.revokeKey(trx, w.f.eventId, retired.retiredKid!));
    const other = await createEventFixture(ctx); // another organizer
    const [foreign] = await other.issue(1);
    const rotationSecret = await withTenant(ctx.db, w.f.tenantId, (trx) => ctx.keys.rotationSecret(trx, w.f.tenantId, w.f.eventId));
    cases = tokenCorpus({ issued: issued!.qr, revoked: revoked!.qr, foreign: foreign!.qr, rotationSecret, at: Date.now() });
    gate = w.f.gate('Main');
  }, 30_000);
  afterAll(async () => { await t?.close(); });

  const expected = () => cases.map((c) => `${c.name}: ${c.reason}`);

  it('online scans', async () => {
    const phone = await w.phone();
    const got: string[] = [];
    for (const c of cases) {
      const res = await t.app.inject({
        method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
        payload: { scanId: crypto.randomUUID(), qr: c.qr, gateId: gate, direction: 'in' },
      });
      expect(res.statusCode, res.body).toBe(200);
      got.push(`${c.name}: ${res.json().reason}`);
    }
    expect(got).toEqual(expected());
  });

  it('offline uploads, judged by the server', async () => {
    const phone = await w.phone();
    const body = batchBody(phone, cases.map((c) => ({ qr: c.qr, gateId: gate, at: Date.now() - 1000, verdict: 'refused', reason: c.reason })));
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/batch`, headers: auth(phone), payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as { reason: string }[];
    expect(cases.map((c, i) => `${c.name}: ${results[i]!.reason}`)).toEqual(expected());
  });

  it('the phone, on the manifest it downloaded', async () => {
    const phone: Phone = await w.phone();
    const replica = EventReplica.empty(w.f.eventId);
    for (let cursor: string | undefined; ;) {
      const { json } = await manifestPage(t.app, phone, w.f.eventId, cursor ? { cursor } : {});
      const page = parseManifest(json, w.f.eventId, replica.meta.types);
      replica.applyPage(page, [], Date.now(), phone.deviceId);
      if (!page.more) break;
      cursor = page.cursor;
    }
    const got: string[] = [];
    for (const c of cases) {
      const v = await decideOffline(replica, { input: { qr: c.qr }, gateId: gate, direction: 'in', at: Date.now(), deviceId: phone.deviceId }, { verify: verifyEd25519 });
      got.push(`${c.name}: ${v?.reason}`);
    }
    expect(got).toEqual(expected());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, syncWorld, type SyncWorld, type UploadResult } from './sync-helpers.ts';

/**
 * The duplicate window belongs to one device in offline replay too: a phone's own double read
 * uploads as a duplicate that changes nothing; the same QR from another phone within the window
 * (a shared screenshot, the next lane) is a second entry attempt — a conflict, never counted.
 */
describe(`offline replay: the duplicate window is one phone's (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app); // re-entry after exit, 5 s duplicate window
  }, 30_000);
  afterAll(async () => { await t?.close(); });

  it('accepts a phone’s own repeat as duplicate_scan and flags another phone’s green as a conflict', async () => {
    const [ticket] = await w.f.issue(1);
    const gateId = w.f.gate('Main');
    const [first, second] = [await w.phone(), await w.phone()];
    const at = Date.now() - 10_000;
    const mine = batchBody(first, [
      { qr: ticket!.qr, gateId, at },
      { qr: ticket!.qr, gateId, at: at + 1500, verdict: 'admitted', reason: 'duplicate_scan' },
    ]);
    const res1 = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/batch`, headers: auth(first), payload: mine });
    expect((res1.json().results as UploadResult[]).map((r) => [r.status, r.reason])).toEqual([['accepted', 'admitted'], ['accepted', 'duplicate_scan']]);

    // The other phone was offline too and admitted the same QR two seconds later, same gate.
    const theirs = batchBody(second, [{ qr: ticket!.qr, gateId, at: at + 2000 }]);
    const res2 = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/batch`, headers: auth(second), payload: theirs });
    expect(res2.json().results[0]).toMatchObject({ status: 'conflict', verdict: 'refused', reason: 'already_inside' });

    const row = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('tickets').select(['entry_count', 'presence'])
      .where('id', '=', ticket!.id).executeTakeFirstOrThrow());
    expect(row).toEqual({ entry_count: 1, presence: 'inside' });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, manifestPage, syncWorld, upload, type Phone, type SyncWorld } from './sync-helpers.ts';

const MIN = 60_000;

/** Session scans decided offline come home through the same replay: a full room is a conflict. */
describe(`offline session check-in (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  async function addSession(w: SyncWorld, capacity: number): Promise<string> {
    const id = randomUUID();
    await withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      const event = await trx.selectFrom('events').select('venue_id').where('id', '=', w.f.eventId).executeTakeFirstOrThrow();
      const zone = await trx.selectFrom('zones').select('id').where('venue_id', '=', event.venue_id).where('code', '=', 'GA').executeTakeFirstOrThrow();
      await trx.insertInto('event_sessions').values({
        id, tenant_id: w.f.tenantId, event_id: w.f.eventId, name: 'Keynote', zone_id: zone.id,
        starts_at: new Date(Date.now() - 30 * MIN), ends_at: new Date(Date.now() + 30 * MIN), capacity, admits_ticket_type_ids: null,
      }).execute();
    });
    return id;
  }

  const sessionBatch = (phone: Phone, sessionId: string, scans: { qr: string; at: number; direction?: 'in' | 'out' }[]) => {
    const body = batchBody(phone, scans.map((s) => ({ ...s, gateId: undefined as unknown as string })));
    // The upload helper's type names a gate; a session scan carries its session instead.
    return { ...body, scans: body.scans.map(({ gateId: _gate, ...s }) => ({ ...s, sessionId })) } as unknown as typeof body;
  };

  it('two phones fill a room of one offline: the later admission is the conflict; nothing counts for the event', async () => {
    const w = await syncWorld(t.app);
    const [first, second] = await w.f.issue([{ typeNo: 1 }, { typeNo: 1 }]);
    const sessionId = await addSession(w, 1);
    const a = await w.phone();
    const b = await w.phone();
    const now = Date.now();

    const up1 = await upload(t.app, a, w.f.eventId, sessionBatch(a, sessionId, [{ qr: first!.qr, at: now - 3 * MIN }]));
    expect(up1.statusCode).toBe(200);
    expect(up1.json().results[0]).toMatchObject({ status: 'accepted', verdict: 'admitted', reason: 'admitted' });
    const up2 = await upload(t.app, b, w.f.eventId, sessionBatch(b, sessionId, [{ qr: second!.qr, at: now - 2 * MIN }]));
    expect(up2.json().results[0]).toMatchObject({ status: 'conflict', verdict: 'refused', reason: 'session_full' });

    // The first guest steps out, then the second comes in: both agree with the server now.
    const up3 = await upload(t.app, a, w.f.eventId, sessionBatch(a, sessionId, [
      { qr: first!.qr, at: now - 1 * MIN, direction: 'out' }, { qr: second!.qr, at: now - 30_000 },
    ]));
    expect(up3.json().results.map((r: { status: string; reason: string }) => [r.status, r.reason])).toEqual([['accepted', 'exited'], ['accepted', 'admitted']]);

    const conflicts = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/conflicts`, headers: auth(w.manager) });
    expect(conflicts.json().conflicts).toHaveLength(1);
    expect(conflicts.json().conflicts[0]).toMatchObject({ serverReason: 'session_full', deviceVerdict: 'admitted' });

    const rows = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('scans').select(['session_id', 'offline', 'conflict'])
      .where('event_id', '=', w.f.eventId).execute());
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.session_id === sessionId && r.offline)).toBe(true);
    const tickets = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('tickets').select(['entry_count', 'presence'])
      .where('event_id', '=', w.f.eventId).execute());
    expect(tickets.every((x) => x.entry_count === 0 && x.presence === 'outside')).toBe(true);

    const dash = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(w.manager) })).json();
    expect(dash).toMatchObject({ checkedIn: 0, insideNow: 0 });
    expect(dash.sessions[0]).toMatchObject({ sessionId, insideNow: 1, attended: 2, entries: 2, exits: 1, capacity: 1, level: 100 });
  });

  it('format 5 manifests carry the sessions with their head count; older formats do not', async () => {
    const w = await syncWorld(t.app);
    const [guest] = await w.f.issue([{ typeNo: 1 }]);
    const sessionId = await addSession(w, 40);
    const a = await w.phone();
    await upload(t.app, a, w.f.eventId, sessionBatch(a, sessionId, [{ qr: guest!.qr, at: Date.now() - MIN }]));
    const v5 = (await manifestPage(t.app, a, w.f.eventId, { format: 5 })).json as unknown as { format: number; sessions: unknown[] };
    expect(v5.format).toBe(5);
    expect(v5.sessions).toEqual([expect.objectContaining({ id: sessionId, name: 'Keynote', zone: 'GA', capacity: 40, admitsTypeNos: null, insideNow: 1 })]);
    for (const format of [3, 4]) {
      const older = (await manifestPage(t.app, a, w.f.eventId, { format })).json as unknown as { format: number; sessions?: unknown };
      expect(older.format).toBe(format);
      expect(older.sessions).toBeUndefined();
    }
  });
});

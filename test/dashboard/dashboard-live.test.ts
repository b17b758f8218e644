import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/contracts/dashboard.contract.ts';
import { LiveDashboard } from '../../src/server/dashboard/dashboard-live.ts';
import { readFullDashboard } from '../../src/server/dashboard/dashboard.service.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth, batchBody, syncWorld, upload, type Phone, type SyncWorld } from '../sync/sync-helpers.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

const MIN = 60_000;

/**
 * The live figures, kept in memory and brought up to date from the tickets that changed, against
 * the whole read from the rows (itself checked against raw-row truth in dashboard.test.ts) after
 * every kind of change, one at a time: they must be equal, no-show names and their order included.
 */
describe(`live dashboard figures (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let phone: Phone;
  let offline: Phone;
  let tickets: IssuedTicket[];
  let live: LiveDashboard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app, { startOffsetMs: -60 * MIN });
    phone = await w.phone();
    offline = await w.phone();
    tickets = await w.f.issue([
      ...['Zed', 'Amina', 'Bola', 'Chidi', 'Dayo', 'Efe'].map((holderName) => ({ typeNo: 1, holderName })),
      { typeNo: 2, holderName: 'Femi' }, { typeNo: 3, holderName: 'Gbenga' },
    ]);
    live = await LiveDashboard.load(t.app.ctx, w.f.tenantId, w.f.eventId);
  });
  afterAll(async () => { await t?.close(); });

  /** Everything but the moment of reading and the phones' list (read in the background). */
  const figures = (d: Dashboard) => {
    const { asOf: _asOf, devices: _devices, devicesTotal: _total, ...rest } = d;
    return rest;
  };
  const agrees = async (step: string) => {
    const now = new Date();
    const kept = figures(await live.read(now));
    const whole = figures(await readFullDashboard(t.app.ctx, w.f.tenantId, w.f.eventId, now));
    expect(kept, step).toEqual(whole);
    return kept;
  };
  /** Has the live figures read everything whole again (as they do every minute) and waits for it. */
  let ahead = 0;
  const wholeRead = async () => {
    ahead += 61 * MIN; // its clock, as if a minute had gone by since the last whole read
    live.refreshIfDue(Date.now() + ahead);
    for (let i = 0; i < 250 && !live.refreshed; i++) await new Promise((r) => setTimeout(r, 20));
    expect(live.refreshed).toBe(true);
  };
  const scan = async (ticket: IssuedTicket, gate: 'Main' | 'VIP' | 'Backstage', direction: 'in' | 'out' = 'in') => {
    const scanId = randomUUID();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId, qr: ticket.qr, gateId: w.f.gate(gate), direction },
    });
    expect(res.statusCode, res.body).toBe(200);
    return scanId;
  };
  const undo = async (scanId: string) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/${scanId}/undo`, headers: auth(phone) });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('equal the whole read after each kind of change', async () => {
    expect((await agrees('at the start')).noShows.tickets.map((x) => x.holderName)).toEqual(['Amina', 'Bola', 'Chidi', 'Dayo', 'Efe', 'Femi', 'Gbenga', 'Zed']);
    const [zed, amina, bola, chidi, dayo, efe, femi, gbenga] = tickets as [IssuedTicket, ...IssuedTicket[]];

    await scan(amina!, 'Main');
    await scan(amina!, 'Main'); // a repeat: moves nothing
    await scan(femi!, 'VIP');
    await scan(gbenga!, 'Backstage');
    await scan(bola!, 'VIP'); // refused: general admission does not open the VIP gate
    expect((await agrees('online entries')).checkedIn).toBe(3);

    await scan(amina!, 'Main', 'out');
    const reentry = await scan(amina!, 'Main');
    await agrees('exit and re-entry');

    await undo(reentry); // the latest move goes: Amina is outside again
    expect((await agrees('undo of the latest move')).insideNow).toBe(2);

    const admitted = await scan(bola!, 'Main');
    await undo(admitted); // Bola back among the no-shows, in his place
    expect((await agrees('undo of the only entry')).noShows.tickets.map((x) => x.holderName)).toContain('Bola');

    // A phone that was offline comes home: an entry and exit long ago for Chidi, an entry for
    // Dayo, and a green for Femi who was inside already (a conflict: never counted).
    const now = Date.now();
    const res = await upload(t.app, offline, w.f.eventId, batchBody(offline, [
      { qr: chidi!.qr, gateId: w.f.gate('Main'), at: now - 40 * MIN },
      { qr: chidi!.qr, gateId: w.f.gate('Main'), direction: 'out', at: now - 35 * MIN },
      { qr: dayo!.qr, gateId: w.f.gate('Main'), at: now - 20 * MIN },
      { qr: femi!.qr, gateId: w.f.gate('VIP'), at: now - 1_000 },
    ]));
    expect(res.statusCode, res.body).toBe(200);
    expect((await agrees('an offline upload')).conflicts.open).toBe(1);

    // Scans made earlier than ones already recorded: Amina's phone synced late.
    const late = await upload(t.app, offline, w.f.eventId, batchBody(offline, [{ qr: amina!.qr, gateId: w.f.gate('Main'), direction: 'out', at: now - 50 * MIN }]));
    expect(late.statusCode, late.body).toBe(200);
    const open = (await agrees('a late upload')).conflicts.open;

    const conflict = (res.json().results as { scanId: string; status: string }[]).find((r) => r.status === 'conflict')!;
    const resolved = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/conflicts/${conflict.scanId}/resolve`, headers: auth(w.manager), payload: { note: 'Same guest' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await agrees('a resolution')).conflicts.open).toBe(open - 1);

    // A session scan at a room door: counted for the session, never for the event (it writes no
    // ticket change, so the live figures read it with the per-read parts).
    const sessionId = randomUUID();
    await withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      const { venue_id } = await trx.selectFrom('events').select('venue_id').where('id', '=', w.f.eventId).executeTakeFirstOrThrow();
      const room = await trx.selectFrom('zones').select('id').where('venue_id', '=', venue_id).where('code', '=', 'GA').executeTakeFirstOrThrow();
      await trx.insertInto('event_sessions').values({
        id: sessionId, tenant_id: w.f.tenantId, event_id: w.f.eventId, name: 'Panel', zone_id: room.id,
        starts_at: new Date(Date.now() - 10 * MIN), ends_at: new Date(Date.now() + 50 * MIN), capacity: 10, admits_ticket_type_ids: null,
      }).execute();
    });
    const before = await agrees('a new session');
    const room = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone), payload: { scanId: randomUUID(), qr: gbenga!.qr, sessionId, direction: 'in' } });
    expect(room.json(), room.body).toMatchObject({ verdict: 'admitted' });
    const after = await agrees('a session scan');
    expect({ checkedIn: after.checkedIn, insideNow: after.insideNow, entries: after.entries }).toEqual({ checkedIn: before.checkedIn, insideNow: before.insideNow, entries: before.entries });
    expect(after.sessions).toEqual([expect.objectContaining({ sessionId, insideNow: 1, attended: 1, capacity: 10, level: 0 })]);

    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/tickets/${efe!.id}/cancel`, headers: auth(w.manager) });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await agrees('a cancellation')).expected).toBe(7);

    // Renamed and new no-shows have no place in name order until a whole read: they are left out
    // of the names (never a wrong one shown) and the whole read is asked for.
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('tickets').set({ holder_name: 'Aaron' }).where('id', '=', zed!.id).execute());
    await w.f.issue([{ typeNo: 1, holderName: 'Abel' }]);
    const partial = figures(await live.read(new Date()));
    const whole = figures(await readFullDashboard(t.app.ctx, w.f.tenantId, w.f.eventId));
    expect({ ...partial, noShows: { ...partial.noShows, tickets: [] } }).toEqual({ ...whole, noShows: { ...whole.noShows, tickets: [] } });
    expect(partial.noShows.tickets.map((x) => x.holderName)).toEqual(whole.noShows.tickets.map((x) => x.holderName).filter((n) => n !== 'Aaron' && n !== 'Abel'));
    await wholeRead();
    expect((await agrees('after the whole read')).noShows.tickets.map((x) => x.holderName).slice(0, 2)).toEqual(['Aaron', 'Abel']);
  });

  it.runIf(testDatabaseKind === 'postgres')('sees a change committed after a later one was read', async () => {
    // A transaction takes its change-log position, then waits; a scan takes a later one and
    // commits; the live read sees only the scan. When the first commits, the next read must still
    // find it, although its position is below the one already read.
    const [ticket, other] = await w.f.issue(2);
    await wholeRead(); // the new tickets' places in name order
    await agrees('before');
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let wrote!: () => void;
    const written = new Promise<void>((r) => { wrote = r; });
    const slow = withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      await sql`update tickets set status = 'cancelled' where id = ${ticket!.id}`.execute(trx);
      wrote();
      await held;
    });
    await written;
    await scan(other!, 'Main');
    const during = await agrees('while the cancellation is in flight');
    release();
    await slow;
    const after = await agrees('after it committed');
    expect(after.expected).toBe(during.expected - 1);
  });
});

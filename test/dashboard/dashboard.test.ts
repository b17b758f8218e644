import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityLevel, movedTicket } from '../../src/core/index.ts';
import type { Dashboard } from '../../src/contracts/dashboard.contract.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth, batchBody, login, syncWorld, upload, type Phone, type SyncWorld } from '../sync/sync-helpers.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

const MIN = 60_000;

/**
 * The dashboard after a mixed morning at the door, against the truth recomputed here from the raw
 * rows with core movedTicket() (the dashboard reads them through its SQL twin): every figure must
 * agree, and with the tickets' own presence and entry counts.
 */
describe(`event dashboard (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let ga: IssuedTicket[];
  let vip: IssuedTicket[];
  let crew: IssuedTicket[];
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app, { startOffsetMs: -60 * MIN });
    ga = await w.f.issue(Array.from({ length: 12 }, (_, i) => ({ typeNo: 1, holderName: `Amina Guest${i}` })));
    vip = await w.f.issue([{ typeNo: 2, holderName: 'Chidi Okafor' }, { typeNo: 2, holderName: 'Zainab Bello' }, { typeNo: 2 }]);
    crew = await w.f.issue([{ typeNo: 3 }, { typeNo: 3 }]);
  });
  afterAll(async () => { await t?.close(); });

  const scan = async (phone: Phone, ticket: IssuedTicket, gate: 'Main' | 'VIP' | 'Backstage', direction: 'in' | 'out' = 'in') => {
    const scanId = randomUUID();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId, qr: ticket.qr, gateId: w.f.gate(gate), direction },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { ...(res.json() as { verdict: string; reason: string }), scanId };
  };
  const dashboard = async (session: { accessToken: string }) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(session) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dashboard;
  };

  it('agrees with the scans, by the one moved-ticket rule, after a mixed morning', async () => {
    const [a, b, c] = [await w.phone(), await w.phone(), await w.phone()];
    for (const tk of ga.slice(0, 6)) expect((await scan(a, tk, 'Main')).reason).toBe('admitted');
    expect((await scan(a, ga[0]!, 'Main')).reason).toBe('duplicate_scan'); // the camera read it twice
    expect((await scan(b, ga[1]!, 'Main')).reason).toBe('already_inside'); // a second presentation
    expect((await scan(a, ga[2]!, 'Main', 'out')).reason).toBe('exited');
    expect((await scan(b, ga[2]!, 'Main')).reason).toBe('admitted'); // re-entry after exit
    expect((await scan(a, ga[3]!, 'Main', 'out')).reason).toBe('exited');
    expect((await scan(b, ga[4]!, 'VIP')).verdict).toBe('refused'); // GA does not open the VIP gate
    expect((await scan(b, vip[0]!, 'VIP')).reason).toBe('admitted');
    expect((await scan(a, vip[1]!, 'Main')).reason).toBe('admitted'); // VIP covers the hall below it
    expect((await scan(b, crew[0]!, 'Backstage')).reason).toBe('admitted');
    // An admission undone at the door (wrong guest waved through).
    const undone = await scan(a, ga[6]!, 'Main');
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans/${undone.scanId}/undo`, headers: auth(a) });
    expect(undo.statusCode, undo.body).toBe(200);
    // A phone that was offline comes home: an admission and that guest's exit, and one that
    // conflicts (the guest was inside already).
    const now = Date.now();
    const offline = await upload(t.app, c, w.f.eventId, batchBody(c, [
      { qr: ga[7]!.qr, gateId: w.f.gate('Main'), at: now - 20 * MIN },
      { qr: ga[7]!.qr, gateId: w.f.gate('Main'), direction: 'out', at: now - 10 * MIN },
      { qr: ga[0]!.qr, gateId: w.f.gate('Main'), at: now - 1_000 },
    ]));
    expect(offline.statusCode, offline.body).toBe(200);
    expect(offline.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'conflict']);
    // A cancelled ticket no longer counts as expected.
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/tickets/${ga[11]!.id}/cancel`, headers: auth(w.manager) });
    expect(cancel.statusCode, cancel.body).toBe(200);

    const before = await dashboard(w.manager);
    expect(before.conflicts.open).toBe(1);
    const conflictId = offline.json().results[2].scanId as string;
    const resolved = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/conflicts/${conflictId}/resolve`, headers: auth(w.manager), payload: { note: 'Same guest' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const d = await dashboard(w.manager);
    expect(d.conflicts.open).toBe(0);

    // The figures a person at the door would count by hand.
    expect(d).toMatchObject({ expected: 16, checkedIn: 10, insideNow: 8, entries: 11, exits: 3, view: 'full' });
    expect(d.byTicketType.map((x) => [x.name, x.expected, x.checkedIn, x.insideNow])).toEqual([
      ['General Admission', 11, 7, 5], ['VIP', 3, 2, 2], ['Crew', 2, 1, 1],
    ]);
    const gate = (name: string) => d.byGate.find((g) => g.name === name)!;
    expect([gate('Main').entries, gate('Main').exits, gate('VIP').entries, gate('Backstage').entries]).toEqual([9, 3, 1, 1]);
    const zone = (code: string) => d.byZone.find((z) => z.code === code)!;
    // GA ⊂ VIP ⊂ BACKSTAGE: each zone counts those who came in through it or a zone below it (the
    // VIP guest who came in by the Main gate is in the hall).
    expect([zone('GA').insideNow, zone('VIP').insideNow, zone('BACKSTAGE').insideNow]).toEqual([6, 7, 8]);
    expect(d.capacity).toEqual({ capacity: 10_000, insideNow: 8, level: 0 });
    expect(d.noShows.count).toBe(6);
    // Never admitted and still valid: the undone one, three who did not come, and two more.
    expect(d.noShows.tickets.map((x) => x.ticketId).sort()).toEqual([ga[6], ga[8], ga[9], ga[10], vip[2], crew[1]].map((x) => x!.id).sort());
    expect(d.devices.filter((x) => x.scans > 0)).toHaveLength(3);
    // The conflict: the phone showed green, the server did not count it.
    expect(d.feed.find((x) => x.offline && !x.counted)).toMatchObject({ verdict: 'admitted', holder: ga[0]!.holderName });
    // Latest first, by when each scan was made (the offline ones at their own times).
    expect(d.feed.map((x) => x.at)).toEqual([...d.feed.map((x) => x.at)].sort().reverse());
    expect(d.feed.filter((x) => x.counted)).toHaveLength(d.entries + d.exits);
    expect(d.feed.find((x) => x.reason === 'duplicate_scan')).toMatchObject({ verdict: 'admitted', counted: false });

    // And the same figures from the raw rows, by core's rule, and from the tickets themselves.
    const truth = await truthFromRows();
    expect({ checkedIn: d.checkedIn, insideNow: d.insideNow, entries: d.entries, exits: d.exits, expected: d.expected }).toEqual(truth.totals);
    expect(Object.fromEntries(d.byGate.map((g) => [g.gateId, [g.entries, g.exits]]))).toEqual(truth.byGate);
    expect(d.perMinute.reduce((n, m) => n + m.entries, 0)).toBe(truth.totals.entries);
    expect(truth.presenceInside).toBe(d.insideNow);
    expect(truth.entryCountSum).toBe(d.entries);
  });

  it('gives door staff the door view: initials, no absentee names; other organizers get 404', async () => {
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.insertInto('staff_scopes')
      .values({ id: randomUUID(), tenant_id: w.f.tenantId, staff_id: w.f.users.staff.id, venue_id: w.f.venue.id, event_id: null }).execute());
    const staff = await login(t.app, w.f.users.staff.email, w.f.users.staff.password);
    const d = await dashboard(staff);
    expect(d.view).toBe('door');
    expect(d.noShows.count).toBeGreaterThan(0);
    expect(d.noShows.tickets).toEqual([]);
    expect(d.feed.every((x) => x.holder === null || /^([^\s.]\. ?)+$/u.test(x.holder))).toBe(true);
    expect(d.feed.some((x) => x.holder === 'A. G.')).toBe(true);

    const other = await syncWorld(t.app);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers: auth(other.manager) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('names the capacity threshold reached, by the same rule as the core', async () => {
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('events').set({ capacity: 10 }).where('id', '=', w.f.eventId).execute());
    const d = await dashboard(w.manager);
    expect(d.capacity).toEqual({ capacity: 10, insideNow: 8, level: capacityLevel(8, 10) });
    expect(d.capacity.level).toBe(80);
  });

  async function truthFromRows() {
    return withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      const scans = await trx.selectFrom('scans').selectAll().where('event_id', '=', w.f.eventId).orderBy('effective_time').orderBy('id').execute();
      const annulled = new Set((await trx.selectFrom('scan_annulments').select('scan_id').where('event_id', '=', w.f.eventId).execute()).map((r) => r.scan_id));
      const tickets = await trx.selectFrom('tickets').select(['id', 'status', 'presence', 'entry_count']).where('event_id', '=', w.f.eventId).execute();
      const standing = scans.filter((s) => s.ticket_id && !annulled.has(s.id)
        && movedTicket({ reason: s.reason, offline: s.offline, serverReason: s.server_reason, conflict: s.conflict }));
      const kind = (s: (typeof scans)[number]) => (s.offline ? s.server_reason : s.reason);
      const last = new Map<string, string>();
      for (const s of standing) last.set(s.ticket_id!, kind(s)!);
      const byGate: Record<string, [number, number]> = {};
      for (const g of w.f.venue.gates) byGate[g.id] = [0, 0];
      for (const s of standing) byGate[s.gate_id!]![kind(s) === 'admitted' ? 0 : 1]++;
      return {
        totals: {
          checkedIn: new Set(standing.filter((s) => kind(s) === 'admitted').map((s) => s.ticket_id)).size,
          insideNow: [...last.values()].filter((k) => k === 'admitted').length,
          entries: standing.filter((s) => kind(s) === 'admitted').length,
          exits: standing.filter((s) => kind(s) === 'exited').length,
          expected: tickets.filter((tk) => tk.status === 'valid').length,
        },
        byGate,
        presenceInside: tickets.filter((tk) => tk.presence === 'inside').length,
        entryCountSum: tickets.reduce((n, tk) => n + tk.entry_count, 0),
      };
    });
  }
});

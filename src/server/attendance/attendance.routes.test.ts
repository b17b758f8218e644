import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { insertSessionScans } from '../../../test/attendance/session-scans.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';
import { issueTickets, type IssuedTicket } from '../tickets/ticket-issuance.service.ts';

/**
 * Session attendance and credit statements as a manager reads them. A 60-minute session worth 1.5
 * credits at 80 % (48 minutes), with session scans written into `scans`: one ticket inside exactly
 * 48 minutes, one a second short, one with an undone entry, one that never scanned out.
 */
describe(`session attendance and credits (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let manager: Session;
  let door: Session;
  let stranger: Session;
  let sessionId: string;
  let start: number;
  let injected: IssuedTicket;
  const M = 60_000;
  const at = (min: number, ms = 0) => new Date(start + min * M + ms);
  const get = (url: string, who: Session) => t.app.inject({ method: 'GET', url, headers: bearer(who) });
  const attendanceUrl = () => `/api/v1/events/${org.event.id}/sessions/${sessionId}/attendance`;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 4 });
    other = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    door = await loginAs(t.app, org.staff.door.email);
    stranger = await loginAs(t.app, other.staff.manager.email);
    [injected] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: '=HYPERLINK("http://x")', holderEmail: '@evil.example' }]) as [IssuedTicket];
    const times = (await get(`/api/v1/events/${org.event.id}`, manager)).json();
    const zone = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('zones').select('id')
      .where('venue_id', '=', org.venue.id).where('code', '=', 'GA').executeTakeFirstOrThrow());
    start = Date.parse(times.doorsOpenAt) + 10 * M;
    const made = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/sessions`, headers: bearer(manager),
      payload: { name: 'Clinical ethics', zoneId: zone.id, startsAt: at(0).toISOString(), endsAt: at(60).toISOString(), credits: 1.5, minShare: 80 } });
    expect(made.statusCode, made.body).toBe(201);
    sessionId = made.json().id;
    const [a, b, c, d] = org.tickets.map((x) => x.id);
    await insertSessionScans(t.app, org.tenantId, org.event.id, [
      // a: in 5 minutes early (not counted), out at 20; back at 32, a second entry, out after the end: 20 + 28 = 48.
      { ticketId: a!, sessionId, direction: 'in', at: at(-5) }, { ticketId: a!, sessionId, direction: 'out', at: at(20) },
      { ticketId: a!, sessionId, direction: 'in', at: at(32) }, { ticketId: a!, sessionId, direction: 'in', at: at(40) },
      { ticketId: a!, sessionId, direction: 'out', at: at(75) },
      // b: one second short of 48 minutes.
      { ticketId: b!, sessionId, direction: 'in', at: at(12, 1000) }, { ticketId: b!, sessionId, direction: 'out', at: at(60, 1000) },
      // c: an entry at the start that was undone, a refused exit, then in at 30 and never out.
      { ticketId: c!, sessionId, direction: 'in', at: at(0), undone: true },
      { ticketId: c!, sessionId, direction: 'out', at: at(5), verdict: 'refused', reason: 'not_allowed' },
      { ticketId: c!, sessionId, direction: 'in', at: at(30) },
      // d: an offline entry the server refused in replay (a conflict) moved nothing.
      { ticketId: d!, sessionId, direction: 'in', at: at(0), offline: true, conflict: true, serverReason: 'already_inside' },
      { ticketId: injected.id, sessionId, direction: 'in', at: at(0) },
    ]);
  }, 60_000);
  afterAll(async () => { await t?.close(); });

  it('lists each ticket’s minutes, first entry, last exit and earned credits, counting only standing moves', async () => {
    const res = await get(attendanceUrl(), manager);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.session).toMatchObject({ name: 'Clinical ethics', credits: 1.5, minShare: 80, minutesNeeded: 48 });
    const rows = body.attendees as { serial: number; minutes: number; earnedCredits: number; firstEntry: string | null; lastExit: string | null; holderName: string }[];
    expect(rows.map((r) => [r.serial, r.minutes, r.earnedCredits])).toEqual([[1, 48, 1.5], [2, 47, 0], [3, 30, 0], [5, 60, 1.5]]);
    expect(rows[0]).toMatchObject({ holderName: 'Guest Number1', firstEntry: at(-5).toISOString(), lastExit: at(75).toISOString() });
    expect(rows[2]).toMatchObject({ firstEntry: at(30).toISOString(), lastExit: null });
  });

  it('is for managers: door staff get 403, another organizer 404', async () => {
    expect((await get(attendanceUrl(), door)).statusCode).toBe(403);
    const foreign = await get(attendanceUrl(), stranger);
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'not_found']);
    expect((await get(`/api/v1/events/${org.event.id}/tickets/${org.tickets[0]!.id}/credits`, door)).statusCode).toBe(403);
    expect((await get(`/api/v1/events/${org.event.id}/tickets/${org.tickets[0]!.id}/credits`, stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/events/${org.event.id}/exports/credits.csv`, door)).statusCode).toBe(403);
    expect((await get(`/api/v1/events/${org.event.id}/exports/credits.csv`, stranger)).statusCode).toBe(404);
  });

  it('states a ticket’s credits: earned exactly at the share, not a second short', async () => {
    const a = (await get(`/api/v1/events/${org.event.id}/tickets/${org.tickets[0]!.id}/credits`, manager)).json();
    expect(a).toMatchObject({ ticket: { serial: 1, holderName: 'Guest Number1', type: 'General' }, totalCredits: 1.5 });
    expect(a.sessions).toEqual([expect.objectContaining({ sessionId, minutes: 48, minutesNeeded: 48, credits: 1.5, earned: true, earnedCredits: 1.5 })]);
    const b = (await get(`/api/v1/events/${org.event.id}/tickets/${org.tickets[1]!.id}/credits`, manager)).json();
    expect(b).toMatchObject({ totalCredits: 0, sessions: [expect.objectContaining({ minutes: 47, earned: false, earnedCredits: 0 })] });
    const missing = await get(`/api/v1/events/${org.event.id}/tickets/${other.event.id}/credits`, manager);
    expect(missing.statusCode).toBe(404);
  });

  it('exports credits as CSV with formulas neutralised and times on the venue clock', async () => {
    const res = await get(`/api/v1/events/${org.event.id}/exports/credits.csv`, manager);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/credits\.csv"$/);
    const rows = parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.Serial, r.Minutes, r['Credits earned']])).toEqual([['1', '48', '1.5'], ['2', '47', '0'], ['3', '30', '0'], ['5', '60', '1.5']]);
    const lagos = `${new Date(at(-5).getTime() + 3600_000).toISOString().slice(0, 19)}+01:00`;
    expect(rows[0]).toMatchObject({ 'Holder name': 'Guest Number1', Session: 'Clinical ethics', 'First entry (Africa/Lagos)': lagos, 'Minutes needed': '48', 'Ticket total credits': '1.5' });
    expect(rows[3]).toMatchObject({ 'Holder name': `'=HYPERLINK("http://x")`, Email: "'@evil.example" });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

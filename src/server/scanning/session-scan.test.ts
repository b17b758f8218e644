import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

/**
 * Check-in at the door of a session's room: the room's capacity under a crowd, the session's
 * rules, and that none of it counts as an entry of the event.
 */
describe(`session check-in (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let phones: Session[];

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 100 });
    manager = await loginAs(t.app, org.staff.manager.email);
    phones = [];
    for (let i = 0; i < 10; i++) phones.push(await doorSession(t.app, manager, org.staff.door.email, org.venue.id));
  }, 120_000);
  afterAll(async () => { await t.close(); });

  async function addSession(over: { capacity?: number | null; zone?: string; startsIn?: number; admits?: number[] } = {}): Promise<string> {
    const id = randomUUID();
    await withTenant(t.app.ctx.db, org.tenantId, async (trx) => {
      const venueZone = await trx.selectFrom('zones').select('id').where('venue_id', '=', org.venue.id).where('code', '=', over.zone ?? 'GA').executeTakeFirstOrThrow();
      const types = over.admits
        ? (await trx.selectFrom('ticket_types').select(['id', 'type_no']).where('event_id', '=', org.event.id).execute())
          .filter((x) => over.admits!.includes(x.type_no)).map((x) => x.id)
        : null;
      const start = Date.now() + (over.startsIn ?? -10 * 60_000);
      await trx.insertInto('event_sessions').values({
        id, tenant_id: org.tenantId, event_id: org.event.id, name: `Talk ${id.slice(0, 4)}`, zone_id: venueZone.id,
        starts_at: new Date(start), ends_at: new Date(start + 3600_000), capacity: over.capacity === undefined ? 50 : over.capacity,
        admits_ticket_type_ids: types,
      }).execute();
    });
    return id;
  }

  const scan = (phone: Session, sessionId: string, qr: string, direction: 'in' | 'out' = 'in') => t.app.inject({
    method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phone),
    payload: { scanId: randomUUID(), qr, sessionId, direction },
  });
  const dashboard = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/dashboard`, headers: bearer(manager) })).json();

  it('100 people at once at a room of 50 from 10 phones: exactly 50 admitted, none an event entry', async () => {
    const sessionId = await addSession({ capacity: 50 });
    // A GA room: both seeded types grant it (VIP holds GA), so these are 100 different people.
    const crowd = org.tickets;
    expect(new Set(crowd.map((x) => x.serial)).size).toBe(100);
    const before = await dashboard();
    const answers = (await Promise.all(crowd.map((x, i) => scan(phones[i % 10]!, sessionId, x.qr)))).map((r) => {
      expect(r.statusCode).toBe(200);
      return r.json() as { verdict: string; reason: string; session: { inside: number; capacity: number } };
    });
    expect(answers.filter((a) => a.verdict === 'admitted')).toHaveLength(50);
    expect(answers.filter((a) => a.reason === 'session_full')).toHaveLength(50);
    expect(Math.max(...answers.map((a) => a.session.inside))).toBe(50);
    expect(answers.find((a) => a.reason === 'session_full')?.session).toMatchObject({ inside: 50, capacity: 50 });

    const after = await dashboard();
    expect(after.checkedIn).toBe(before.checkedIn);
    expect(after.insideNow).toBe(before.insideNow);
    expect(after.entries).toBe(before.entries);
    expect(after.sessions.find((s: { sessionId: string }) => s.sessionId === sessionId)).toMatchObject({ insideNow: 50, capacity: 50, level: 100, attended: 50 });
    const tickets = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('tickets').select(['entry_count']).where('event_id', '=', org.event.id).execute());
    expect(tickets.every((x) => x.entry_count === 0)).toBe(true);
  }, 120_000);

  it('judges the session rules: room zone, admitted types, running window, exit and re-entry', async () => {
    const general = org.tickets.find((x) => x.typeNo === 1)!;
    const vip = org.tickets.find((x) => x.typeNo === 2)!;
    // The seeded venue nests GA inside VIP: a VIP ticket covers the GA room, not the other way.
    const room = await addSession({ capacity: 1, zone: 'VIP' });
    const phone = phones[0]!;
    expect((await scan(phone, room, general.qr)).json()).toMatchObject({ verdict: 'refused', reason: 'session_not_admitted' });
    expect((await scan(phone, room, vip.qr)).json()).toMatchObject({ verdict: 'admitted', reason: 'admitted', session: { inside: 1, capacity: 1 } });
    expect((await scan(phones[1]!, room, vip.qr)).json()).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
    expect((await scan(phone, room, vip.qr, 'out')).json()).toMatchObject({ verdict: 'exited', session: { inside: 0 } });
    expect((await scan(phones[2]!, room, vip.qr)).json()).toMatchObject({ verdict: 'admitted', reason: 'admitted' });

    // A list of admitted types wins over the room: here only General, in a GA room VIP would cover.
    const generalOnly = await addSession({ admits: [1] });
    expect((await scan(phone, generalOnly, general.qr)).json()).toMatchObject({ verdict: 'admitted' });
    expect((await scan(phone, generalOnly, vip.qr)).json()).toMatchObject({ reason: 'session_not_admitted' });

    const later = await addSession({ startsIn: 2 * 3600_000 });
    expect((await scan(phone, later, general.qr)).json()).toMatchObject({ verdict: 'refused', reason: 'session_not_running' });

    const recorded = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('scans').select(['session_id', 'gate_id']).where('session_id', '=', room).execute());
    expect(recorded).toHaveLength(5);
    expect(recorded.every((r) => r.gate_id === null)).toBe(true);
  });

  it('a session scan is answered once per scan id, and is not undone as an event check-in', async () => {
    const sessionId = await addSession({ capacity: null });
    const ticket = org.tickets[3]!;
    const payload = { scanId: randomUUID(), qr: ticket.qr, sessionId, direction: 'in' };
    const send = () => t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phones[3]!), payload });
    const [a, b] = [await send(), await send()];
    expect(a.json()).toMatchObject({ verdict: 'admitted', session: { inside: 1 } });
    expect(b.json()).toEqual(a.json());
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans/${payload.scanId}/undo`, headers: bearer(manager) });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().error?.code ?? undo.json().code).toBe('nothing_to_undo');
  });

  it('refuses a session of another event, and a scan naming neither gate nor session', async () => {
    const general = org.tickets[0]!;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phones[0]!), payload: { scanId: randomUUID(), qr: general.qr, direction: 'in' } });
    expect(res.statusCode).toBe(400);
    const other = await scan(phones[0]!, randomUUID(), general.qr);
    expect(other.statusCode).toBe(422);
  });
});

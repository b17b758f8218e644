import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';

describe(`sessions API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let door: Session;
  let times: { doorsOpenAt: string; startsAt: string; endsAt: string };
  let zones: { ga: string; vip: string; elsewhere: string };
  const url = (suffix = '') => `/api/v1/events/${org.event.id}/sessions${suffix}`;
  const minutesAfterDoors = (m: number) => new Date(Date.parse(times.doorsOpenAt) + m * 60_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    door = await loginAs(t.app, org.staff.door.email);
    times = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager) })).json();
    const rows = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('zones').select(['id', 'code', 'venue_id']).execute());
    const at = (venue: string, code: string) => rows.find((z) => z.venue_id === venue && z.code === code)!.id;
    zones = { ga: at(org.venue.id, 'GA'), vip: at(org.venue.id, 'VIP'), elsewhere: at(org.otherVenue.id, 'GA') };
  });
  afterAll(async () => { await t?.close(); });

  it('adds sessions in rooms of the venue and lists them by start time', async () => {
    const keynote = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager),
      payload: { name: 'Keynote', zoneId: zones.ga, startsAt: minutesAfterDoors(60), endsAt: minutesAfterDoors(120), capacity: 300 } });
    expect(keynote.statusCode).toBe(201);
    expect(Object.keys(keynote.json())[0]).toBe('id');
    expect(keynote.json()).toMatchObject({ name: 'Keynote', zoneId: zones.ga, capacity: 300, eventId: org.event.id });
    await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager),
      payload: { name: 'Workshop', zoneId: zones.vip, startsAt: minutesAfterDoors(30), endsAt: minutesAfterDoors(90) } });
    const list = await t.app.inject({ method: 'GET', url: url(), headers: bearer(door) });
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['Workshop', 'Keynote']);
    expect(list.json().nextCursor).toBeNull();
  });

  it('refuses a room of another venue, times outside the event and an end before the start', async () => {
    const before = (await t.app.inject({ method: 'GET', url: url(), headers: bearer(manager) })).json();
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ zoneId: zones.elsewhere }, 422, /zoneId is not a zone of the event’s venue/],
      [{ startsAt: minutesAfterDoors(-10) }, 400, /within the event/],
      [{ endsAt: new Date(Date.parse(times.endsAt) + 60_000).toISOString() }, 400, /within the event/],
      [{ endsAt: minutesAfterDoors(10) }, 400, /endsAt .* must be after startsAt/],
    ];
    for (const [over, status, message] of cases) {
      const res = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager),
        payload: { name: 'Bad', zoneId: zones.ga, startsAt: minutesAfterDoors(20), endsAt: minutesAfterDoors(40), ...over } });
      expect(res.statusCode, JSON.stringify(over)).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await t.app.inject({ method: 'GET', url: url(), headers: bearer(manager) })).json()).toEqual(before);
    expect((await t.app.inject({ method: 'POST', url: url(), headers: bearer(door), payload: { name: 'x', zoneId: zones.ga, startsAt: minutesAfterDoors(1), endsAt: minutesAfterDoors(2) } })).statusCode).toBe(403);
  });

  it('keeps the event’s times from leaving a session outside, changes and deletes sessions', async () => {
    const [workshop] = (await t.app.inject({ method: 'GET', url: url(), headers: bearer(manager) })).json().items;
    const shrink = await t.app.inject({ method: 'PATCH', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager), payload: { endsAt: minutesAfterDoors(100) } });
    expect([shrink.statusCode, shrink.json().error.message]).toEqual([409, '1 session(s) would fall outside the event (doors open to end); move them first.']);

    const moved = await t.app.inject({ method: 'PATCH', url: url(`/${workshop.id}`), headers: bearer(manager), payload: { zoneId: zones.ga, name: 'Hands-on workshop' } });
    expect(moved.json()).toMatchObject({ zoneId: zones.ga, name: 'Hands-on workshop' });
    const gone = await t.app.inject({ method: 'DELETE', url: url(`/${workshop.id}`), headers: bearer(manager) });
    expect(gone.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'DELETE', url: url(`/${workshop.id}`), headers: bearer(manager) });
    expect([again.statusCode, again.json().error.message]).toEqual([404, 'No such session in this event.']);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, syncWorld } from '../sync/sync-helpers.ts';

const MIN = 60_000;

/**
 * From the room's door to the credit statement through the real routes: a phone scans a guest in
 * at a session (POST …/scans with sessionId), and attendance and credits count that scan — while
 * the event's own figures do not (a session scan is never an entry of the event).
 */
describe(`session scans at the door become attendance and credits (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('counts the door\'s session scan for the session, never for the event', async () => {
    const w = await syncWorld(t.app);
    const [guest] = await w.f.issue([{ typeNo: 1, holderName: 'Kwame Mensah' }]);
    const sessionId = randomUUID();
    const startsAt = Date.now() - 30 * MIN;
    await withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      const event = await trx.selectFrom('events').select('venue_id').where('id', '=', w.f.eventId).executeTakeFirstOrThrow();
      const zone = await trx.selectFrom('zones').select('id').where('venue_id', '=', event.venue_id).where('code', '=', 'GA').executeTakeFirstOrThrow();
      await trx.insertInto('event_sessions').values({
        id: sessionId, tenant_id: w.f.tenantId, event_id: w.f.eventId, name: 'Keynote', zone_id: zone.id,
        starts_at: new Date(startsAt), ends_at: new Date(startsAt + 60 * MIN), capacity: 50, admits_ticket_type_ids: null,
        cpd_credits: '1.5', cpd_min_share: 40,
      }).execute();
    });
    const phone = await w.phone();
    const scan = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId: randomUUID(), qr: guest!.qr, sessionId, direction: 'in' } });
    expect(scan.statusCode, scan.body).toBe(200);
    expect(scan.json()).toMatchObject({ verdict: 'admitted', session: { id: sessionId, inside: 1, capacity: 50 } });

    const headers = auth(w.manager);
    const attendance = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/sessions/${sessionId}/attendance`, headers })).json();
    // In since now, no exit yet: the stay runs to the session's end, about 30 minutes.
    const row = attendance.attendees.find((a: { serial: number }) => a.serial === guest!.serial);
    expect(row.minutes).toBeGreaterThanOrEqual(29);
    expect(row.minutes).toBeLessThanOrEqual(30);
    const credits = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/tickets/${guest!.id}/credits`, headers })).json();
    expect(credits).toMatchObject({ totalCredits: 1.5, sessions: [{ sessionId, earned: true }] });

    const dashboard = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/dashboard`, headers })).json();
    expect(dashboard).toMatchObject({ checkedIn: 0, insideNow: 0 });
    expect(dashboard.sessions).toEqual([expect.objectContaining({ sessionId, insideNow: 1, attended: 1 })]);
  });
});

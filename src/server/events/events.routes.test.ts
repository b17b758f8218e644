import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';

const HOUR = 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

describe(`events API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let owner: Session;
  let venueManager: Session;
  const base = Date.UTC(2031, 5, 1, 16);
  const body = (over: Record<string, unknown> = {}) => ({
    name: 'Lagos Jazz Night', venueId: org.venue.id, startsAt: at(base), endsAt: at(base + 4 * HOUR), ...over,
  });
  const post = (payload: unknown, who: Session = owner) => t.app.inject({ method: 'POST', url: '/api/v1/events', headers: bearer(who), payload: payload as object });
  const patch = (id: string, payload: unknown, who: Session = owner) => t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, headers: bearer(who), payload: payload as object });
  const eventCount = () => withTenant(t.app.ctx.db, org.tenantId, async (trx) => Number((await trx.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 3 });
    other = await seedOrg(t.app, { tickets: 0 });
    owner = await loginAs(t.app, org.staff.owner.email);
    venueManager = await loginAs(t.app, org.staff.venueManager.email);
  });
  afterAll(async () => { await t?.close(); });

  it('creates an event with a slug from its name, doors at the start, its signing key, and an audit entry', async () => {
    const res = await post(body({ capacity: 500, policyTemplate: 'conference-single-entry' }));
    expect(res.statusCode).toBe(201);
    const event = res.json();
    expect(Object.keys(event)[0]).toBe('id');
    expect(event).toMatchObject({
      name: 'Lagos Jazz Night', slug: 'lagos-jazz-night', venueId: org.venue.id, startsAt: at(base), endsAt: at(base + 4 * HOUR),
      doorsOpenAt: at(base), capacity: 500, status: 'published', policyTemplate: 'conference-single-entry', ticketsIssued: 0,
    });
    const keys = await t.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}/keys` });
    expect(keys.json().keys).toEqual([expect.objectContaining({ status: 'active' })]);
    const policy = await t.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}/policy`, headers: bearer(owner) });
    expect(policy.json()).toMatchObject({ template: 'conference-single-entry', rules: { maxEntries: 1 } });
    const audit = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_id'])
      .where('subject_id', '=', event.id).execute());
    expect(audit).toEqual([{ action: 'event.created', actor_id: org.staff.owner.id }]);

    // The same name again (here or at another organizer) gets the next free slug.
    expect((await post(body())).json().slug).toBe('lagos-jazz-night-2');
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: bearer(await loginAs(t.app, other.staff.owner.email)),
      payload: { ...body(), venueId: other.venue.id } });
    expect(elsewhere.json().slug).toBe('lagos-jazz-night-3');
  });

  it('refuses bad input precisely and stores nothing', async () => {
    const before = await eventCount();
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [body({ endsAt: at(base - HOUR) }), 400, 'validation_failed', /endsAt .* must be after startsAt/],
      [body({ endsAt: at(base) }), 400, 'validation_failed', /endsAt/],
      [body({ doorsOpenAt: at(base + 5 * HOUR) }), 400, 'validation_failed', /doorsOpenAt .* must not be after startsAt/],
      [body({ doorsOpenAt: at(base + HOUR) }), 400, 'validation_failed', /doorsOpenAt/],
      [body({ venueId: '7a0c2d1e-4b5f-4c6d-8e9f-0a1b2c3d4e5f' }), 404, 'not_found', /^No such venue\.$/],
      [body({ venueId: other.venue.id }), 404, 'not_found', /^No such venue\.$/],
      [body({ slug: 'lagos-jazz-night' }), 409, 'already_exists', /slug "lagos-jazz-night" is taken/],
      [body({ startsAt: '0000-01-01T00:00:00Z' }), 400, 'validation_failed', /startsAt must be an instant/],
      [body({ policyTemplate: 'anything-goes' }), 400, 'validation_failed', /policyTemplate/],
      [body({ status: 'cancelled' }), 400, 'validation_failed', /status/],
      [body({ capacity: -1 }), 400, 'validation_failed', /capacity/],
      [body({ name: '   ' }), 400, 'validation_failed', /name must not be blank/],
    ];
    for (const [payload, status, code, message] of cases) {
      const res = await post(payload);
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload)).toEqual([status, code]);
      expect(res.json().error.message).toMatch(message);
    }
    expect(await eventCount()).toBe(before);
  });

  it('lets a manager confined to a venue create events there only', async () => {
    expect((await post(body({ name: 'Home gig' }), venueManager)).statusCode).toBe(201);
    const away = await post(body({ name: 'Away gig', venueId: org.otherVenue.id }), venueManager);
    expect(away.statusCode).toBe(403);
    expect(away.json().error.message).toMatch(/not assigned to this venue/);
    const move = await patch(org.event.id, { venueId: org.otherVenue.id }, venueManager);
    expect(move.statusCode).toBe(403);
  });

  it('lists events by start time in pages, filtered, and only those the caller may see', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(owner) });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { id: string; startsAt: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining([org.event.id, org.sideEvent.id, org.farEvent.id]));
    expect(all).toHaveLength(await eventCount());

    const later = await t.app.inject({ method: 'GET', url: `/api/v1/events?from=${at(base - HOUR)}&venueId=${org.venue.id}&status=published`, headers: bearer(owner) });
    expect(later.json().items.map((e: { name: string }) => e.name).sort()).toEqual(['Home gig', 'Lagos Jazz Night', 'Lagos Jazz Night']);
    const before = await t.app.inject({ method: 'GET', url: `/api/v1/events?to=${at(Date.now() + HOUR)}`, headers: bearer(owner) });
    expect(before.json().items.map((e: { id: string }) => e.id).sort()).toEqual([org.event.id, org.sideEvent.id, org.farEvent.id].sort());

    const scoped = await t.app.inject({ method: 'GET', url: '/api/v1/events?limit=200', headers: bearer(venueManager) });
    expect(scoped.json().items.map((e: { venueId: string }) => e.venueId)).not.toContain(org.otherVenue.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/events?cursor=bm90LWEtY3Vyc29y', headers: bearer(owner) })).statusCode).toBe(400);
  });

  it('changes an event, refusing what would break it, and counts issued tickets', async () => {
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(owner) });
    expect(got.json()).toMatchObject({ id: org.event.id, ticketsIssued: 3 });
    const refusals: [Record<string, unknown>, number, RegExp][] = [
      [{ capacity: 2 }, 409, /capacity 2 is below the 3 valid tickets/],
      [{ endsAt: got.json().startsAt }, 400, /endsAt/],
      [{ doorsOpenAt: got.json().endsAt }, 400, /doorsOpenAt/],
      [{ venueId: org.otherVenue.id }, 409, /3 ticket\(s\); it cannot move/],
      [{ slug: 'lagos-jazz-night' }, 409, /is taken/],
    ];
    for (const [payload, status, message] of refusals) {
      const res = await patch(org.event.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(owner) })).json()).toEqual(got.json());

    const ok = await patch(org.event.id, { capacity: 3, name: 'Main night', status: 'draft' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ capacity: 3, name: 'Main night', status: 'draft' });
    const audit = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['detail'])
      .where('subject_id', '=', org.event.id).where('action', '=', 'event.updated').execute());
    expect(audit.at(-1)!.detail).toMatchObject({ fields: ['name', 'status', 'capacity'], status: 'draft', previousStatus: 'published' });
    await patch(org.event.id, { status: 'published' });
  });

  it('moves an event without tickets to another venue that has its zones', async () => {
    const res = await patch(org.sideEvent.id, { venueId: org.otherVenue.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().venueId).toBe(org.otherVenue.id);
    await patch(org.sideEvent.id, { venueId: org.venue.id });
  });

  it('deletes an event without history and keeps one with tickets (409, archive instead)', async () => {
    const kept = await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${org.event.id}`, headers: bearer(owner) });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.message).toMatch(/3 ticket\(s\) and 0 recorded scan\(s\).*archive it instead/);
    const archived = await patch(org.event.id, { status: 'archived' });
    expect(archived.json().status).toBe('archived');
    await patch(org.event.id, { status: 'published' });

    const fresh = (await post(body({ name: 'Short lived' }))).json();
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${fresh.id}`, headers: bearer(owner) });
    expect(gone.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/events/${fresh.id}`, headers: bearer(owner) })).statusCode).toBe(404);
  });
});

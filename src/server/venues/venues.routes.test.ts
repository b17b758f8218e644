import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';
import { storedPolicyFromTemplate } from '../events/event-policy.service.ts';
import { createEvent } from '../provisioning/provisioning.service.ts';
import { issueTickets } from '../tickets/ticket-issuance.service.ts';

describe(`venues, zone trees and gates API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let owner: Session;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 0 });
    owner = await loginAs(t.app, org.staff.owner.email);
    h = bearer(owner);
  });
  afterAll(async () => { await t?.close(); });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = h) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const auditActions = async (subjectId: string) => (await withTenant(t.app.ctx.db, org.tenantId, (trx) =>
    trx.selectFrom('audit_log').select('action').where('subject_id', '=', subjectId).orderBy('id').execute())).map((r) => r.action);

  async function venue(name = `Venue ${randomUUID().slice(0, 6)}`) {
    const res = await call('POST', '/api/v1/venues', { name, timezone: 'Africa/Lagos' });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  }
  async function zone(venueId: string, code: string, parentId?: string) {
    const res = await call('POST', `/api/v1/venues/${venueId}/zones`, { code, name: code.toLowerCase(), ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string; parentId: string | null };
  }

  it('creates a venue (201, id on top), reads it, changes it, and audits both', async () => {
    const res = await call('POST', '/api/v1/venues', {
      name: '  Eko Hotel  ', address: 'Adetokunbo Ademola St, Lagos', timezone: 'Africa/Lagos', latitude: 6.4281, longitude: 3.4219, radiusMeters: 300,
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(Object.keys(created)[0]).toBe('id');
    expect(created).toMatchObject({ name: 'Eko Hotel', timezone: 'Africa/Lagos', latitude: 6.4281, longitude: 3.4219, radiusMeters: 300 });
    expect((await call('GET', `/api/v1/venues/${created.id}`)).json()).toEqual(created);
    const patched = await call('PATCH', `/api/v1/venues/${created.id}`, { timezone: 'Africa/Nairobi', latitude: null, longitude: null, radiusMeters: null });
    expect(patched.json()).toMatchObject({ timezone: 'Africa/Nairobi', latitude: null, longitude: null, radiusMeters: null, address: 'Adetokunbo Ademola St, Lagos' });
    expect(await auditActions(created.id)).toEqual(['venue.created', 'venue.updated']);
  });

  it('refuses an unknown time zone or half a map point precisely, and changes nothing', async () => {
    const bad = await call('POST', '/api/v1/venues', { name: 'Nowhere', timezone: 'Africa/Atlantis' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'validation_failed', message: expect.stringContaining('"Africa/Atlantis" is not an IANA time zone') } });
    const half = await call('POST', '/api/v1/venues', { name: 'Nowhere', timezone: 'Europe/Paris', latitude: 1 });
    expect(half.json().error.message).toMatch(/latitude and longitude go together/);
    const v = await venue();
    expect((await call('PATCH', `/api/v1/venues/${v.id}`, { timezone: '+01:00' })).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/venues/${v.id}`)).json().timezone).toBe('Africa/Lagos');
    const names = (await call('GET', '/api/v1/venues?limit=200')).json().items.map((x: { name: string }) => x.name);
    expect(names).not.toContain('Nowhere');
  });

  it('lists venues in pages with a cursor, and only the venues a scoped person may see', async () => {
    const first = await call('GET', '/api/v1/venues?limit=1');
    expect(first.json().items).toHaveLength(1);
    const seen = [first.json().items[0].id];
    let cursor = first.json().nextCursor as string | null;
    while (cursor) {
      const page = await call('GET', `/api/v1/venues?limit=1&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.json().items.map((x: { id: string }) => x.id));
      cursor = page.json().nextCursor;
    }
    const all = (await call('GET', '/api/v1/venues?limit=200')).json();
    expect(all.nextCursor).toBeNull();
    expect(seen).toEqual(all.items.map((x: { id: string }) => x.id));
    expect((await call('GET', '/api/v1/venues?cursor=bm9wZQ')).json().error.code).toBe('bad_request');

    const door = await doorSession(t.app, owner, org.staff.door.email, org.venue.id);
    expect((await call('GET', '/api/v1/venues', undefined, bearer(door))).json().items.map((x: { id: string }) => x.id)).toEqual([org.venue.id]);
    const venueManager = await loginAs(t.app, org.staff.venueManager.email);
    const refused = await call('POST', '/api/v1/venues', { name: 'Elsewhere', timezone: 'Africa/Lagos' }, bearer(venueManager));
    expect(refused.statusCode).toBe(403);
  });

  it('builds a conference tree and judges scans on it: a WORKSHOPS ticket passes ROOM_A, not MAIN_HALL', async () => {
    const v = await venue('Landmark Centre');
    const all = await zone(v.id, 'ALL');
    const main = await zone(v.id, 'MAIN_HALL', all.id);
    const workshops = await zone(v.id, 'WORKSHOPS', all.id);
    await zone(v.id, 'ROOM_A', workshops.id);
    await zone(v.id, 'ROOM_B', workshops.id);
    const list = (await call('GET', `/api/v1/venues/${v.id}/zones`)).json();
    expect(list.items.map((z: { code: string }) => z.code)).toEqual(['ALL', 'MAIN_HALL', 'ROOM_A', 'ROOM_B', 'WORKSHOPS']);
    expect(list.items.find((z: { code: string }) => z.code === 'ROOM_A').parentId).toBe(workshops.id);

    const roomA = list.items.find((z: { code: string }) => z.code === 'ROOM_A');
    const gateA = (await call('POST', `/api/v1/venues/${v.id}/gates`, { name: 'Room A door', zoneId: roomA.id })).json();
    expect(gateA).toMatchObject({ name: 'Room A door', zoneId: roomA.id, zone: 'ROOM_A' });
    const gateMain = (await call('POST', `/api/v1/venues/${v.id}/gates`, { name: 'Main hall', zoneId: main.id })).json();

    const now = Date.now();
    const event = await createEvent(t.app.ctx.db, org.tenantId, {
      venueId: v.id, slug: `conf-${randomUUID().slice(0, 8)}`, name: 'Conf', policy: storedPolicyFromTemplate('reentry-after-exit'),
      doorsOpenAt: new Date(now - 3600_000), startsAt: new Date(now - 1800_000), endsAt: new Date(now + 3600_000),
      ticketTypes: [{ typeNo: 1, name: 'Workshops pass', zones: ['WORKSHOPS'] }],
    });
    const [ticket] = await issueTickets(t.app.ctx, org.tenantId, event.id, [{ typeNo: 1, holderName: 'Ada Lovelace' }]);
    const door = await doorSession(t.app, owner, org.staff.manager.email, v.id);
    const scan = (gateId: string) => call('POST', `/api/v1/events/${event.id}/scans`, { scanId: randomUUID(), qr: ticket!.qr, gateId, direction: 'in' }, bearer(door));
    expect((await scan(gateMain.id)).json()).toMatchObject({ verdict: 'refused', reason: 'wrong_zone' });
    expect((await scan(gateA.id)).json()).toMatchObject({ verdict: 'admitted' });
  });

  it('refuses a duplicate code, a parent of another venue, and a cycle — each saying why, changing nothing', async () => {
    const v = await venue();
    const other = await venue();
    const top = await zone(v.id, 'TOP');
    const mid = await zone(v.id, 'MID', top.id);
    const low = await zone(v.id, 'LOW', mid.id);
    const foreign = await zone(other.id, 'ELSEWHERE');

    const dup = await call('POST', `/api/v1/venues/${v.id}/zones`, { code: 'MID', name: 'again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toEqual({ code: 'already_exists', message: expect.stringContaining('already has a zone MID') });
    const cross = await call('POST', `/api/v1/venues/${v.id}/zones`, { code: 'X', name: 'x', parentId: foreign.id });
    expect(cross.statusCode).toBe(422);
    expect(cross.json().error.message).toBe('parentId is not a zone of this venue.');
    const cycle = await call('PATCH', `/api/v1/venues/${v.id}/zones/${top.id}`, { parentId: low.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.message).toMatch(/would be inside itself/);
    expect((await call('PATCH', `/api/v1/venues/${v.id}/zones/${top.id}`, { parentId: top.id })).statusCode).toBe(400);
    const gateElsewhere = await call('POST', `/api/v1/venues/${v.id}/gates`, { name: 'Wrong', zoneId: foreign.id });
    expect(gateElsewhere.statusCode).toBe(422);
    expect(gateElsewhere.json().error.message).toBe('zoneId is not a zone of this venue.');
    expect((await call('PATCH', `/api/v1/venues/${v.id}/zones/${randomUUID()}`, { name: 'x' })).statusCode).toBe(404);

    const after = (await call('GET', `/api/v1/venues/${v.id}/zones`)).json().items;
    expect(after.map((z: { code: string; parentId: string | null }) => [z.code, z.parentId])).toEqual([['LOW', mid.id], ['MID', top.id], ['TOP', null]]);
    expect((await call('GET', `/api/v1/venues/${v.id}/gates`)).json()).toEqual({ items: [], nextCursor: null });

    const moved = await call('PATCH', `/api/v1/venues/${v.id}/zones/${low.id}`, { parentId: top.id, name: 'Low ground' });
    expect(moved.json()).toMatchObject({ parentId: top.id, name: 'Low ground' });
  });

  it('deletes only what nothing uses, and every refusal says what uses it (with counts)', async () => {
    const hall = org.venue.id;
    const zones = (await call('GET', `/api/v1/venues/${hall}/zones`)).json().items as { id: string; code: string }[];
    const ga = zones.find((z) => z.code === 'GA')!;
    const vip = zones.find((z) => z.code === 'VIP')!;
    const gaRefused = await call('DELETE', `/api/v1/venues/${hall}/zones/${ga.id}`);
    expect(gaRefused.statusCode).toBe(409);
    expect(gaRefused.json().error.message).toBe('Zone GA is in use: 2 gates, 2 ticket types granting it. Move or remove those first.');
    const vipRefused = await call('DELETE', `/api/v1/venues/${hall}/zones/${vip.id}`);
    expect(vipRefused.json().error.message).toBe('Zone VIP is in use: 1 gate, 1 zone inside it, 2 ticket types granting it. Move or remove those first.');
    const rename = await call('PATCH', `/api/v1/venues/${hall}/zones/${vip.id}`, { code: 'VIP_LOUNGE' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().error.message).toMatch(/^2 ticket types grant zone VIP/);

    const venueRefused = await call('DELETE', `/api/v1/venues/${hall}`);
    expect(venueRefused.statusCode).toBe(409);
    expect(venueRefused.json().error.message).toMatch(/^This venue has 2 events \(0 tickets\)/);

    // A gate with a scan is history.
    const [ticket] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Scan Me' }]);
    const door = await doorSession(t.app, owner, org.staff.door.email, hall);
    const gate = org.venue.gates[1]!;
    await call('POST', `/api/v1/events/${org.event.id}/scans`, { scanId: randomUUID(), qr: ticket!.qr, gateId: gate.id, direction: 'in' }, bearer(door));
    const gateRefused = await call('DELETE', `/api/v1/venues/${hall}/gates/${gate.id}`);
    expect(gateRefused.statusCode).toBe(409);
    expect(gateRefused.json().error.message).toMatch(/^Gate "Side" has 1 scan; a gate with scans is kept/);

    // An unused venue goes, with its zones and gates.
    const spare = await venue();
    const z = await zone(spare.id, 'ONLY');
    const g = (await call('POST', `/api/v1/venues/${spare.id}/gates`, { name: 'Door', zoneId: z.id })).json();
    expect((await call('DELETE', `/api/v1/venues/${spare.id}/zones/${z.id}`)).statusCode).toBe(409);
    expect((await call('DELETE', `/api/v1/venues/${spare.id}/gates/${g.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/venues/${spare.id}/zones/${z.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/venues/${spare.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/venues/${spare.id}`)).statusCode).toBe(404);
    expect(await auditActions(g.id)).toEqual(['gate.created', 'gate.deleted']);
    expect(await auditActions(spare.id)).toEqual(['venue.created', 'venue.deleted']);
  });

  it('renames and moves gates within the venue, keeping names unique', async () => {
    const hall = org.otherVenue.id;
    const zones = (await call('GET', `/api/v1/venues/${hall}/zones`)).json().items as { id: string; code: string }[];
    const [main, side] = org.otherVenue.gates;
    const dup = await call('PATCH', `/api/v1/venues/${hall}/gates/${main!.id}`, { name: side!.name });
    expect(dup.statusCode).toBe(409);
    const moved = await call('PATCH', `/api/v1/venues/${hall}/gates/${main!.id}`, { name: 'Main entrance', zoneId: zones.find((z) => z.code === 'VIP')!.id });
    expect(moved.json()).toMatchObject({ name: 'Main entrance', zone: 'VIP' });
    const pages = (await call('GET', `/api/v1/venues/${hall}/gates?limit=2`)).json();
    expect(pages.items).toHaveLength(2);
    const rest = (await call('GET', `/api/v1/venues/${hall}/gates?limit=2&cursor=${encodeURIComponent(pages.nextCursor)}`)).json();
    expect([...pages.items, ...rest.items].map((g: { name: string }) => g.name)).toEqual(['Main entrance', 'Side', 'VIP door']);
    expect(rest.nextCursor).toBeNull();
  });
});

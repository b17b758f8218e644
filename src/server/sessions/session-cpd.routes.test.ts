import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { insertSessionScans } from '../../../test/attendance/session-scans.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';

/** A session's CPD credits, share and admitted ticket types through the sessions API. */
describe(`session CPD settings (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let base: Record<string, unknown>;
  let types: { general: string; vip: string; elsewhere: string };
  const url = (suffix = '') => `/api/v1/events/${org.event.id}/sessions${suffix}`;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 1 });
    manager = await loginAs(t.app, org.staff.manager.email);
    const times = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager) })).json();
    const [zones, rows] = await withTenant(t.app.ctx.db, org.tenantId, (trx) => Promise.all([
      trx.selectFrom('zones').select(['id']).where('venue_id', '=', org.venue.id).where('code', '=', 'GA').execute(),
      trx.selectFrom('ticket_types').select(['id', 'event_id', 'name']).execute(),
    ]));
    const type = (eventId: string, name: string) => rows.find((r) => r.event_id === eventId && r.name === name)!.id;
    types = { general: type(org.event.id, 'General'), vip: type(org.event.id, 'VIP'), elsewhere: type(org.sideEvent.id, 'General') };
    const at = (m: number) => new Date(Date.parse(times.doorsOpenAt) + m * 60_000).toISOString();
    base = { name: 'Ethics in practice', zoneId: zones[0]!.id, startsAt: at(30), endsAt: at(120) };
  });
  afterAll(async () => { await t?.close(); });

  it('stores credits, share and admitted types, shows them, changes and clears them', async () => {
    const plain = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload: base });
    expect(plain.json()).toMatchObject({ credits: null, minShare: null, admitsTicketTypeIds: null });

    const res = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager),
      payload: { ...base, credits: 1.5, minShare: 80, admitsTicketTypeIds: [types.vip] } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ credits: 1.5, minShare: 80, admitsTicketTypeIds: [types.vip] });
    const id = res.json().id as string;

    const patched = await t.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: bearer(manager), payload: { credits: 1.15, admitsTicketTypeIds: [types.general, types.vip] } });
    expect(patched.json()).toMatchObject({ credits: 1.15, minShare: 80, admitsTicketTypeIds: [types.general, types.vip] });
    const cleared = await t.app.inject({ method: 'PATCH', url: url(`/${id}`), headers: bearer(manager), payload: { credits: null, minShare: null, admitsTicketTypeIds: null } });
    expect(cleared.json()).toMatchObject({ credits: null, minShare: null, admitsTicketTypeIds: null });
    const listed = (await t.app.inject({ method: 'GET', url: url(), headers: bearer(manager) })).json().items;
    expect(listed.find((s: { id: string }) => s.id === id)).toMatchObject({ credits: null });
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['no credits', { credits: 0 }, 400, 'credits'],
    ['negative credits', { credits: -1 }, 400, 'credits'],
    ['more than 999 credits', { credits: 1000 }, 400, 'credits'],
    ['three decimals', { credits: 1.255 }, 400, 'credits'],
    ['a share of 0 %', { minShare: 0 }, 400, 'minShare'],
    ['a share over 100 %', { minShare: 101 }, 400, 'minShare'],
    ['a share with decimals', { minShare: 80.5 }, 400, 'minShare'],
    ['a ticket type of another event', { admitsTicketTypeIds: [randomUUID()] }, 422, 'admitsTicketTypeIds'],
  ])('refuses %s in the standard error shape', async (_, over, status, field) => {
    const payload = { ...base, ...over };
    if (field === 'admitsTicketTypeIds') payload.admitsTicketTypeIds = [types.elsewhere];
    const res = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toMatch(/^(validation_failed|unprocessable)$/);
    expect(res.json().error.message).toContain(field);
  });

  it('keeps a session that has scans (its attendance rests on them); deletes one without', async () => {
    const scanned = (await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload: base })).json().id as string;
    const empty = (await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload: base })).json().id as string;
    await insertSessionScans(t.app, org.tenantId, org.event.id, [{ ticketId: org.tickets[0]!.id, sessionId: scanned, direction: 'in', at: new Date() }]);
    const refused = await t.app.inject({ method: 'DELETE', url: url(`/${scanned}`), headers: bearer(manager) });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'conflict']);
    expect((await t.app.inject({ method: 'DELETE', url: url(`/${empty}`), headers: bearer(manager) })).statusCode).toBe(204);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';

describe(`ticket types API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let integration: Record<string, string>;
  const url = (suffix = '') => `/api/v1/events/${org.event.id}/ticket-types${suffix}`;
  const typeRows = () => withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('ticket_types').selectAll().where('event_id', '=', org.event.id).orderBy('type_no').execute());

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 4 });
    manager = await loginAs(t.app, org.staff.manager.email);
    const owner = await loginAs(t.app, org.staff.owner.email);
    const key = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(owner), payload: { name: 'shop' } });
    integration = { 'x-api-key': key.json().key };
  });
  afterAll(async () => { await t?.close(); });

  it('lists the event’s types with their numbers and issued counts, also to an integration', async () => {
    const res = await t.app.inject({ method: 'GET', url: url(), headers: integration });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        expect.objectContaining({ typeNo: 1, name: 'General', zones: ['GA'], allowStatic: true, validFrom: null, ticketsIssued: 3 }),
        expect.objectContaining({ typeNo: 2, name: 'VIP', zones: ['VIP'], ticketsIssued: 1 }),
      ],
      nextCursor: null,
    });
    const first = await t.app.inject({ method: 'GET', url: url('?limit=1'), headers: bearer(manager) });
    const second = await t.app.inject({ method: 'GET', url: url(`?limit=1&cursor=${first.json().nextCursor}`), headers: bearer(manager) });
    expect([first.json().items[0].typeNo, second.json().items[0].typeNo, second.json().nextCursor]).toEqual([1, 2, null]);
  });

  it('creates a rotating-QR type with the next type number, usable for issuing at once', async () => {
    const res = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload: {
      name: 'Backstage pass', zones: ['VIP', 'GA'], allowStatic: false, capacity: 20,
      validFrom: '2031-06-01T15:00:00Z', validUntil: '2031-06-02T03:00:00+01:00',
    } });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())[0]).toBe('id');
    expect(res.json()).toMatchObject({ typeNo: 3, zones: ['VIP', 'GA'], allowStatic: false, capacity: 20, validUntil: '2031-06-02T02:00:00.000Z', ticketsIssued: 0 });
    const issued = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/tickets`, headers: integration,
      payload: { tickets: [{ name: 'Crew Member', type: 3 }] } });
    expect(issued.statusCode).toBe(201);
  });

  it('refuses bad types precisely and stores nothing', async () => {
    const before = await typeRows();
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'Lounge', zones: ['LOUNGE'] }, 422, /zones: LOUNGE is not a zone of the event’s venue/],
      [{ name: 'Lounge', zones: ['GA', 'X1', 'X2'] }, 422, /X1, X2 are not zones/],
      [{ name: 'General', zones: ['GA'] }, 409, /already has a ticket type named "General"/],
      [{ name: 'Early', zones: ['GA'], validFrom: '2031-06-02T00:00:00Z', validUntil: '2031-06-01T00:00:00Z' }, 400, /validUntil .* must be after validFrom/],
      [{ name: 'Lower', zones: ['ga'] }, 400, /zones/],
      [{ name: 'None', zones: [] }, 400, /zones/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    expect(await typeRows()).toEqual(before);
  });

  it('changes a type, but not the validity of one with tickets nor a capacity below its tickets', async () => {
    const [general] = await typeRows();
    const refusals: [Record<string, unknown>, number, RegExp][] = [
      [{ validUntil: '2031-06-02T00:00:00Z' }, 409, /signed into its tickets' QR codes, and 3 ticket\(s\)/],
      [{ capacity: 2 }, 409, /capacity 2 is below the 3 valid tickets of this type/],
      [{ zones: ['NOPE'] }, 422, /NOPE is not a zone/],
      [{ name: 'VIP' }, 409, /already has a ticket type named "VIP"/],
    ];
    for (const [payload, status, message] of refusals) {
      const res = await t.app.inject({ method: 'PATCH', url: url(`/${general!.id}`), headers: bearer(manager), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    const ok = await t.app.inject({ method: 'PATCH', url: url(`/${general!.id}`), headers: bearer(manager), payload: { name: 'General admission', allowStatic: false, capacity: 3 } });
    expect(ok.json()).toMatchObject({ name: 'General admission', allowStatic: false, capacity: 3 });
    const unknown = await t.app.inject({ method: 'PATCH', url: url('/7a0c2d1e-4b5f-4c6d-8e9f-0a1b2c3d4e5f'), headers: bearer(manager), payload: { name: 'x' } });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([404, 'No such ticket type in this event.']);
  });

  it('refuses to delete a type with tickets (409 and the count) and deletes an unused one', async () => {
    const [general] = await typeRows();
    const kept = await t.app.inject({ method: 'DELETE', url: url(`/${general!.id}`), headers: bearer(manager) });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error).toEqual({ code: 'conflict', message: 'This ticket type has 3 ticket(s) and cannot be deleted; its tickets keep it.' });

    const spare = (await t.app.inject({ method: 'POST', url: url(), headers: bearer(manager), payload: { name: 'Spare', zones: ['GA'] } })).json();
    await t.app.inject({ method: 'PUT', url: `/api/v1/events/${org.event.id}/registration`, headers: bearer(manager), payload: { enabled: true, ticketTypeId: spare.id } });
    const registering = await t.app.inject({ method: 'DELETE', url: url(`/${spare.id}`), headers: bearer(manager) });
    expect([registering.statusCode, registering.json().error.message]).toEqual([409, expect.stringMatching(/Free registration hands out this ticket type/)]);
    await t.app.inject({ method: 'PUT', url: `/api/v1/events/${org.event.id}/registration`, headers: bearer(manager), payload: { enabled: true, ticketTypeId: general!.id } });

    const gone = await t.app.inject({ method: 'DELETE', url: url(`/${spare.id}`), headers: bearer(manager) });
    expect(gone.statusCode).toBe(204);
    expect((await typeRows()).map((r) => r.name)).not.toContain('Spare');
    const audit = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select('action').where('subject_id', '=', spare.id).orderBy('id').execute());
    expect(audit.map((a) => a.action)).toEqual(['ticket_type.created', 'ticket_type.deleted']);
  });
});

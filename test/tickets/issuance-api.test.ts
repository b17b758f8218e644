import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { scanAtDoor } from '../attendee/support/door.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { apiKey, bearer } from './support.ts';

interface TicketJson {
  id: string; serial: number; status: string; code: string; pin: string; qr: string; link: string;
  type: { no: number; name: string }; holder: { name: string; email: string | null; phone: string | null }; orderRef: string | null;
}

describe(`issuance API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  let key: Record<string, string>;
  let manager: Record<string, string>;
  const url = () => `/api/v1/events/${f.eventId}/tickets`;
  const countTickets = () => withTenant(t.app.ctx.db, f.tenantId, async (trx) =>
    Number((await trx.selectFrom('tickets').select((e) => e.fn.countAll().as('n')).where('event_id', '=', f.eventId).executeTakeFirstOrThrow()).n));

  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
    key = await apiKey(t.app, f);
    manager = await bearer(t.app, f, 'manager');
  });
  afterAll(async () => { await t?.close(); });

  it('issues tickets for an API key with QR text, code, PIN and link; the QR scans admitted', async () => {
    const res = await t.app.inject({
      method: 'POST', url: url(), headers: key,
      payload: { tickets: [
        { type: 1, name: '  Chidi   Okafor ', email: 'Chidi@Example.NG', phone: '0803 123 4567', orderRef: 'ORD-1' },
        { type: 'vip', name: 'Amina Bello', phone: '+254 712 345678' },
      ] },
    });
    expect(res.statusCode).toBe(201);
    const { tickets } = res.json() as { tickets: TicketJson[] };
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).toMatchObject({
      status: 'valid', type: { no: 1 }, orderRef: 'ORD-1',
      holder: { name: 'Chidi Okafor', email: 'chidi@example.ng', phone: '+2348031234567' },
    });
    expect(tickets[1]).toMatchObject({ type: { no: 2, name: 'VIP' }, holder: { phone: '+254712345678', email: null } });
    for (const ticket of tickets) {
      expect(ticket.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(ticket.pin).toMatch(/^\d{6}$/);
      expect(ticket.link).toMatch(new RegExp(`^${t.config.publicUrl}/t/[A-Za-z0-9_-]{20,}$`));
    }
    const verdict = await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, tickets[0]!.qr, { gateId: f.gate('Main'), gateZone: 'GA' });
    expect(verdict).toEqual({ verdict: 'admitted', reason: 'admitted' });

    const again = await t.app.inject({ method: 'GET', url: `${url()}/${tickets[0]!.id}`, headers: manager });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...tickets[0], eventId: f.eventId, replacedBy: null });
  });

  it('lets a manager issue, refuses door staff (403) and callers without credentials (401)', async () => {
    const payload = { tickets: [{ type: 1, name: 'Manager Guest' }] };
    expect((await t.app.inject({ method: 'POST', url: url(), headers: manager, payload })).statusCode).toBe(201);
    const staff = await t.app.inject({ method: 'POST', url: url(), headers: await bearer(t.app, f, 'staff'), payload });
    expect(staff.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: url(), payload });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses the whole call when any ticket is invalid, naming each problem by index', async () => {
    const before = await countTickets();
    const res = await t.app.inject({
      method: 'POST', url: url(), headers: key,
      payload: { tickets: [
        { type: 1, name: 'Fine Person', email: 'fine@example.ng' },
        { type: 1, name: 'Bad Email', email: 'bad@example' },
        { type: 1, name: 'Bad Phone', phone: '12345' },
        { type: 9, name: 'Unknown Type' },
        { type: 1, name: '   ' },
      ] },
    });
    expect(res.statusCode).toBe(422);
    const { message } = (res.json() as { error: { code: string; message: string } }).error;
    expect(res.json()).toMatchObject({ error: { code: 'unprocessable' } });
    expect(message).toContain('tickets[1].email');
    expect(message).toContain('tickets[2].phone');
    expect(message).toContain('tickets[3].type');
    expect(message).toContain('tickets[4].name');
    expect(message).not.toContain('tickets[0]');
    expect(await countTickets()).toBe(before);
  });

  it('accepts a phone in another default region per request', async () => {
    const res = await t.app.inject({ method: 'POST', url: url(), headers: key, payload: { phoneRegion: 'KE', tickets: [{ type: 1, name: 'Wanjiru', phone: '0712 345678' }] } });
    expect(res.statusCode).toBe(201);
    expect((res.json() as { tickets: TicketJson[] }).tickets[0]!.holder.phone).toBe('+254712345678');
  });

  it('refuses more than 1,000 tickets in one call', async () => {
    const tickets = Array.from({ length: 1001 }, (_, i) => ({ type: 1, name: `Guest ${i}` }));
    const res = await t.app.inject({ method: 'POST', url: url(), headers: key, payload: { tickets } });
    expect(res.statusCode).toBe(400);
  });

  it('answers a retried call with the same Idempotency-Key with the same tickets, issuing nothing twice', async () => {
    const payload = { tickets: [{ type: 1, name: 'Retry Person', email: 'retry@example.ng' }, { type: 2, name: 'Retry Two' }] };
    const headers = { ...key, 'idempotency-key': 'order-7781' };
    const first = await t.app.inject({ method: 'POST', url: url(), headers, payload });
    expect(first.statusCode).toBe(201);
    const before = await countTickets();
    const second = await t.app.inject({ method: 'POST', url: url(), headers, payload });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await countTickets()).toBe(before);

    const other = await t.app.inject({ method: 'POST', url: url(), headers, payload: { tickets: [{ type: 1, name: 'Someone Else' }] } });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: { code: 'idempotency_mismatch' } });
    expect(await countTickets()).toBe(before);
  });

  it('issues once when the same key arrives twice at the same moment', async () => {
    const before = await countTickets();
    const payload = { tickets: [{ type: 1, name: 'Racing Retry' }] };
    const headers = { ...key, 'idempotency-key': 'race-1' };
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: url(), headers, payload }),
      t.app.inject({ method: 'POST', url: url(), headers, payload }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    expect(await countTickets()).toBe(before + 1);
  });

  it('keeps tenants apart: another organizer’s key cannot issue into this event', async () => {
    const other = await createEventFixture(t.app.ctx);
    const otherKey = await apiKey(t.app, other);
    const res = await t.app.inject({ method: 'POST', url: url(), headers: otherKey, payload: { tickets: [{ type: 1, name: 'Intruder' }] } });
    expect(res.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KaribuApp } from '../../src/server/app.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { scanAtDoor } from '../attendee/support/door.ts';
import { startSmtpCapture, type SmtpCapture } from '../attendee/support/smtp-capture.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer } from './support.ts';

// Random addresses: with REDIS_URL the per-IP counters outlive a test run (and are shared by files).
const randomIp = () => `10.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
/** Each call from its own address unless one is given: the per-IP limit is tested on its own. */
const register = (app: KaribuApp, slug: string, payload: object, remoteAddress = randomIp()) =>
  app.inject({ method: 'POST', url: `/api/v1/public/events/${slug}/registrations`, payload, remoteAddress });

async function openRegistration(app: KaribuApp, f: EventFixture, capacity?: number): Promise<string> {
  const { slug, typeId } = await withTenant(app.ctx.db, f.tenantId, async (trx) => {
    if (capacity !== undefined) await trx.updateTable('events').set({ capacity }).where('id', '=', f.eventId).execute();
    const e = await trx.selectFrom('events').select('slug').where('id', '=', f.eventId).executeTakeFirstOrThrow();
    const type = await trx.selectFrom('ticket_types').select('id').where('event_id', '=', f.eventId).where('type_no', '=', 1).executeTakeFirstOrThrow();
    return { slug: e.slug, typeId: type.id };
  });
  const res = await app.inject({
    method: 'PUT', url: `/api/v1/events/${f.eventId}/registration`, headers: await bearer(app, f, 'manager'),
    payload: { enabled: true, ticketTypeId: typeId },
  });
  if (res.statusCode !== 200) throw new Error(`open registration: ${res.statusCode} ${res.body}`);
  return slug;
}

const validTickets = (app: KaribuApp, f: EventFixture) => withTenant(app.ctx.db, f.tenantId, async (trx) =>
  Number((await trx.selectFrom('tickets').select((e) => e.fn.countAll().as('n')).where('event_id', '=', f.eventId).where('status', '=', 'valid').executeTakeFirstOrThrow()).n));

describe(`free registration, email off (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('is closed until the organizer opens it, then gives a new registrant a ticket that scans', async () => {
    const f = await createEventFixture(t.app.ctx);
    const slug = (await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('events').select('slug').where('id', '=', f.eventId).executeTakeFirstOrThrow())).slug;
    const closed = await t.app.inject({ method: 'GET', url: `/api/v1/public/events/${slug}` });
    expect(closed.json()).toMatchObject({ registration: { state: 'unavailable' } });
    expect((await register(t.app, slug, { name: 'Early Bird', email: 'early@example.ng' })).statusCode).toBe(404);

    await openRegistration(t.app, f);
    const info = await t.app.inject({ method: 'GET', url: `/api/v1/public/events/${slug}` });
    expect(info.json()).toMatchObject({ slug, registration: { state: 'open', ticketType: 'General Admission', spotsLeft: 10_000, emailDelivery: false } });

    const res = await register(t.app, slug, { name: 'Funmi Ade', email: 'Funmi@Example.ng', phone: '0803 777 8888' });
    expect(res.statusCode).toBe(201);
    const { status, ticketUrl } = res.json() as { status: string; ticketUrl: string };
    expect(status).toBe('registered');
    const secret = ticketUrl.split('/t/')[1]!;
    const stored = await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets')
      .select(['holder_email', 'holder_phone', 'serial', 'id']).where('link_secret', '=', secret).executeTakeFirstOrThrow());
    expect(stored).toMatchObject({ holder_email: 'funmi@example.ng', holder_phone: '+2348037778888' });
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/attendee/t/${secret}` });
    expect(page.statusCode).toBe(200);
    const qr = (page.json() as { ticket: { qr: string } }).ticket.qr;
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, qr, { gateId: f.gate('Main'), gateZone: 'GA' }))
      .toEqual({ verdict: 'admitted', reason: 'admitted' });

    // The same address again: no second ticket; with no email channel it is told so.
    const again = await register(t.app, slug, { name: 'Funmi Ade', email: 'funmi@example.ng' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'already_exists' } });
    expect(again.body).not.toContain(secret);
    expect((await register(t.app, slug, { name: 'No Email', email: 'not-an-email' })).statusCode).toBe(422);
    expect(await validTickets(t.app, f)).toBe(1);
  });

  it('gives the last seats exactly once when many register at the same moment', async () => {
    const f = await createEventFixture(t.app.ctx);
    await f.issue(7);
    const slug = await openRegistration(t.app, f, 10);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      register(t.app, slug, { name: `Racer ${i}`, email: `racer${i}@example.ng` })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ error: { code: 'capacity_reached' } });
    expect(await validTickets(t.app, f)).toBe(10);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/events/${slug}` })).json())
      .toMatchObject({ registration: { state: 'full', spotsLeft: 0 } });

    // A cancellation frees a seat.
    const [first] = await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets').select('id').where('event_id', '=', f.eventId).limit(1).execute());
    await t.app.inject({ method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${first!.id}/cancel`, headers: await bearer(t.app, f, 'manager') });
    expect((await register(t.app, slug, { name: 'Lucky', email: 'lucky@example.ng' })).statusCode).toBe(201);
  });

  it('gives one ticket when the same address registers twice at the same moment', async () => {
    const f = await createEventFixture(t.app.ctx);
    const slug = await openRegistration(t.app, f);
    const results = await Promise.all([1, 2, 3].map(() => register(t.app, slug, { name: 'Double Click', email: 'double@example.ng' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await validTickets(t.app, f)).toBe(1);
  });

  it('limits registrations per IP address', async () => {
    const f = await createEventFixture(t.app.ctx);
    const slug = await openRegistration(t.app, f);
    const statuses: number[] = [];
    const bot = randomIp();
    for (let i = 0; i < 11; i++) statuses.push((await register(t.app, slug, { name: `Bot ${i}`, email: `bot${i}@example.ng` }, bot)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe(`free registration, email on (${testDatabaseKind})`, () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let f: EventFixture;
  let slug: string;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ SMTP_URL: smtp.url });
    f = await createEventFixture(t.app.ctx);
    slug = await openRegistration(t.app, f);
  });
  afterAll(async () => { await t?.close(); await smtp?.close(); });

  it('answers "check your email" alike for new and known addresses; the ticket travels only by email', async () => {
    const received = smtp.next();
    const res = await register(t.app, slug, { name: 'Kofi Mensah', email: 'kofi@example.ng' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'check_email', email: 'kofi@example.ng' });
    const mail = await received;
    expect(mail.to).toEqual(['kofi@example.ng']);
    const link = await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets').select('link_secret').where('holder_email', '=', 'kofi@example.ng').executeTakeFirstOrThrow());
    expect(mail.raw.toString('utf8')).toContain(link.link_secret);

    // A ticket issued by the organizer (never emailed) is re-sent when its holder registers.
    const [issued] = await f.issue([{ holderName: 'Esi Owusu', holderEmail: 'esi@example.ng' }]);
    const resent = smtp.next();
    const dup = await register(t.app, slug, { name: 'Someone Else', email: 'ESI@example.ng' });
    expect(dup.statusCode).toBe(202);
    expect(dup.json()).toEqual({ status: 'check_email', email: 'esi@example.ng' });
    expect(dup.body).not.toContain(issued!.linkSecret);
    const resentMail = await resent;
    expect(resentMail.to).toEqual(['esi@example.ng']);
    expect(resentMail.raw.toString('utf8')).toContain(issued!.linkSecret);

    // Submitting the address again at once sends nothing more (no inbox flooding), same answer.
    const before = smtp.messages.length;
    const third = await register(t.app, slug, { name: 'Esi Owusu', email: 'esi@example.ng' });
    expect(third.json()).toEqual({ status: 'check_email', email: 'esi@example.ng' });
    expect(smtp.messages.length).toBe(before);
    expect(await validTickets(t.app, f)).toBe(2);
  });
});

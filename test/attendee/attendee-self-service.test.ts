import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { scanAtDoor } from './support/door.ts';
import { parseMime, startSmtpCapture, type CapturedMail, type SmtpCapture } from './support/smtp-capture.ts';

/**
 * The holder's own actions on their ticket page, through the public routes with a real SMTP
 * server: transfer (both people told, the old ticket refused at the door at once, the new one
 * admitted, no way back by the old link), resend to the address on file, the calendar entry in
 * the venue's zone, and the per-link limits.
 */
describe(`attendee self-service (${testDatabaseKind})`, () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Lagos Live <tickets@lagos.example>' });
    f = await createEventFixture(t.app.ctx);
    // General Admission may be passed on; VIP keeps the default (no transfers).
    await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.updateTable('ticket_types').set({ allow_transfer: true })
      .where('event_id', '=', f.eventId).where('type_no', '=', 1).execute());
  });
  afterAll(async () => { await t?.close(); await smtp?.close(); });

  const url = (secret: string, action = '') => `/api/v1/attendee/t/${secret}${action}`;
  const post = (secret: string, action: string, payload: object, remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: url(secret, action), payload, remoteAddress });
  const door = () => ({ gateId: f.gate('Main'), gateZone: 'GA' });
  const managerHeaders = async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: f.users.manager.email, password: f.users.manager.password } });
    return { authorization: `Bearer ${login.json().accessToken}` };
  };
  const text = (mail: CapturedMail) => parseMime(mail.raw).parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');

  it('transfers: the new holder gets a fresh ticket, the old holder is told, the old QR is refused at once', async () => {
    const [ticket] = await f.issue([{ holderName: 'Tunde Bakare', holderEmail: 'tunde@example.ng', typeNo: 1 }]);
    const before = (await t.app.inject({ method: 'GET', url: url(ticket!.linkSecret) })).json();
    expect(before.ticket).toMatchObject({ transferable: true, emailOnFile: 't•••@example.ng' });

    const mails = [smtp.next(), smtp.next()];
    const res = await post(ticket!.linkSecret, '/transfer', { name: 'Amina Yusuf', email: 'Amina@Example.ng' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ newHolderName: 'Amina Yusuf', sentTo: 'a•••@example.ng', emailed: true });
    const [first, second] = await Promise.all(mails);
    const toNew = [first!, second!].find((m) => m.to.includes('amina@example.ng'))!;
    const toOld = [first!, second!].find((m) => m.to.includes('tunde@example.ng'))!;

    // The new holder's email carries a new link; the old holder's notice names the new holder
    // and carries nothing of the new ticket.
    const newLink = /\/t\/([A-Za-z0-9_-]{16,64})/.exec(text(toNew))![1]!;
    expect(newLink).not.toBe(ticket!.linkSecret);
    expect(text(toOld)).toContain('now belongs to Amina Yusuf');
    expect(text(toOld)).not.toContain(newLink);

    const fresh = (await t.app.inject({ method: 'GET', url: url(newLink) })).json();
    expect(fresh.ticket).toMatchObject({ status: 'valid', holderName: 'Amina Yusuf' });
    expect(fresh.ticket.code).not.toBe(ticket!.code);
    expect(fresh.ticket.pin).not.toBe(ticket!.pin);
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ticket!.qr, door())).toEqual({ verdict: 'refused', reason: 'transferred' });
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, fresh.ticket.qr, door())).toEqual({ verdict: 'admitted', reason: 'admitted' });

    // The old link now shows the transferred ticket and cannot move the new one back.
    const old = (await t.app.inject({ method: 'GET', url: url(ticket!.linkSecret) })).json();
    expect(old.ticket).toMatchObject({ status: 'transferred', qr: null, transferable: false, emailOnFile: null });
    const again = await post(ticket!.linkSecret, '/transfer', { name: 'Tunde Bakare', email: 'tunde@example.ng' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');

    // The organizer sees who did it and that both were told.
    const audit = await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('audit_log').select(['actor_kind', 'action'])
      .where('subject_id', '=', ticket!.id).where('action', '=', 'ticket.transferred').execute());
    expect(audit).toEqual([{ actor_kind: 'attendee', action: 'ticket.transferred' }]);
    const emails = await t.app.inject({
      method: 'GET', url: `/api/v1/events/${f.eventId}/tickets/${ticket!.id}/emails`, headers: await managerHeaders(),
    });
    expect(emails.json().deliveries).toMatchObject([{ kind: 'transfer_notice', status: 'sent', recipient: 'tunde@example.ng' }]);
    const history = async (id: string) => (await t.app.inject({
      method: 'GET', url: `/api/v1/events/${f.eventId}/tickets/${id}/history`, headers: await managerHeaders(),
    })).json().entries;
    const newId = fresh.ticket && (await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets').select('id')
      .where('event_id', '=', f.eventId).where('serial', '=', fresh.ticket.serial).executeTakeFirstOrThrow())).id;
    expect((await history(ticket!.id)).filter((e: { action: string }) => e.action === 'transferred'))
      .toEqual([{ at: expect.any(String), action: 'transferred', actor: { kind: 'attendee', name: null }, source: null, relatedTicketId: newId }]);
    expect(await history(newId)).toEqual([
      { at: expect.any(String), action: 'issued', actor: { kind: 'attendee', name: null }, source: 'transfer', relatedTicketId: ticket!.id },
    ]);
  });

  it('refuses what the organizer does not allow, and bad input, without changing the ticket', async () => {
    const [vip, ga] = await f.issue([
      { holderName: 'Kemi Ade', holderEmail: 'kemi@example.ng', typeNo: 2 },
      { holderName: 'Femi Ade', holderEmail: 'femi@example.ng', typeNo: 1 },
    ]);
    expect((await t.app.inject({ method: 'GET', url: url(vip!.linkSecret) })).json().ticket.transferable).toBe(false);
    const refused = await post(vip!.linkSecret, '/transfer', { name: 'Someone Else', email: 'else@example.ng' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/does not allow/);

    for (const [payload, status] of [
      [{ name: 'X', email: 'not-an-email' }, 422],
      [{ name: 'Femi Ade', email: 'femi@example.ng' }, 422],
      [{ name: 'X' }, 400],
      [{ name: 'X', email: 'x@example.ng', admin: true }, 400],
    ] as const) {
      const res = await post(ga!.linkSecret, '/transfer', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code).toBeTypeOf('string');
    }
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, vip!.qr, { gateId: f.gate('VIP'), gateZone: 'VIP' })).toMatchObject({ verdict: 'admitted' });
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ga!.qr, door())).toMatchObject({ verdict: 'admitted' });
  });

  it('limits transfers per link, whatever the address asking', async () => {
    const [ticket] = await f.issue([{ holderName: 'Bola Tinubu', holderEmail: 'bola@example.ng', typeNo: 1 }]);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await post(ticket!.linkSecret, '/transfer', { name: 'X', email: 'nope' }, `10.9.0.${i + 1}`)).statusCode);
    }
    expect(codes).toEqual([422, 422, 422, 422, 422, 429]);
  });

  it('sends the ticket again only to the address on it, a few times an hour', async () => {
    const [ticket] = await f.issue([{ holderName: 'Ngozi Eze', holderEmail: 'ngozi@example.ng' }]);
    const mail = smtp.next();
    const res = await post(ticket!.linkSecret, '/resend', { lang: 'fr' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ sentTo: 'n•••@example.ng', via: 'email' });
    const received = await mail;
    expect(received.to).toEqual(['ngozi@example.ng']);
    expect(parseMime(received.raw).headers.subject).toContain('Votre billet');
    expect((await post(ticket!.linkSecret, '/resend', {})).statusCode).toBe(202);
    expect((await post(ticket!.linkSecret, '/resend', {})).statusCode).toBe(202);
    expect((await post(ticket!.linkSecret, '/resend', {})).statusCode).toBe(429);

    const [noEmail] = await f.issue([{ holderName: 'Sade Ojo' }]);
    const none = await post(noEmail!.linkSecret, '/resend', {});
    expect(none.statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: url(noEmail!.linkSecret) })).json().ticket.emailOnFile).toBeNull();
  });

  it('keeps the language the holder picks with the ticket, and writes to them in it', async () => {
    const [ticket] = await f.issue([{ holderName: 'Aïcha Koné', holderEmail: 'aicha@example.ci' }]);
    const put = (language: string) => t.app.inject({ method: 'PUT', url: url(ticket!.linkSecret, '/language'), payload: { language } });
    expect((await put('xx')).statusCode).toBe(400);
    expect((await put('fr')).statusCode).toBe(204);
    const stored = await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets').select('language')
      .where('id', '=', ticket!.id).executeTakeFirstOrThrow());
    expect(stored.language).toBe('fr');
    // A resend by the organizer names no language: the holder's is used.
    const mail = smtp.next();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${ticket!.id}/resend`, headers: await managerHeaders(),
    });
    expect(res.statusCode).toBe(202);
    expect(parseMime((await mail).raw).headers.subject).toContain('Votre billet');

    // The organizer's system may say it at issuance; an unknown language is a 400, not a guess.
    const issue = (language: string) => managerHeaders().then((headers) => t.app.inject({
      method: 'POST', url: `/api/v1/events/${f.eventId}/tickets`, headers,
      payload: { tickets: [{ type: 1, name: 'Juma Mwangi', language }] },
    }));
    const issued = await issue('sw');
    expect(issued.statusCode).toBe(201);
    const swId = issued.json().tickets[0].id as string;
    expect((await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('tickets').select('language')
      .where('id', '=', swId).executeTakeFirstOrThrow())).language).toBe('sw');
    expect((await issue('klingon')).statusCode).toBe(400);
  });

  it('gives a calendar entry at the venue’s wall clock, without the PIN', async () => {
    const [ticket] = await f.issue([{ holderName: 'Chidi Okafor' }]);
    const res = await t.app.inject({ method: 'GET', url: url(ticket!.linkSecret, '/calendar.ics') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = res.body.replace(/\r\n /g, ''); // unfold
    const event = (await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.selectFrom('events').select(['starts_at', 'ends_at', 'name'])
      .where('id', '=', f.eventId).executeTakeFirstOrThrow()));
    // Lagos is UTC+1 all year: the wall clock is the instant plus one hour.
    const lagos = (d: Date) => new Date(d.getTime() + 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '');
    expect(ics).toContain(`DTSTART;TZID=Africa/Lagos:${lagos(event.starts_at)}`);
    expect(ics).toContain(`DTEND;TZID=Africa/Lagos:${lagos(event.ends_at)}`);
    expect(ics).toContain('TZOFFSETTO:+0100');
    expect(ics).toContain(`SUMMARY:${event.name}`);
    expect(ics).toContain(ticket!.code);
    expect(ics).not.toContain(ticket!.pin);
    expect(res.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: url('A'.repeat(24), '/calendar.ics') })).statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { announceEmail } from '../../src/server/notifications/notifications.routes.ts';
import { sendTicketEmail, ticketEmailDeliveries } from '../../src/server/notifications/ticket-email.service.ts';
import { QR_CID } from '../../src/server/notifications/ticket-email.ts';
import type { AppContext } from '../../src/server/app-context.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { decodeQrBytes, decodeQrInPdf, pdfText, scanAtDoor } from './support/door.ts';
import { parseMime, startSmtpCapture, type SmtpCapture } from './support/smtp-capture.ts';

describe(`ticket email over SMTP (${testDatabaseKind})`, () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Lagos Live <tickets@lagos.example>' });
    f = await createEventFixture(t.app.ctx);
  });
  afterAll(async () => { await t?.close(); await smtp?.close(); });

  it('sends the link, an inline QR and a PDF whose QRs both scan admitted, and logs the delivery', async () => {
    const [ticket] = await f.issue([{ holderName: 'Ngozi Adeyemi', holderEmail: 'ngozi@example.ng' }]);
    const received = smtp.next();
    const sent = await sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id);
    const mail = await received;
    expect(sent.recipient).toBe('ngozi@example.ng');
    expect(mail.to).toEqual(['ngozi@example.ng']);
    expect(mail.from).toBe('tickets@lagos.example');

    const { headers, parts } = parseMime(mail.raw);
    expect(headers.subject).toContain('Your ticket');
    const html = parts.find((p) => p.contentType === 'text/html')!.body.toString('utf8');
    const text = parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    for (const body of [html, text]) {
      expect(body).toContain(ticket!.link);
      expect(body).toContain(ticket!.code);
      expect(body).toContain(ticket!.pin);
    }
    expect(html).toContain(`src="cid:${QR_CID}"`);

    const image = parts.find((p) => p.cid === QR_CID)!;
    expect(image.contentType).toBe('image/png');
    expect(await decodeQrBytes(image.body)).toEqual([ticket!.qr]);

    const pdf = parts.find((p) => p.contentType === 'application/pdf')!;
    expect(pdf.filename).toBe(`ticket-${ticket!.code}.pdf`);
    expect(await decodeQrInPdf(pdf.body)).toEqual([ticket!.qr]);
    expect(await pdfText(pdf.body)).toContain('Ngozi Adeyemi');

    const door = { gateId: f.gate('Main'), gateZone: 'GA' };
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ticket!.qr, door)).toEqual({ verdict: 'admitted', reason: 'admitted' });

    const log = await ticketEmailDeliveries(t.app.ctx, f.tenantId, ticket!.id);
    expect(log).toMatchObject([{ id: sent.deliveryId, status: 'sent', recipient: 'ngozi@example.ng', message_id: sent.messageId, locale: 'en' }]);
  });

  it('writes in French when asked, and a resend really sends a second message', async () => {
    const [ticket] = await f.issue([{ holderName: 'Aïssata Diallo', holderEmail: 'aissata@example.sn' }]);
    const before = smtp.messages.length;
    await sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id, { locale: 'fr-SN' });
    await sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id, { locale: 'fr-SN' });
    expect(smtp.messages.length).toBe(before + 2);
    const { parts } = parseMime(smtp.messages.at(-1)!.raw);
    const text = parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('Bonjour Aïssata Diallo,');
    expect(text).toContain('Code du billet');
    expect(await ticketEmailDeliveries(t.app.ctx, f.tenantId, ticket!.id)).toHaveLength(2);
  });

  it('sends a rotating-only ticket as a link: no QR image, no printed code that the door would refuse', async () => {
    const rot = await createEventFixture(t.app.ctx, { typeOverrides: { allowStatic: false } });
    const [ticket] = await rot.issue([{ holderEmail: 'rot@example.ke' }]);
    const received = smtp.next();
    await sendTicketEmail(t.app.ctx, rot.tenantId, ticket!.id);
    const { parts } = parseMime((await received).raw);
    expect(parts.some((p) => p.contentType === 'image/png')).toBe(false);
    expect(parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8')).toContain('changes every 30 seconds');
    const pdf = parts.find((p) => p.contentType === 'application/pdf')!;
    expect(await decodeQrInPdf(pdf.body)).toEqual([]);
    expect(await pdfText(pdf.body)).toContain(ticket!.code);
  });

  it('reports a refused recipient as unavailable and logs the failed attempt', async () => {
    const [ticket] = await f.issue([{ holderEmail: 'gone@example.ng' }]);
    smtp.rejectNext(1);
    await expect(sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id)).rejects.toMatchObject({ code: 'unavailable' });
    const log = await ticketEmailDeliveries(t.app.ctx, f.tenantId, ticket!.id);
    expect(log).toMatchObject([{ status: 'failed', message_id: null }]);
    expect(log[0]!.error).toMatch(/550/);
    expect(log[0]!.error).not.toContain('gone@example.ng');
  });

  it('shows managers the delivery log over the API, and not door staff', async () => {
    const [ticket] = await f.issue([{ holderEmail: 'log@example.ng' }]);
    const sent = await sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id);
    const login = async (role: 'manager' | 'staff') => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: f.users[role].email, password: f.users[role].password } });
      expect(res.statusCode).toBe(200);
      return { authorization: `Bearer ${(res.json() as { accessToken: string }).accessToken}` };
    };
    const url = `/api/v1/events/${f.eventId}/tickets/${ticket!.id}/emails`;
    const res = await t.app.inject({ method: 'GET', url, headers: await login('manager') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deliveries: [{
      id: sent.deliveryId, recipient: 'log@example.ng', kind: 'ticket', status: 'sent', messageId: sent.messageId, error: null, locale: 'en', attemptedAt: expect.any(String),
    }] });
    expect((await t.app.inject({ method: 'GET', url, headers: await login('staff') })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const other = await createEventFixture(t.app.ctx);
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/events/${other.eventId}/tickets/${ticket!.id}/emails`, headers: await login('manager') });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses tickets it must not send: no email, cancelled, unknown, another tenant’s', async () => {
    const [noEmail, cancelled] = await f.issue([{}, { holderEmail: 'c@example.ng' }]);
    await expect(sendTicketEmail(t.app.ctx, f.tenantId, noEmail!.id)).rejects.toMatchObject({ code: 'unprocessable' });
    await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.updateTable('tickets').set({ status: 'cancelled' }).where('id', '=', cancelled!.id).execute());
    await expect(sendTicketEmail(t.app.ctx, f.tenantId, cancelled!.id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(sendTicketEmail(t.app.ctx, f.tenantId, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    const other = await createEventFixture(t.app.ctx);
    await expect(sendTicketEmail(t.app.ctx, other.tenantId, cancelled!.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe(`ticket email without SMTP (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('refuses to pretend: not_configured, and nothing is logged as sent', async () => {
    const f = await createEventFixture(t.app.ctx);
    const [ticket] = await f.issue([{ holderEmail: 'x@example.ng' }]);
    await expect(sendTicketEmail(t.app.ctx, f.tenantId, ticket!.id)).rejects.toMatchObject({ code: 'not_configured' });
    expect(await ticketEmailDeliveries(t.app.ctx, f.tenantId, ticket!.id)).toEqual([]);
  });

  it('says so at start', async () => {
    const warnings: string[] = [];
    const log = { warn: (msg: string) => warnings.push(msg), info: () => undefined } as unknown as AppContext['log'];
    announceEmail({ config: t.app.ctx.config, log });
    expect(warnings.join('\n')).toMatch(/SMTP_URL is not set: ticket emails are OFF/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendRotatingCode, ROTATION_STEP_MS } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { decodeQrInPdf, pdfText, scanAtDoor } from './support/door.ts';

interface AttendeeTicketJson {
  ticket: {
    serial: number; code: string; pin: string; status: string; holderName: string;
    type: { name: string; zones: string[]; allowStatic: boolean };
    qr: string | null; rotation: { key: string; stepMs: number } | null; printable: boolean;
  };
  event: { name: string; startsAt: string; timezone: string; venueName: string; organizerName: string };
  serverTime: string;
}

describe(`attendee ticket API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let printable: EventFixture; // ticket types allow static (printed) codes
  let rotating: EventFixture; // ticket types require the rotating code
  beforeAll(async () => {
    t = await createTestApp();
    [printable, rotating] = await Promise.all([
      createEventFixture(t.app.ctx),
      createEventFixture(t.app.ctx, { typeOverrides: { allowStatic: false } }),
    ]);
  });
  afterAll(async () => { await t.close(); });

  const get = (secret: string, suffix = '') => t.app.inject({ method: 'GET', url: `/api/v1/attendee/t/${secret}${suffix}` });
  const gate = (f: EventFixture) => ({ gateId: f.gate('Main'), gateZone: 'GA' });

  it('shows the holder their ticket with the exact QR that issuance returned, and it scans admitted', async () => {
    const [ticket] = await printable.issue([{ holderName: 'Chiamaka Obi' }]);
    const res = await get(ticket!.linkSecret);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as AttendeeTicketJson;
    expect(body.ticket).toMatchObject({
      serial: ticket!.serial, code: ticket!.code, pin: ticket!.pin, status: 'valid', holderName: 'Chiamaka Obi',
      type: { name: 'General Admission', zones: ['GA'], allowStatic: true }, qr: ticket!.qr, rotation: null, printable: true,
    });
    expect(body.event).toMatchObject({ timezone: 'Africa/Lagos', venueName: expect.stringMatching(/^Hall /) });
    expect(Math.abs(Date.parse(body.serverTime) - Date.now())).toBeLessThan(5_000);
    expect(await scanAtDoor(t.app.ctx, printable.tenantId, printable.eventId, body.ticket.qr!, gate(printable)))
      .toEqual({ verdict: 'admitted', reason: 'admitted' });
  });

  it('gives a rotating-only ticket a key whose current code admits, while a one-minute-old code is refused', async () => {
    const [ticket] = await rotating.issue(1);
    const body = (await get(ticket!.linkSecret)).json() as AttendeeTicketJson;
    expect(body.ticket.type.allowStatic).toBe(false);
    expect(body.ticket.printable).toBe(false);
    expect(body.ticket.rotation).toMatchObject({ stepMs: ROTATION_STEP_MS });
    const key = new Uint8Array(Buffer.from(body.ticket.rotation!.key, 'base64url'));
    const now = Date.now();
    const door = (text: string) => scanAtDoor(t.app.ctx, rotating.tenantId, rotating.eventId, text, { ...gate(rotating), at: now });
    // What the page shows a minute ago (a screenshot) and the bare static text: both refused.
    expect(await door(appendRotatingCode(body.ticket.qr!, key, now - 2 * ROTATION_STEP_MS))).toEqual({ verdict: 'refused', reason: 'code_expired' });
    expect(await door(body.ticket.qr!)).toEqual({ verdict: 'refused', reason: 'code_expired' });
    expect(await door(appendRotatingCode(body.ticket.qr!, key, now))).toEqual({ verdict: 'admitted', reason: 'admitted' });
  });

  it('serves a printable PDF whose QR admits — and no PDF for rotating-only tickets', async () => {
    const [ticket] = await printable.issue([{ holderName: 'Amélie Kouassi' }]);
    const res = await get(ticket!.linkSecret, '/pdf?lang=fr');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await decodeQrInPdf(pdf)).toEqual([ticket!.qr]);
    const words = await pdfText(pdf);
    expect(words).toContain('Amélie Kouassi');
    expect(words).toContain(ticket!.code);
    expect(words).toContain(ticket!.pin);
    expect(words).toContain('CODE DU BILLET');
    expect(await scanAtDoor(t.app.ctx, printable.tenantId, printable.eventId, ticket!.qr, gate(printable)))
      .toEqual({ verdict: 'admitted', reason: 'admitted' });

    const [rot] = await rotating.issue(1);
    const refused = await get(rot!.linkSecret, '/pdf');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('stops showing a scannable code once the ticket is cancelled', async () => {
    const [ticket] = await rotating.issue(1);
    await withTenant(t.app.ctx.db, rotating.tenantId, (trx) =>
      trx.updateTable('tickets').set({ status: 'cancelled' }).where('id', '=', ticket!.id).execute());
    const body = (await get(ticket!.linkSecret)).json() as AttendeeTicketJson;
    expect(body.ticket).toMatchObject({ status: 'cancelled', qr: null, rotation: null, printable: false });
    expect((await get(ticket!.linkSecret, '/pdf')).statusCode).toBe(409);
  });

  it('answers 404 for an unknown link and 400 for something that cannot be a link secret', async () => {
    const unknown = await get('AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await get('short')).statusCode).toBe(400);
    expect((await get('has%20space-aaaaaaaaaaaaaaa')).statusCode).toBe(400);
  });

  it('rate-limits lookups per IP', async () => {
    // Random addresses: with Redis the counters are shared by every run in the window.
    const ip = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
    const noisy = ip();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/attendee/t/AAAAAAAAAAAAAAAAAAAAAAAA', remoteAddress: noisy })).statusCode);
    }
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/attendee/t/AAAAAAAAAAAAAAAAAAAAAAAA', remoteAddress: ip() });
    expect(other.statusCode).toBe(404);
  });
});

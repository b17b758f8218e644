import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsSender } from '../../src/server/sms/sms-sender.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

/**
 * "Send my ticket again" by SMS from the ticket page, through a fake Africa's Talking played by an
 * HTTP process: only to the phone on the ticket, only when a number serves the event, in the
 * holder's language, with the link, the code and the PIN.
 */
describe(`attendee: the ticket again by SMS (${testDatabaseKind})`, () => {
  let gw: FakeSmsGateway;
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    gw = await new FakeSmsGateway().start();
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng', KARIBU_SMS_API_BASE_URL: gw.url });
    smsSender(t.app.ctx)!.configure({ pollMs: 40, baseDelayMs: 40, maxDelayMs: 200 });
    f = await createEventFixture(t.app.ctx);
  });
  afterAll(async () => { await t?.close(); await gw?.stop(); });

  const url = (secret: string, action = '') => `/api/v1/attendee/t/${secret}${action}`;
  const resend = (secret: string, payload: object) => t.app.inject({ method: 'POST', url: url(secret, '/resend'), payload });
  const manager = async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: f.users.manager.email, password: f.users.manager.password } });
    return { authorization: `Bearer ${login.json().accessToken}` };
  };

  it('offers SMS only when a number serves the event, then texts the phone on the ticket', async () => {
    const [ticket, noPhone] = await f.issue([
      { holderName: 'Amara Nwosu', holderPhone: '+2348031234567', language: 'fr' },
      { holderName: 'No Phone', holderEmail: 'nophone@example.ng' },
    ]);
    expect((await t.app.inject({ method: 'GET', url: url(ticket!.linkSecret) })).json().ticket.phoneOnFile).toBeNull();
    const early = await resend(ticket!.linkSecret, { to: 'phone' });
    expect(early.statusCode).toBe(503);
    expect(early.json().error.code).toBe('not_configured');

    const ch = await t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: await manager(),
      payload: { provider: 'africastalking', number: '20414', username: 'sandbox', apiKey: 'atsk_test_key', eventIds: [f.eventId] } });
    expect(ch.statusCode, ch.body).toBe(201);
    const page = (await t.app.inject({ method: 'GET', url: url(ticket!.linkSecret) })).json();
    expect(page.ticket.phoneOnFile).toBe('+••••••••••567');
    expect((await t.app.inject({ method: 'GET', url: url(noPhone!.linkSecret) })).json().ticket.phoneOnFile).toBeNull();

    const sent = await resend(ticket!.linkSecret, { to: 'phone' });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({ sentTo: '+••••••••••567', via: 'sms' });
    const [sms] = await gw.waitForSent(1);
    expect(sms!.form.to).toBe('+2348031234567');
    expect(sms!.form.from).toBe('20414');
    // In the holder's language (kept with the ticket), with what a feature phone needs at the door.
    expect(sms!.form.message).toBe(`Votre billet pour ${page.event.name} : https://tickets.example.ng/t/${ticket!.linkSecret} Code du billet ${ticket!.code}, PIN ${ticket!.pin}.`);

    const none = await resend(noPhone!.linkSecret, { to: 'phone' });
    expect(none.statusCode).toBe(422);
    // Nowhere but the ticket's own phone: the body has no place for another number.
    expect((await resend(ticket!.linkSecret, { to: 'phone', phone: '+254700000000' })).statusCode).toBe(400);
    expect(gw.sent).toHaveLength(1);
  });
});

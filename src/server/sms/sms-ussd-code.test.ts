import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../db/database.ts';
import { smsCatalog } from './sms-catalog.ts';
import { smsSender } from './sms-sender.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { FakeSmsGateway } from '../../../test/support/fake-sms-gateway.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

const AT = { provider: 'africastalking', number: '20414', username: 'karibu-test', apiKey: 'atsk_secret_key_1234567890' };
const TW = { provider: 'twilio', number: '+14155550100', accountSid: `AC${'a1'.repeat(16)}`, authToken: 'tw_auth_token_secret_abc' };

describe(`an SMS channel's USSD code (${testDatabaseKind})`, () => {
  let t: TestApp;
  let a: Org;
  let manager: Session;
  let gw: FakeSmsGateway;

  beforeAll(async () => {
    gw = await new FakeSmsGateway().start();
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng', KARIBU_SMS_API_BASE_URL: gw.url });
    smsSender(t.app.ctx)!.configure({ pollMs: 40, baseDelayMs: 40, maxDelayMs: 200 });
    a = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, a.staff.manager.email);
  });
  afterAll(async () => { await t?.close(); await gw?.stop(); });

  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(manager), payload });
  const patch = (id: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/sms-channels/${id}`, headers: bearer(manager), payload });

  it('is kept on an Africa\'s Talking channel, changed and cleared', async () => {
    const res = await post({ ...AT, eventIds: [a.event.id], ussdCode: '*384*1234#' });
    expect(res.statusCode).toBe(201);
    const ch = res.json();
    expect(ch.ussdCode).toBe('*384*1234#');
    expect((await patch(ch.id, { ussdCode: '*483*77#' })).json().ussdCode).toBe('*483*77#');
    // A patch that does not name it keeps it.
    expect((await patch(ch.id, { number: '20415' })).json().ussdCode).toBe('*483*77#');
    expect((await patch(ch.id, { ussdCode: null })).json().ussdCode).toBeNull();
  });

  it('refuses a code that is not one a phone can dial, and any code on Twilio', async () => {
    for (const ussdCode of ['384*1234#', '*384*1234', '*38a#', '*384**1#', '']) {
      const res = await post({ ...AT, eventIds: [a.event.id], ussdCode });
      expect(res.statusCode, ussdCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const tw = await post({ ...TW, eventIds: [a.event.id], ussdCode: '*384*1234#' });
    expect(tw.statusCode).toBe(422);
    expect(tw.json().error.message).toMatch(/Twilio/);
    const ok = (await post({ ...TW, eventIds: [a.event.id] })).json();
    expect(ok.ussdCode).toBeNull();
    expect((await patch(ok.id, { ussdCode: '*384*1#' })).statusCode).toBe(422);
  });

  it('is printed in the PIN message, in the ticket holder\'s language', async () => {
    const ch = (await post({ ...AT, number: '20777', eventIds: [a.sideEvent.id], ussdCode: '*384*1234#' })).json();
    const url = `/api/v1/events/${a.sideEvent.id}/sms-settings`;
    const on = await t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: { gateId: null, allowAnySender: false, pinSms: true } });
    expect(on.json().pinMessagePreview).toBe(`Your check-in PIN for ${ch.events[0].name} is 482916. At the gate, text CHECKIN 482916 to 20777 or dial *384*1234#.`);

    const phone = '+254711009900';
    const issued = await t.app.inject({ method: 'POST', url: `/api/v1/events/${a.sideEvent.id}/tickets`, headers: bearer(manager),
      payload: { tickets: [{ name: 'Neema Mushi', type: 1, phone, language: 'sw' }] } });
    expect(issued.statusCode, issued.body).toBeLessThan(300);
    const pin = (await asSystem(t.app.ctx.db, (trx) => sql<{ pin: string }>`select pin from tickets where holder_phone = ${phone}`.execute(trx))).rows[0]!.pin;
    const [sent] = await gw.waitForSent(1);
    expect(sent!.form.to).toBe(phone);
    const sw = smsCatalog('sw').pinWithUssd.replace(/\{(\w+)\}/g, (_m, k: string) => ({ event: ch.events[0].name, pin, number: '20777', ussd: '*384*1234#' } as Record<string, string>)[k]!);
    expect(sent!.form.message).toBe(sw);
    expect(sent!.form.message).toContain('*384*1234#');
  });
});

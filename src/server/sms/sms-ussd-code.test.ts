import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

const AT = { provider: 'africastalking', number: '20414', username: 'karibu-test', apiKey: 'atsk_secret_key_1234567890' };
const TW = { provider: 'twilio', number: '+14155550100', accountSid: `AC${'a1'.repeat(16)}`, authToken: 'tw_auth_token_secret_abc' };

describe(`an SMS channel's USSD code (${testDatabaseKind})`, () => {
  let t: TestApp;
  let a: Org;
  let manager: Session;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng' });
    a = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, a.staff.manager.email);
  });
  afterAll(async () => { await t?.close(); });

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
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

const AT = { provider: 'africastalking', number: '20414', username: 'karibu-test', apiKey: 'atsk_secret_key_1234567890' };
const TW = { provider: 'twilio', number: '+14155550100', accountSid: `AC${'a1'.repeat(16)}`, authToken: 'tw_auth_token_secret_abc' };

describe(`SMS channels API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let a: Org;
  let b: Org;
  let manager: Session;
  let venueManager: Session;
  let ownerB: Session;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng' });
    a = await seedOrg(t.app, { tickets: 0 });
    b = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, a.staff.manager.email);
    venueManager = await loginAs(t.app, a.staff.venueManager.email);
    ownerB = await loginAs(t.app, b.staff.owner.email);
  });
  afterAll(async () => { await t?.close(); });

  const post = (who: Session, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(who), payload });

  it('connects an Africa\'s Talking number: absolute callback URLs with a token, credentials sealed and never returned', async () => {
    const res = await post(manager, { ...AT, eventIds: [a.event.id, a.sideEvent.id], language: 'fr' });
    expect(res.statusCode).toBe(201);
    const ch = res.json();
    expect(ch).toMatchObject({ provider: 'africastalking', number: '20414', language: 'fr', credentials: { username: 'karibu-test', accountSid: null, secretSet: true } });
    const codes = Object.fromEntries(ch.events.map((e: { eventId: string; code: string }) => [e.eventId, e.code]));
    expect(codes).toEqual({ [a.event.id]: 'MAIN', [a.sideEvent.id]: 'SIDE' });
    for (const key of ['inboundSmsUrl', 'deliveryReportUrl', 'ussdUrl']) {
      expect(ch[key]).toMatch(new RegExp(`^https://tickets\\.example\\.ng/api/v1/sms-hooks/${ch.id}/[A-Za-z0-9_-]{43}/(sms|delivery|ussd)$`));
    }
    expect(res.body).not.toContain(AT.apiKey);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/sms-channels', headers: bearer(manager) });
    expect(list.json().channels).toHaveLength(1);
    expect(list.body).not.toContain(AT.apiKey);
    expect(list.json().channels[0].inboundSmsUrl).toBe(ch.inboundSmsUrl);

    // At rest: neither the API key nor the channel token appears in the row.
    const token = ch.inboundSmsUrl.split('/').at(-2) as string;
    const row = (await asSystem(t.app.ctx.db, (trx) => sql<{ c: Uint8Array; k: Uint8Array }>`select credentials_enc as c, token_enc as k from sms_channels where id = ${ch.id}`.execute(trx))).rows[0]!;
    expect(Buffer.from(row.c).includes(Buffer.from(AT.apiKey))).toBe(false);
    expect(Buffer.from(row.k).includes(Buffer.from(token))).toBe(false);
  });

  it('connects a Twilio number (no USSD URL) and refuses mismatched or missing credentials', async () => {
    const res = await post(manager, { ...TW, eventIds: [a.event.id] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ provider: 'twilio', ussdUrl: null, credentials: { accountSid: TW.accountSid, username: null } });
    expect(res.body).not.toContain(TW.authToken);
    expect((await post(manager, { provider: 'twilio', number: '+14155550100', accountSid: TW.accountSid, eventIds: [a.event.id] })).statusCode).toBe(422);
    expect((await post(manager, { ...AT, provider: 'twilio', eventIds: [a.event.id] })).statusCode).toBe(422);
    expect((await post(manager, { ...AT, accountSid: TW.accountSid, eventIds: [a.event.id] })).statusCode).toBe(422);
  });

  it('changes and removes a channel; another organizer gets 404 and never sees it', async () => {
    const ch = (await post(manager, { ...AT, eventIds: [a.event.id] })).json();
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/sms-channels/${ch.id}`, headers: bearer(manager), payload: { apiKey: 'atsk_new_key_0987654321', eventIds: [a.farEvent.id], number: '20415' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ number: '20415', events: [{ eventId: a.farEvent.id }], credentials: { username: 'karibu-test' } });
    expect(patch.body).not.toContain('atsk_new_key');
    // A channel's default language is any of the six; anything else is refused.
    for (const language of ['sw', 'am', 'ar', 'pt']) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/sms-channels/${ch.id}`, headers: bearer(manager), payload: { language } });
      expect(res.json(), language).toMatchObject({ language });
    }
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/sms-channels/${ch.id}`, headers: bearer(manager), payload: { language: 'de' } })).statusCode).toBe(400);

    for (const req of [
      { method: 'GET' as const, url: `/api/v1/sms-channels/${ch.id}` },
      { method: 'PATCH' as const, url: `/api/v1/sms-channels/${ch.id}`, payload: { number: '20416' } },
      { method: 'GET' as const, url: `/api/v1/sms-channels/${ch.id}/messages` },
      { method: 'POST' as const, url: `/api/v1/sms-channels/${ch.id}/test`, payload: { to: '+254711000111' } },
      { method: 'DELETE' as const, url: `/api/v1/sms-channels/${ch.id}` },
    ]) {
      const res = await t.app.inject({ ...req, headers: bearer(ownerB) });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sms-channels', headers: bearer(ownerB) })).json().channels).toEqual([]);
    // Another organizer's event cannot be attached.
    expect((await post(ownerB, { ...AT, eventIds: [a.event.id] })).statusCode).toBe(422);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/sms-channels/${ch.id}`, headers: bearer(manager) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sms-channels/${ch.id}`, headers: bearer(manager) })).statusCode).toBe(404);
  });

  it('is for organizer-wide managers: a venue-limited manager is refused', async () => {
    expect((await post(venueManager, { ...AT, eventIds: [a.event.id] })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sms-channels', headers: bearer(venueManager) })).statusCode).toBe(403);
  });

  it('answers an unknown channel or a wrong token with the same 404', async () => {
    const ch = (await post(manager, { ...AT, eventIds: [a.event.id] })).json();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const good = await t.app.inject({ method: 'POST', url: new URL(ch.inboundSmsUrl).pathname, headers: form, payload: 'from=%2B254711000111&to=20414&text=hello&id=ATXid_1&date=2026-12-02' });
    expect(good.statusCode).toBe(200);
    const wrongToken = new URL(ch.inboundSmsUrl).pathname.replace(/\/[A-Za-z0-9_-]{43}\//, `/${'x'.repeat(43)}/`);
    const bad = await t.app.inject({ method: 'POST', url: wrongToken, headers: form, payload: 'from=%2B254711000111&to=20414&text=hello&id=ATXid_2' });
    const otherChannel = new URL(ch.inboundSmsUrl).pathname.replace(ch.id, a.event.id);
    const none = await t.app.inject({ method: 'POST', url: otherChannel, headers: form, payload: 'from=%2B254711000111&to=20414&text=hello&id=ATXid_3' });
    expect([bad.statusCode, none.statusCode]).toEqual([404, 404]);
    expect(bad.json()).toEqual(none.json());
  });
});

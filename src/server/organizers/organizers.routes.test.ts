import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime, startSmtpCapture, type SmtpCapture } from '../../../test/attendee/support/smtp-capture.ts';
import { bearer, loginAs, randomAddress, seedOrg, type Org } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { asSystem } from '../db/database.ts';
import { createOrganizer } from './organizers.service.ts';

const PASSWORD = 'a long enough password';
const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');
const email = () => `owner-${randomUUID().slice(0, 8)}@example.test`;

async function login(t: TestApp, address: string, password = PASSWORD) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: address, password }, remoteAddress: randomAddress() });
}
async function redeem(t: TestApp, token: string, password = PASSWORD) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/password-setup', payload: { token, password }, remoteAddress: randomAddress() });
}

describe(`organizer onboarding (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng' });
    org = await seedOrg(t.app, { tickets: 0 });
  });
  afterAll(async () => { await t?.close(); });

  it('creates an organizer whose owner sets a password once through the link, then signs in', async () => {
    const address = email();
    const created = await createOrganizer(t.app.ctx, { name: 'Lagos Live', ownerEmail: address.toUpperCase(), ownerName: 'Ada Obi' });
    expect(created.organizer).toMatchObject({ name: 'Lagos Live', defaultLanguage: 'en', defaultTimezone: 'Africa/Lagos' });
    expect(created.setupLink!.url).toMatch(/^https:\/\/tickets\.example\.ng\/console\/set-password#token=kps_/);
    expect(created.setupLink!.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const token = tokenOf(created.setupLink!.url);
    // Only a hash is at rest.
    const stored = await asSystem(t.app.ctx.db, (trx) => trx.selectFrom('password_setup_tokens').selectAll().where('staff_id', '=', created.owner.id).execute());
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token.slice(4, 20));
    expect((await login(t, address)).statusCode).toBe(401);

    const done = await redeem(t, token);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ email: address, tenantId: created.organizer.id });
    const session = await login(t, address);
    expect(session.statusCode).toBe(200);
    expect(session.json().staff).toMatchObject({ role: 'owner', tenantId: created.organizer.id, displayName: 'Ada Obi' });

    const again = await redeem(t, token, 'another long password');
    expect(again.statusCode).toBe(410);
    expect(again.json().error.message).toMatch(/expired or was already used/);
    expect((await login(t, address)).statusCode).toBe(200);
  });

  it('refuses expired and made-up links the same way, changing nothing', async () => {
    const address = email();
    const created = await createOrganizer(t.app.ctx, { name: 'Expired Org', ownerEmail: address });
    await asSystem(t.app.ctx.db, (trx) => trx.updateTable('password_setup_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('staff_id', '=', created.owner.id).execute());
    const expired = await redeem(t, tokenOf(created.setupLink!.url));
    const madeUp = await redeem(t, `kps_${'A'.repeat(43)}`);
    const junk = await redeem(t, 'nope');
    for (const res of [expired, madeUp, junk]) expect(res.json()).toEqual(expired.json());
    expect(expired.statusCode).toBe(410);
    expect((await login(t, address)).statusCode).toBe(401);
  });

  it('sets the password directly when one is given, and refuses an email that has an account', async () => {
    const address = email();
    const created = await createOrganizer(t.app.ctx, { name: 'Direct', ownerEmail: address, password: PASSWORD, defaultLanguage: 'fr', defaultTimezone: 'Africa/Abidjan' });
    expect(created.setupLink).toBeNull();
    expect((await login(t, address)).statusCode).toBe(200);
    await expect(createOrganizer(t.app.ctx, { name: 'Twice', ownerEmail: address })).rejects.toMatchObject({ code: 'already_exists' });
    await expect(createOrganizer(t.app.ctx, { name: 'Bad zone', ownerEmail: email(), defaultTimezone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('reads and changes the organizer settings (owner and admin only), validating the time zone', async () => {
    const owner = bearer(await loginAs(t.app, org.staff.owner.email));
    const got = await t.app.inject({ method: 'GET', url: '/api/v1/organizer', headers: owner });
    expect(got.json()).toMatchObject({ id: org.tenantId, defaultLanguage: 'en', defaultTimezone: 'Africa/Lagos' });
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizer', headers: owner, payload: { name: 'Lagos Live Ltd', defaultLanguage: 'fr', defaultTimezone: 'Africa/Douala' } });
    expect(patched.json()).toMatchObject({ name: 'Lagos Live Ltd', defaultLanguage: 'fr', defaultTimezone: 'Africa/Douala' });
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizer', headers: owner, payload: { name: 'Changed?', defaultTimezone: 'Lagos' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/defaultTimezone "Lagos" is not an IANA time zone/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organizer', headers: owner })).json().name).toBe('Lagos Live Ltd');
    const manager = bearer(await loginAs(t.app, org.staff.manager.email));
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/organizer', headers: manager, payload: { name: 'Mine' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organizer', headers: manager })).statusCode).toBe(200);
  });

  it('gives staff a setup link: it replaces their password and ends their sessions; managers only for door staff', async () => {
    const owner = bearer(await loginAs(t.app, org.staff.owner.email));
    const doorSession = await loginAs(t.app, org.staff.door.email);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/${org.staff.door.id}/setup-link`, headers: owner, payload: {} });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ emailed: false, url: expect.stringContaining('/console/set-password#token=kps_') });
    expect((await redeem(t, tokenOf(res.json().url), 'door staff new password')).statusCode).toBe(200);
    expect((await login(t, org.staff.door.email, 'door staff new password')).statusCode).toBe(200);
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: doorSession.refreshToken } });
    expect(refreshed.statusCode).toBe(401);

    const manager = bearer(await loginAs(t.app, org.staff.manager.email));
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/staff/${org.staff.owner.id}/setup-link`, headers: manager, payload: {} })).statusCode).toBe(403);
    const send = await t.app.inject({ method: 'POST', url: `/api/v1/staff/${org.staff.eventDoor.id}/setup-link`, headers: owner, payload: { send: true } });
    expect(send.statusCode).toBe(503);
    expect(send.json().error.code).toBe('not_configured');
  });

  it('keeps self-service sign-up closed unless the server opens it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizers', payload: { name: 'Walk-in', ownerEmail: email(), password: PASSWORD }, remoteAddress: randomAddress() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/Sign-up is closed on this server/);
  });
});

describe(`self-service sign-up (${testDatabaseKind})`, () => {
  let open: TestApp;
  let mailing: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    open = await createTestApp({ KARIBU_SIGNUP: 'open' });
    mailing = await createTestApp({ KARIBU_SIGNUP: 'open', SMTP_URL: smtp.url, SMTP_FROM: 'Karibu <hello@karibu.example>', PUBLIC_URL: 'https://tickets.example.ng' });
  });
  afterAll(async () => { await open?.close(); await mailing?.close(); await smtp?.close(); });
  const signUp = (t: TestApp, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/organizers', payload, remoteAddress: randomAddress() });

  it('without email, creates the organizer with the given password at once (201)', async () => {
    const address = email();
    expect((await signUp(open, { name: 'No Mail Org', ownerEmail: address })).json().error.message).toMatch(/password is required/);
    const res = await signUp(open, { name: 'No Mail Org', ownerEmail: address, ownerName: 'Kofi', password: PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ organizer: { name: 'No Mail Org', slug: 'no-mail-org' }, owner: { email: address, displayName: 'Kofi' } });
    expect((await login(open, address)).statusCode).toBe(200);
    expect((await signUp(open, { name: 'Other', ownerEmail: address, password: PASSWORD })).statusCode).toBe(409);
  });

  it('with email, the owner confirms the address through the mailed link before anyone can sign in (202)', async () => {
    const address = email();
    const received = smtp.next();
    const res = await signUp(mailing, { name: 'Kigali Beats', ownerEmail: address, ownerName: 'Aline', defaultLanguage: 'fr' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'confirm_email', email: address });
    const mail = await received;
    expect(mail.to).toEqual([address]);
    const text = parseMime(mail.raw).parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('Confirmez votre adresse e-mail et choisissez un mot de passe pour Kigali Beats');
    const url = text.match(/https:\/\/tickets\.example\.ng\/console\/set-password#token=kps_[A-Za-z0-9_-]{43}/)![0];
    expect((await login(mailing, address)).statusCode).toBe(401);
    expect((await redeem(mailing, tokenOf(url))).statusCode).toBe(200);
    expect((await login(mailing, address)).statusCode).toBe(200);

    expect((await signUp(mailing, { name: 'Pw Given', ownerEmail: email(), password: PASSWORD })).json().error.message).toMatch(/Leave out password/);
  });

  it('leaves nothing behind when the mail server refuses the message', async () => {
    const address = email();
    smtp.rejectNext(1);
    const res = await signUp(mailing, { name: 'Bounced Org', ownerEmail: address });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('unavailable');
    const left = await asSystem(mailing.app.ctx.db, (trx) => trx.selectFrom('staff').select('id').where('email', '=', address).execute());
    expect(left).toEqual([]);
    expect((await signUp(mailing, { name: 'Bounced Org', ownerEmail: address })).statusCode).toBe(202);
  });
});

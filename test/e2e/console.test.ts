// The organizer console in a real browser (Debian's Chromium) against a real server: sign-in and
// its session, every section's main action with the answer a person sees, axe-core on each
// section (0 serious or critical violations), a 360 px phone and a desktop, French, and roles.
// Set KARIBU_SCREENSHOTS=1 to (re)write docs/screens/console-*.png from these runs.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, login } from '../sync/sync-helpers.ts';
import { overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => { if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-${name}.png`), fullPage: true }); };
const notice = (page: Page, scope: string, kind: 'ok' | 'error') => page.locator(`${scope} [data-testid=notice][data-kind=${kind}]`).first();
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
/** Venue and event pickers are lists of what the server has; waits for the list to load. */
const choose = async (page: Page, name: string, id: string) => {
  await page.locator(`select[name=${name}] option[value="${id}"]`).waitFor({ state: 'attached' });
  await page.locator(`select[name=${name}]`).selectOption(id);
};
const open = async (page: Page, section: string) => {
  await page.click(`[data-testid=nav-${section}]`);
  await page.waitForSelector(`[data-section=${section}] [data-testid=section-title]`);
};

describe('organizer console (Chromium)', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => { fx = await startConsoleFixture(); }, 240_000);
  afterAll(async () => { await fx?.close(); });

  it('signs in, keeps the session through a refresh, and signs out', async () => {
    const { context, page } = await fx.open('desktop');
    await page.goto('/console/staff');
    await page.waitForSelector('input[name=email]');
    await expectAccessible(page);
    await shot(page, 'sign-in-desktop');

    await page.fill('input[name=email]', fx.w.f.users.owner.email);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => notice(page, 'form', 'error').textContent()).toBe('Wrong email or password.');

    await page.fill('input[name=password]', fx.w.f.users.owner.password);
    await page.click('button[type=submit]');
    // The deep link survives sign-in.
    await page.waitForSelector('[data-section=staff]');
    expect(new URL(page.url()).pathname).toBe('/console/staff');

    // An expired access token is renewed with the refresh token: a reload keeps the person in.
    await page.evaluate(`(() => { const k = 'karibu.console.tokens'; const t = JSON.parse(sessionStorage.getItem(k)); t.accessToken = 'expired'; sessionStorage.setItem(k, JSON.stringify(t)); })()`);
    await page.reload();
    await page.waitForSelector('[data-section=staff] [data-testid=staff-member]');

    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('input[name=email]');
    await page.reload();
    await page.waitForSelector('input[name=email]');
    await context.close();
  }, 90_000);

  it('adds a door phone with a setup QR that pairs, lists the phones, revokes one', async () => {
    const { context, page } = await fx.open('desktop');
    page.on('dialog', (d) => void d.accept());
    await signIn(page, fx.w.f.users.owner);
    // Events come first for organizers; door phones are one click away.
    await page.waitForSelector('[data-section=events]');
    expect(new URL(page.url()).pathname).toBe('/console/events');
    await open(page, 'devices');
    await expect.poll(() => page.locator('[data-testid=device]').count()).toBe(2);

    await choose(page, 'venueId', fx.w.f.venue.id);
    await page.fill('input[name=phoneName]', 'North gate');
    await page.click('[data-testid=create-setup-code]');
    await page.waitForSelector('[data-testid=setup-qr]');
    const qrText = (await page.getAttribute('[data-testid=setup-code]', 'data-qr-text'))!;
    const code = (await page.textContent('[data-testid=setup-code-text]'))!;
    expect(qrText).toBe(`${fx.t.config.publicUrl}/scan#pair=${code}`);
    expect(await notice(page, 'form', 'ok').textContent()).toMatch(/Setup code ready/);
    await expectAccessible(page);
    await shot(page, 'devices-desktop');

    const paired = await fx.t.app.inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode: code } });
    expect(paired.statusCode).toBe(201);
    expect(paired.json().device.name).toBe('North gate');
    // The phone downloads its copy of the event and reports where it stands (its manifest position).
    const session = await login(fx.t.app, fx.w.f.users.manager.email, fx.w.f.users.manager.password, paired.json().deviceToken);
    const manifest = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/manifest`, headers: auth(session) });
    const position = manifest.json<{ position: number }>().position;
    const reported = await fx.t.app.inject({
      method: 'POST', url: '/api/v1/devices/me/report', headers: auth(session),
      payload: { appVersion: '0.1.0+1a2b3c4d', pendingScans: 0, manifest: { eventId: fx.w.f.eventId, position } },
    });
    expect(reported.statusCode).toBe(204);
    await page.click('text=Refresh');
    await expect.poll(() => page.locator('[data-testid=device]').count()).toBe(3);

    const phone = page.locator('[data-testid=device]', { hasText: 'North gate' });
    expect(await phone.locator('[data-testid=device-manifest]').textContent()).toBe(`Up to date (change ${position})`);
    await phone.locator('button', { hasText: 'Allow guest names offline' }).click();
    await expect.poll(() => notice(page, '[data-testid=device]', 'ok').textContent()).toMatch(/Guest names allowed/);
    await phone.locator('[data-testid=revoke]').click();
    await phone.locator('.badge', { hasText: 'Revoked' }).waitFor();
    expect((await fx.t.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { authorization: `Bearer ${fx.w.manager.accessToken}` } }))
      .json().devices.find((d: { name: string }) => d.name === 'North gate').revokedAt).not.toBeNull();
    await context.close();
  }, 90_000);

  it('shows a conflict with both scans side by side and resolves it with a note', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, fx.w.f.users.manager);
    await open(page, 'conflicts');
    await choose(page, 'eventId', fx.w.f.eventId);
    const card = page.locator('[data-testid=conflict]');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/What the phone did.*Admitted.*What the server counted.*Refused — already inside/s);
    await expectAccessible(page);
    await card.locator('textarea[name=note]').fill('Same guest, re-scanned at VIP');
    await card.locator('button[type=submit]').click();
    await card.locator('[data-testid=resolution]', { hasText: 'Same guest, re-scanned at VIP' }).waitFor();
    expect(await notice(page, '[data-testid=conflict]', 'ok').textContent()).toBe('Conflict resolved.');
    await context.close();
  }, 90_000);

  it('invites, changes and deactivates staff; keys shown once; webhooks with their log', async () => {
    const { context, page } = await fx.open('desktop');
    page.on('dialog', (d) => void d.accept());
    await signIn(page, fx.w.f.users.owner);
    await open(page, 'staff');
    await page.fill('input[name=email]', 'new.door@example.org');
    await page.fill('input[name=displayName]', 'Kofi Mensah');
    await choose(page, 'scopeVenue', fx.w.f.venue.id);
    await page.click('form[aria-labelledby=invite-title] button[type=submit]');
    await page.waitForSelector('[data-testid=staff-password] code');
    const member = page.locator('[data-testid=staff-member][data-email="new.door@example.org"]');
    await member.waitFor();
    await member.locator('select').selectOption('manager');
    await member.locator('button', { hasText: 'Save role' }).click();
    await expect.poll(() => member.locator('[data-testid=notice]').textContent()).toMatch(/role is saved/);
    await member.locator('button', { hasText: 'Deactivate' }).click();
    await member.locator('.badge', { hasText: 'Deactivated' }).waitFor();
    await expectAccessible(page);

    await open(page, 'integrations');
    await page.fill('input[name=keyName]', 'Ticket shop');
    await page.click('text=Create API key');
    const key = (await page.locator('[data-testid=api-key] code').textContent())!;
    expect((await fx.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).statusCode).toBe(200);
    await page.fill('input[name=webhookUrl]', 'https://example.org/karibu-hook');
    await page.click('text=Add webhook');
    await page.waitForSelector('[data-testid=webhook-secret] code');
    await page.locator('[data-testid=webhook] button', { hasText: 'Delivery log' }).click();
    await page.waitForSelector('text=Nothing sent yet.');
    await expectAccessible(page);
    await context.close();
  }, 120_000);

  it('fits a 360 px phone: menu, sections, no sideways scrolling; French on demand', async () => {
    const { context, page } = await fx.open('phone');
    await page.goto('/console');
    await page.waitForSelector('input[name=email]');
    expect(await overflowsSideways(page)).toBe(false);
    await shot(page, 'sign-in-phone');
    await signIn(page, fx.w.f.users.owner);
    await page.waitForSelector('[data-section=events]');
    expect(await page.isVisible('[data-testid=nav-staff]')).toBe(false);
    await page.click('[data-testid=menu]');
    expect(await page.getAttribute('[data-testid=menu]', 'aria-expanded')).toBe('true');
    for (const section of ['events', 'conflicts', 'staff', 'integrations', 'devices']) {
      if (!(await page.isVisible(`[data-testid=nav-${section}]`))) await page.click('[data-testid=menu]');
      await open(page, section);
      expect(await overflowsSideways(page), section).toBe(false);
      await expectAccessible(page);
    }
    await shot(page, 'devices-phone');
    await page.selectOption('[data-testid=language]', 'fr');
    await page.waitForSelector('h1:has-text("Téléphones de contrôle")');
    await context.close();
  }, 120_000);

  it('shows door staff nothing to manage, and the password-setup page shows the API answer in words', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, fx.w.f.users.staff);
    expect(await page.textContent('[data-testid=no-sections]')).toMatch(/nothing to manage/);
    expect(await page.locator('nav a').count()).toBe(0);

    await page.goto('/console/setup');
    await page.waitForSelector('text=This link is incomplete.');
    await page.goto('/console/setup#token=not-a-real-token');
    await page.fill('input[name=password]', 'a-long-new-password');
    await page.fill('input[name=passwordAgain]', 'a-different-password');
    await page.click('button[type=submit]');
    expect(await notice(page, 'form', 'error').textContent()).toBe('The two passwords are different.');
    await page.fill('input[name=passwordAgain]', 'a-long-new-password');
    await page.click('button[type=submit]');
    const error = notice(page, 'form', 'error');
    await expect.poll(() => error.textContent()).not.toBe('The two passwords are different.');
    expect(await error.textContent()).not.toMatch(/[{}"]|error/);
    await expectAccessible(page);
    await context.close();
  }, 90_000);
});

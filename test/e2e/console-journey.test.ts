// From nothing to the first admission, as one organizer lives it, in Chromium against a real
// server: `karibu org create` (the real CLI) prints a one-time link; in the console (a desktop
// context) the new owner sets a password, signs in, builds a venue with a zone tree and two gates,
// an event on tonight with two ticket types, publishes it, issues a ticket, invites a door staff
// member and adds a door phone; on a phone (a second context, 360×740 with a fake camera) the
// scanner pairs with the setup code shown, the door staff signs in, chooses the gate and admits the
// ticket by its typed code; back in the console the ticket's history shows that admission, at that
// gate, on that phone. KARIBU_SCREENSHOTS=1 rewrites docs/screens/journey-*.png.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAppOn, createTestDatabase, reopenTestDatabase, TEST_MASTER_KEY, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { DESKTOP } from './support/console-fixture.ts';
import { blankVideo } from './support/fake-camera.ts';
import { waitForManifest } from './support/scanner-fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(ROOT, 'docs/screens') : null;
/** Console pages whole (they scroll); the scanner as the phone's screen shows it. */
const shot = async (page: Page, name: string, fullPage = true) => {
  if (SCREENS) await page.screenshot({ path: join(SCREENS, `journey-${name}.png`), fullPage });
};
const atStep = (page: Page, step: string) => page.waitForSelector(`[data-testid=new-event-flow][data-step=${step}] [data-testid=step-title]`);
const next = (page: Page) => page.click('[data-testid=flow-next]');
const open = async (page: Page, section: string) => {
  await page.click(`[data-testid=nav-${section}]`);
  await page.waitForSelector(`[data-section=${section}] [data-testid=section-title]`);
};
const okNotice = (page: Page, scope: string) => page.locator(`${scope} [data-testid=notice][data-kind=ok]`).first();

/**
 * An event on tonight, so the door admits now: doors (= start) an hour ago, end in four hours, typed
 * as Lagos wall-clock time (UTC+1 all year, no daylight saving) the way the form takes it.
 */
const lagosLocal = (ms: number) => new Date(ms + 3_600_000).toISOString().slice(0, 16);
const STARTS = lagosLocal(Date.now() - 3_600_000);
const ENDS = lagosLocal(Date.now() + 4 * 3_600_000);

describe(`from nothing to the first admission (Chromium, ${testDatabaseKind})`, () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let setupLink: URL;
  let console_: { context: BrowserContext; page: Page };
  const owner = { email: `zainab-${randomUUID().slice(0, 8)}@example.test`, name: 'Zainab Musa', password: 'kano-arts-first-password' };
  const door = { email: `musa-${randomUUID().slice(0, 8)}@example.test`, name: 'Musa Door', password: '' };
  const PHONE_NAME = 'North entrance phone';
  // Carried from one step to the next, as the person carries them: what the screens showed.
  let eventUrl = '';
  let ticketUrl = '';
  let ticketCode = '';
  let setupCode = '';

  beforeAll(async () => {
    const [db] = await Promise.all([createTestDatabase(), ensureWebBuild()]);
    // 1. The real CLI, in its own process, against the test database. On PGlite one process owns
    // the directory at a time, so the test's handle is closed while the CLI runs and the server
    // opens the database after it (as an operator runs `karibu org create` with the server
    // stopped); on PostgreSQL (TEST_DATABASE_URL) the same order works unchanged.
    await db.handle.close();
    const cli = spawnSync(process.execPath, [
      'bin/karibu.js', 'org', 'create', '--name', 'Kano Arts Collective', '--owner-email', owner.email, '--owner-name', owner.name,
    ], {
      cwd: ROOT, encoding: 'utf8', timeout: 90_000,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', DATA_DIR: db.dataDir,
        KARIBU_MASTER_KEY: TEST_MASTER_KEY, PUBLIC_URL: 'https://tickets.example.ng', ...(db.url ? { DATABASE_URL: db.url } : {}),
      },
    });
    if (cli.status !== 0) {
      await db.dispose();
      throw new Error(`karibu org create failed (${cli.status}):\n${cli.stdout}\n${cli.stderr}`);
    }
    expect(cli.stdout).toContain('Organizer "Kano Arts Collective" created');
    const printed = cli.stdout.match(/https:\/\/tickets\.example\.ng\/console\/set-password#token=\S+/);
    expect(printed, cli.stdout).not.toBeNull();
    setupLink = new URL(printed![0]);

    t = await createTestAppOn(await reopenTestDatabase(db));
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // One Chromium with the scanner tests' fake camera (an empty scene: the ticket is typed in),
    // a desktop context for the console and, later, a phone context for the scanner.
    browser = await launchPhoneBrowser(await blankVideo());
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', viewport: DESKTOP });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    console_ = { context, page };
  }, 240_000);
  afterAll(async () => { await browser?.close().catch(() => undefined); await t?.close(); });

  it('2. the new owner opens the one-time link, chooses a password and signs in', async () => {
    const { page } = console_;
    // The link is printed on PUBLIC_URL; this server listens elsewhere, so its path and secret
    // are opened here.
    await page.goto(`${setupLink.pathname}${setupLink.hash}`);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await page.fill('input[name=password]', owner.password);
    await page.fill('input[name=passwordAgain]', owner.password);
    await shot(page, '01-set-password-desktop');
    await page.click('button[type=submit]');
    await page.getByText('Your password is saved. You can sign in now.').waitFor();
    await page.click('text=Go to sign in');
    await page.fill('input[name=email]', owner.email);
    await page.fill('input[name=password]', owner.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=sign-out]', { timeout: 20_000 });
    await page.waitForSelector('[data-section=events] [data-testid=events-empty]');
    await shot(page, '02-no-events-desktop');
  }, 60_000);

  it('3. builds a venue (a hall with a lounge inside, two gates), an event with two ticket types, and publishes', async () => {
    const { page } = console_;
    await page.click('[data-testid=new-event]');
    await atStep(page, 'venue');
    await page.fill('input[name=venueName]', 'Kano Arts Hall');
    await page.selectOption('select[name=venueTimezone]', 'Africa/Lagos');
    await page.fill('textarea[name=venueAddress]', '12 Bompai Road, Kano');
    await next(page);

    await atStep(page, 'zones');
    await page.fill('input[name=zoneName]', 'Main hall');
    await page.click('[data-testid=add-zone]');
    await page.locator('[data-testid=zone-row]', { hasText: 'Main hall' }).waitFor();
    await page.locator('[data-testid=zone-row]', { hasText: 'Main hall' }).locator('button', { hasText: 'Add zone inside' }).click();
    await page.fill('input[name=zoneName]', 'VIP lounge');
    await page.click('[data-testid=add-zone]');
    await page.locator('[data-testid=zone-row]', { hasText: 'VIP lounge' }).waitFor();
    for (const [gate, zone] of [['North entrance', 'Main hall'], ['VIP door', 'Main hall › VIP lounge']] as const) {
      await page.fill('input[name=gateName]', gate);
      await page.selectOption('select[name=gateZone]', { label: zone });
      await page.click('[data-testid=add-gate]');
      await page.locator('[data-testid=gate-row]', { hasText: gate }).waitFor();
    }
    await shot(page, '03-zones-desktop');
    await next(page);

    await atStep(page, 'event');
    await page.fill('input[name=event_name]', 'Durbar Nights');
    await page.fill('input[name=event_starts]', STARTS);
    await page.fill('input[name=event_ends]', ENDS);
    await page.fill('input[name=event_capacity]', '500');
    await page.click('text=One entry per ticket');
    await next(page);

    await atStep(page, 'tickets');
    for (const [name, quantity, zone, printed] of [['General', '400', 'MAIN_HALL', true], ['VIP', '100', 'VIP_LOUNGE', false]] as const) {
      await page.fill('input[name=typeName]', name);
      await page.fill('input[name=typeQuantity]', quantity);
      for (const box of await page.locator('input[name=typeZone]').all()) await box.setChecked((await box.getAttribute('value')) === zone);
      await page.locator('input[name=typePrinted]').setChecked(printed);
      await page.click('[data-testid=add-ticket-type]');
      await page.locator('[data-testid=ticket-type-row]', { hasText: name }).waitFor();
    }
    await shot(page, '04-ticket-types-desktop');
    await next(page);

    await atStep(page, 'review');
    await next(page);
    await page.waitForSelector('[data-testid=event-detail] [data-testid=published-notice]');
    // Published, and on now: its doors opened an hour ago.
    expect(await page.textContent('[data-testid=event-status]')).toBe('On now');
    eventUrl = new URL(page.url()).pathname;
    expect(eventUrl).toMatch(/^\/console\/events\/[0-9a-f-]{36}$/);
    await shot(page, '05-published-desktop');
  }, 120_000);

  it('4. issues a ticket through Tickets → issue', async () => {
    const { page } = console_;
    await page.click('[data-testid=open-tickets]');
    await page.getByText('No tickets yet. Issue one or import a CSV file.').waitFor();
    await page.click('[data-testid=nav-issue]');
    await page.waitForSelector('[data-testid=issue-form]');
    await page.selectOption('select[name=issueType]', { label: 'General' });
    await page.fill('input[name=issueName]', 'Aisha Bello');
    await page.fill('input[name=issueEmail]', 'aisha.bello@example.ng');
    await page.click('[data-testid=issue-submit]');
    await page.waitForSelector('[data-testid=issued-ticket]');
    const done = (await okNotice(page, '[data-testid=issue-form]').textContent())!;
    expect(done).toMatch(/^Ticket issued for Aisha Bello: code [A-Z0-9]{4}-[A-Z0-9]{4}\.$/);
    await shot(page, '06-ticket-issued-desktop');
    await page.click('[data-testid=issued-ticket] a');
    await page.waitForSelector('[data-testid=ticket-page] [data-testid=no-scans]');
    ticketUrl = new URL(page.url()).pathname;
    ticketCode = (await page.textContent('[data-testid=ticket-code]'))!;
    expect(done).toContain(ticketCode);
  }, 60_000);

  it('5. invites a door staff member and adds a door phone, whose setup code and QR are shown', async () => {
    const { page } = console_;
    await open(page, 'staff');
    const invite = page.locator('form[aria-labelledby=invite-title]');
    await invite.locator('input[name=email]').fill(door.email);
    await invite.locator('input[name=displayName]').fill(door.name);
    // A door staff member for this venue (the form's defaults: role staff, one venue, the only one).
    expect(await invite.locator('select[name=role]').inputValue()).toBe('staff');
    await invite.locator('select[name=scopeVenue] option', { hasText: 'Kano Arts Hall' }).waitFor({ state: 'attached' });
    await invite.locator('button[type=submit]').click();
    door.password = (await page.locator('[data-testid=staff-password] code').textContent({ timeout: 15_000 }))!;
    expect(door.password.length).toBeGreaterThanOrEqual(10);
    expect(await okNotice(page, 'form[aria-labelledby=invite-title]').textContent()).toBe(`${door.name} is invited.`);

    await open(page, 'devices');
    await page.locator('select[name=venueId] option', { hasText: 'Kano Arts Hall' }).waitFor({ state: 'attached' });
    await page.fill('input[name=phoneName]', PHONE_NAME);
    await page.click('[data-testid=create-setup-code]');
    await page.waitForSelector('[data-testid=setup-qr]');
    expect(await okNotice(page, 'form').textContent()).toMatch(/Setup code ready/);
    setupCode = (await page.textContent('[data-testid=setup-code-text]'))!.trim();
    expect(setupCode).not.toBe('');
    // The QR is the scanner's own address with the code: a phone's camera app opens /scan paired.
    expect(await page.getAttribute('[data-testid=setup-code]', 'data-qr-text')).toBe(`${t.config.publicUrl}/scan#pair=${setupCode}`);
    await shot(page, '07-door-phone-code-desktop');
  }, 60_000);

  it('6. on a phone: pairs with the code, the door staff signs in, picks the gate, and the typed ticket code is admitted', async () => {
    const { context, page } = await newPhone(browser, baseUrl);
    try {
      await page.goto('/scan');
      await page.fill('input[name=setupCode]', setupCode);
      await shot(page, '08-pair-phone', false);
      await page.click('button[type=submit]');
      // Named in the console; the phone says so.
      await page.getByText(`This phone is paired as ${PHONE_NAME}.`).waitFor({ timeout: 20_000 });
      await page.fill('input[name=email]', door.email);
      await page.fill('input[name=password]', door.password);
      await page.click('button[type=submit]');
      await page.locator('.choice__option', { hasText: 'North entrance' }).click({ timeout: 20_000 });
      await page.locator('.choice__option', { hasText: 'Durbar Nights' }).click();
      expect(await page.locator('.choice__option', { hasText: 'VIP door' }).count()).toBe(1);
      // The event's start in the venue's time (Lagos), whatever zone the phone's clock is set to.
      const [hh, mm] = STARTS.slice(11, 16).split(':').map(Number) as [number, number];
      const clock = new RegExp(`\\b(${hh}|${hh % 12 || 12}):${String(mm).padStart(2, '0')}\\b`);
      expect(await page.locator('.choice__option', { hasText: 'Durbar Nights' }).textContent()).toMatch(clock);
      // Zones by the names the organizer gave them, not their codes.
      expect(await page.locator('.choice__option', { hasText: 'North entrance' }).textContent()).toContain('Main hall');
      await shot(page, '09-choose-gate-phone', false);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=camera]');
      await waitForManifest(page);
      await page.waitForSelector('[data-testid=camera][data-state=running]', { timeout: 20_000 });
      await shot(page, '10-ready-phone', false);

      await page.click('[data-testid=open-manual]');
      await page.fill('[data-testid=manual-input]', ticketCode);
      await page.click('.manual button[type=submit]');
      const verdict = await page.waitForSelector('[data-testid=verdict][data-verdict=admitted]', { timeout: 25_000 });
      expect(await verdict.getAttribute('data-reason')).toBe('admitted');
      expect(await page.textContent('.verdict__title')).toMatch(/^admitted$/i);
      expect(await verdict.textContent()).toContain('Aisha Bello');
      await shot(page, '11-admitted-phone', false);
      // Online, the server answered; whatever the phone queued is uploaded before the console looks.
      await page.waitForSelector('[data-testid=queued][data-count="0"]', { timeout: 20_000 });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('7. back in the console, the ticket’s history shows the admission, the gate and the phone', async () => {
    const { page } = console_;
    await page.goto(ticketUrl);
    const entry = page.locator('[data-testid=ticket-page] [data-testid=scan-entry]');
    await entry.first().waitFor({ timeout: 20_000 });
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('[data-testid=scan-answer]').textContent()).toBe('Admitted — welcome in');
    const where = (await entry.locator('p.muted').first().textContent())!;
    expect(where).toContain('North entrance (Main hall)');
    expect(where).toContain(`on ${PHONE_NAME}`);
    expect(where).toContain(`by ${door.name}`);
    await shot(page, '12-ticket-history-desktop');
    await console_.context.close();
  }, 60_000);
});

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATIC_TOKEN_LENGTH, ROTATING_TOKEN_LENGTH } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { configureRegistration } from '../../src/server/registration/registration.service.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { startBrowserServer } from './support/browser-server.ts';
import { decodeQrBytes, scanAtDoor } from './support/door.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { CHROMIUM } from '../e2e/support/browser.ts';

/**
 * The attendee's ticket page in Chromium, over the real built bundle and the real API: the QR a
 * door camera would read is screenshotted and decoded by zbarimg, then judged by core. Set
 * UPDATE_SCREENSHOTS=1 to refresh docs/screens/ticket-*.png.
 */
const SCREENS = join(import.meta.dirname, '../../docs/screens');
const updateScreens = process.env.UPDATE_SCREENSHOTS === '1';

// Browser-side code, typed by hand: this file is type-checked without the DOM library.
type BrowserGlobals = {
  navigator: { serviceWorker?: { controller: unknown } };
  document: { documentElement: { lang: string } };
  wakeCalls?: string[];
};
/** True once the service worker controls the page, i.e. the offline shell is in place. */
const SW_CONTROLS_PAGE = () => (globalThis as unknown as BrowserGlobals).navigator.serviceWorker?.controller != null;
/** Records wake lock requests (headless Chromium may have no real one). */
const RECORD_WAKE_LOCKS = `
  window.wakeCalls = [];
  Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: {
    request: async (type) => { window.wakeCalls.push(type); return { released: false, release: async () => {}, addEventListener() {} }; },
  } });`;

describe(`attendee ticket page in Chromium (${testDatabaseKind})`, () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let distDir: string;
  let browser: Browser;
  let rotating: EventFixture;
  let printable: EventFixture;

  beforeAll(async () => {
    [distDir, t, browser] = await Promise.all([
      ensureWebBuild(),
      createTestApp(),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
    server = await startBrowserServer(t.app, distDir);
    [rotating, printable] = await Promise.all([
      createEventFixture(t.app.ctx, { typeOverrides: { allowStatic: false } }),
      createEventFixture(t.app.ctx),
    ]);
    await giveShowcaseNames(rotating);
    await giveShowcaseNames(printable, { organizer: 'Sahel Events', event: 'Festival de Jazz de Saint-Louis', venue: 'Place Faidherbe, Saint-Louis' });
    if (updateScreens) await mkdir(SCREENS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  async function newPage(options: { locale?: string; scale?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 }, deviceScaleFactor: options.scale ?? 1,
      locale: options.locale ?? 'en-GB', timezoneId: 'Africa/Lagos',
    });
    return { context, page: await context.newPage() };
  }

  /** What a door camera gets: the QR element as pixels, decoded by an independent decoder. */
  async function qrOnScreen(page: Page, selector = '[data-testid="ticket-qr"]'): Promise<string> {
    const png = await page.locator(selector).first().screenshot();
    const found = await decodeQrBytes(png);
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  /** Real-looking names, so the committed screenshots show what an attendee would see. */
  async function giveShowcaseNames(f: EventFixture, names = {
    organizer: 'Lagos Live', event: 'Afrobeats Live: Eko Nights', venue: 'Eko Convention Centre, Victoria Island',
  }): Promise<void> {
    await withTenant(t.app.ctx.db, f.tenantId, async (trx) => {
      await trx.updateTable('tenants').set({ name: names.organizer }).where('id', '=', f.tenantId).execute();
      await trx.updateTable('events').set({ name: names.event }).where('id', '=', f.eventId).execute();
      await trx.updateTable('venues').set({ name: names.venue }).where('id', '=', f.venue.id).execute();
    });
  }

  const door = (f: EventFixture, text: string, at?: number) =>
    scanAtDoor(t.app.ctx, f.tenantId, f.eventId, text, { gateId: f.gate('Main'), gateZone: 'GA', ...(at ? { at } : {}) });

  it('shows a rotating QR of at least 240 px that scans admitted — and still does offline after a reload', async () => {
    const [ticket] = await rotating.issue([{ holderName: 'Chiamaka Obi', typeNo: 2 }]);
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      const qr = page.getByTestId('ticket-qr');
      await qr.waitFor();
      const box = (await qr.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(240);
      await expect.poll(() => page.getByTestId('countdown').textContent()).toMatch(/New code in \d+ seconds?/);
      expect(await page.getByTestId('ticket-code').textContent()).toBe(ticket!.code);
      expect(await page.getByTestId('ticket-pin').textContent()).toBe(ticket!.pin);
      await expect.poll(() => page.getByText('Chiamaka Obi').count()).toBeGreaterThan(0);

      const online = await qrOnScreen(page);
      expect(online.length).toBe(ROTATING_TOKEN_LENGTH);
      expect(online.startsWith(ticket!.qr)).toBe(true);
      expect(await door(rotating, online)).toEqual({ verdict: 'admitted', reason: 'admitted' });
      if (updateScreens) await page.screenshot({ path: join(SCREENS, 'ticket-page.png') });

      // The service worker has the page's shell; then the network goes away entirely.
      await page.waitForFunction(SW_CONTROLS_PAGE, undefined, { timeout: 15_000 });
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('ticket-qr').waitFor();
      await page.getByTestId('offline-badge').waitFor();
      if (updateScreens) await page.screenshot({ path: join(SCREENS, 'ticket-page-offline.png'), fullPage: true });
      const offline = await qrOnScreen(page);
      expect(offline.startsWith(ticket!.qr)).toBe(true);
      expect(await door(rotating, offline)).toEqual({ verdict: 'admitted', reason: 'admitted' });
      // A screenshot of the code is refused once its window has passed.
      expect(await door(rotating, offline, Date.now() + 90_000)).toEqual({ verdict: 'refused', reason: 'code_expired' });
    } finally {
      await context.close();
    }
  });

  it('shows the door-valid code even when the phone’s clock is wrong, and rotates it every 30 s', async () => {
    const [ticket] = await rotating.issue(1);
    const { context, page } = await newPage();
    try {
      // The phone's clock is 7 minutes slow: its own code would be refused as expired.
      await page.clock.install({ time: Date.now() - 7 * 60_000 });
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await page.getByTestId('ticket-qr').waitFor();
      await page.getByText(/clock is off by/).waitFor();
      const first = await qrOnScreen(page);
      expect(await door(rotating, first)).toEqual({ verdict: 'admitted', reason: 'admitted' });

      await page.clock.fastForward(30_000);
      await expect.poll(() => qrOnScreen(page)).not.toBe(first);
      const next = await qrOnScreen(page);
      expect(await door(rotating, next, Date.now() + 30_000)).toEqual({ verdict: 'admitted', reason: 'admitted' });
    } finally {
      await context.close();
    }
  });

  it('goes full screen at maximum size with the screen kept awake, and the full-screen QR scans', async () => {
    const [ticket] = await rotating.issue([{ holderName: 'Tunde Bakare', typeNo: 2 }]);
    const { context, page } = await newPage({ scale: 2 });
    try {
      // Record wake lock requests (headless Chromium may have no real one).
      await page.addInitScript(RECORD_WAKE_LOCKS);
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await page.getByTestId('ticket-qr').click();
      const full = page.getByTestId('fullscreen').getByTestId('ticket-qr');
      await full.waitFor();
      expect((await full.boundingBox())!.width).toBeGreaterThanOrEqual(336);
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as BrowserGlobals).wakeCalls)).toEqual(['screen']);
      const text = await qrOnScreen(page, '[data-testid="fullscreen"] [data-testid="ticket-qr"]');
      expect(await door(rotating, text)).toEqual({ verdict: 'admitted', reason: 'admitted' });
      if (updateScreens) await page.screenshot({ path: join(SCREENS, 'ticket-fullscreen.png') });
      await page.keyboard.press('Escape');
      await page.getByTestId('fullscreen').waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('shows a printable ticket with its static code, in French for a French browser', async () => {
    const [ticket] = await printable.issue([{ holderName: 'Aïssata Diallo', typeNo: 2 }]);
    const { context, page } = await newPage({ locale: 'fr-SN' });
    try {
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await page.getByTestId('ticket-qr').waitFor();
      await page.getByText('Code du billet', { exact: true }).waitFor();
      expect(await page.getByTestId('countdown').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Télécharger le PDF' }).count()).toBe(1);
      const text = await qrOnScreen(page);
      expect(text).toBe(ticket!.qr);
      expect(text.length).toBe(STATIC_TOKEN_LENGTH);
      expect(await door(printable, text)).toEqual({ verdict: 'admitted', reason: 'admitted' });
      expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.lang)).toBe('fr');
      if (updateScreens) await page.screenshot({ path: join(SCREENS, 'ticket-page-printable-fr.png'), fullPage: true });

      // The picker switches language at once, and the choice is remembered.
      await page.getByTestId('language').selectOption('en');
      await page.getByText('Ticket code', { exact: true }).waitFor();
      await page.reload();
      await page.getByText('Ticket code', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('removes a replaced ticket from the phone: no code once the link is gone, online or offline', async () => {
    const [ticket] = await rotating.issue(1);
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await page.getByTestId('ticket-qr').waitFor();
      await page.waitForFunction(SW_CONTROLS_PAGE, undefined, { timeout: 15_000 });
      // A transfer gives the ticket a new link; the old holder's page learns it on its next load.
      await withTenant(t.app.ctx.db, rotating.tenantId, (trx) =>
        trx.updateTable('tickets').set({ link_secret: `moved-${ticket!.linkSecret}` }).where('id', '=', ticket!.id).execute());
      await page.reload();
      await page.getByText(/This ticket link is not valid/).waitFor();
      expect(await page.getByTestId('ticket-qr').count()).toBe(0);
      await context.setOffline(true);
      await page.reload();
      await page.getByText(/not been opened on this phone/).waitFor();
      expect(await page.getByTestId('ticket-qr').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('says a cancelled ticket is cancelled and shows no code', async () => {
    const [ticket] = await rotating.issue(1);
    await withTenant(t.app.ctx.db, rotating.tenantId, (trx) =>
      trx.updateTable('tickets').set({ status: 'cancelled' }).where('id', '=', ticket!.id).execute());
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await page.getByTestId('ticket-status').waitFor();
      expect(await page.getByTestId('ticket-status').textContent()).toContain('cancelled');
      expect(await page.getByTestId('ticket-qr').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('registers on /e/{slug}/register and opens the new ticket, whose QR scans admitted', async () => {
    const f = await createEventFixture(t.app.ctx, { typeOverrides: { allowStatic: false } });
    await giveShowcaseNames(f);
    const { slug, typeId } = await withTenant(t.app.ctx.db, f.tenantId, async (trx) => {
      await trx.updateTable('events').set({ status: 'published' }).where('id', '=', f.eventId).execute();
      const event = await trx.selectFrom('events').select('slug').where('id', '=', f.eventId).executeTakeFirstOrThrow();
      const type = await trx.selectFrom('ticket_types').select('id').where('event_id', '=', f.eventId).where('type_no', '=', 1).executeTakeFirstOrThrow();
      return { slug: event.slug, typeId: type.id };
    });
    await configureRegistration(t.app.ctx, f.tenantId, f.eventId, null, 'staff', { enabled: true, ticketTypeId: typeId });
    const { context, page } = await newPage();
    try {
      await page.goto(`${server.url}/e/${slug}/register`);
      await page.getByLabel('Full name').fill('Wanjiru Kamau');
      await page.getByLabel('Email', { exact: true }).fill('wanjiru@example.ke');
      await page.getByLabel(/Mobile phone/).fill('+254 712 345678');
      if (updateScreens) await page.screenshot({ path: join(SCREENS, 'ticket-register.png') });
      await page.getByRole('button', { name: 'Get my ticket' }).click();
      // No SMTP on this server: the ticket opens right away on this phone.
      await page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
      await page.getByText('Wanjiru Kamau').waitFor();
      expect(await door(f, await qrOnScreen(page))).toEqual({ verdict: 'admitted', reason: 'admitted' });
    } finally {
      await context.close();
    }
  });
});

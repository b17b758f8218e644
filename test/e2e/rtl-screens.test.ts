// The door, the ticket and the organizer console in Arabic (right to left) and Amharic (Ge'ez script, left
// to right) in a real Chromium: the page says its language and direction, the layout mirrors —
// what sits at the start of a row in English sits at the right edge in Arabic — and nothing spills
// sideways. Screenshots go to docs/screens/*-ar.png and *-am.png with KARIBU_SCREENSHOTS=1.
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankVideo } from './support/fake-camera.ts';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { setUpDoorPhone, startScannerFixture, type ScannerFixture } from './support/scanner-fixture.ts';
import { DESKTOP, overflowsSideways, signIn } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => { if (SCREENS) await page.screenshot({ path: join(SCREENS, `${name}.png`) }); };

type Html = { documentElement: { lang: string; dir: string } };
const htmlLangDir = (page: Page) => page.evaluate(() => {
  const root = (globalThis as unknown as { document: Html }).document.documentElement;
  return { lang: root.lang, dir: root.dir };
});
/** Horizontal centre of an element, as a share of the viewport width (0 = left edge). */
async function centre(page: Page, selector: string): Promise<number> {
  const box = (await page.locator(selector).first().boundingBox())!;
  return (box.x + box.width / 2) / page.viewportSize()!.width;
}

describe('Arabic and Amharic screens (Chromium)', () => {
  let fx: ScannerFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startScannerFixture(4);
    browser = await launchPhoneBrowser(await blankVideo());
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it.each([['ar', 'rtl'], ['am', 'ltr']] as const)('door scanner in %s: verdict mirrored as the script reads', async (lang, dir) => {
    const { context, page } = await newPhone(browser, fx.baseUrl, lang);
    try {
      await setUpDoorPhone(page, fx, `Phone ${lang}`);
      expect(await htmlLangDir(page)).toEqual({ lang, dir });
      // The event name starts the header row; the "change" button ends it.
      const eventAt = await centre(page, '.scan-header__event');
      const changeAt = await centre(page, '.scan-header__row .btn');
      expect(dir === 'rtl' ? eventAt > changeAt : eventAt < changeAt).toBe(true);
      const ticket = fx.demo.tickets[lang === 'ar' ? 0 : 2]!; // one ticket each: the second phone would find it inside
      await page.keyboard.type(ticket.qr, { delay: 5 });
      await page.keyboard.press('Enter');
      const verdict = await page.waitForSelector('[data-testid=verdict][data-verdict=admitted]', { timeout: 25_000 });
      const title = (await verdict.$eval('.verdict__title', (e) => e.textContent ?? ''));
      expect(title).toMatch(lang === 'ar' ? /[\u0600-\u06FF]/ : /[\u1200-\u137F]/);
      expect(await verdict.textContent()).toContain(ticket.holderName);
      expect(await overflowsSideways(page)).toBe(false);
      await shot(page, `scanner-verdict-${lang}`);
    } finally {
      await context.close();
    }
  }, 90_000);

  it.each([['ar', 'rtl'], ['am', 'ltr']] as const)('attendee ticket page in %s', async (lang, dir) => {
    const { context, page } = await newPhone(browser, fx.baseUrl, lang);
    try {
      await page.goto(fx.demo.tickets[1]!.link.replace(/^https?:\/\/[^/]+/, fx.baseUrl));
      await page.getByTestId('ticket-code').waitFor();
      expect(await htmlLangDir(page)).toEqual({ lang, dir });
      // The brand starts the top bar, the language picker ends it.
      const brandAt = await centre(page, '.top .brand');
      const pickerAt = await centre(page, '.top select');
      expect(dir === 'rtl' ? brandAt > pickerAt : brandAt < pickerAt).toBe(true);
      // The ticket code stays left to right inside the mirrored page.
      expect(await page.getByTestId('ticket-code').getAttribute('dir')).toBe('ltr');
      expect(await overflowsSideways(page)).toBe(false);
      await shot(page, `ticket-page-${lang}`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it.each([['ar', 'rtl'], ['am', 'ltr']] as const)('organizer console in %s', async (lang, dir) => {
    const context = await browser.newContext({ baseURL: fx.baseUrl, locale: lang, viewport: DESKTOP, timezoneId: 'Africa/Lagos' });
    const page = await context.newPage();
    try {
      await page.goto('/console');
      await signIn(page, fx.demo.organizer);
      await page.waitForSelector('#nav');
      expect(await htmlLangDir(page)).toEqual({ lang, dir });
      // The navigation is the start column: at the right in Arabic, at the left in Amharic.
      const navAt = await centre(page, '#nav');
      expect(dir === 'rtl' ? navAt > 0.5 : navAt < 0.5).toBe(true);
      // Every section name is in the language's own script, not an English fallback.
      for (const name of await page.locator('#nav a').allTextContents()) {
        expect(name.replace(/SMS|USSD|&|\s/g, ''), name).toMatch(lang === 'ar' ? /^[\u0600-\u06FF]+$/ : /^[\u1200-\u137F]+$/);
      }
      expect(await overflowsSideways(page)).toBe(false);
      await shot(page, `console-${lang}`);
    } finally {
      await context.close();
    }
  }, 60_000);
});

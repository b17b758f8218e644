// A ticket with a note for door staff, scanned in Debian's Chromium against a real server: the
// verdict shows the note as a banner and stays — past the time a verdict clears itself — until
// staff tap it; online (the server's answer) and offline (the note sealed in the manifest).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { blankVideo, ticketVideo } from './support/fake-camera.ts';
import { setUpDoorPhone, startScannerFixture, waitForManifest, type ScannerFixture } from './support/scanner-fixture.ts';

describe('door scanner: attention notes (Chromium, fake camera)', () => {
  let fx: ScannerFixture;
  const browsers: Browser[] = [];
  beforeAll(async () => { fx = await startScannerFixture(); }, 240_000);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await fx?.close();
  });

  const issueWithNote = async (name: string, attentionNote: string) => {
    const res = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${fx.demo.eventId}/tickets`, headers: fx.managerAuth,
      payload: { tickets: [{ type: fx.demo.tickets[0]!.type, name, attentionNote }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ tickets: { qr: string; serial: number }[] }>().tickets[0]!;
  };

  /** The banner is up, still up after a green verdict would have cleared (1.8 s), and goes on a tap. */
  const expectBannerUntilTapped = async (page: Page, note: string) => {
    const banner = page.locator('[data-testid=verdict][data-verdict=admitted] [data-testid=attention-note]');
    await banner.waitFor({ timeout: 25_000 });
    expect(await banner.textContent()).toContain(note);
    expect(await banner.textContent()).toContain('Tap when done');
    await page.waitForTimeout(3_500);
    expect(await banner.isVisible()).toBe(true);
    // A tap on the verdict around the banner does not dismiss it: only the banner does.
    await page.locator('[data-testid=verdict] .verdict__title').click();
    expect(await banner.isVisible()).toBe(true);
    await banner.click();
    await page.locator('[data-testid=verdict]').waitFor({ state: 'detached', timeout: 5_000 });
  };

  it('shows the server’s note with an online verdict until staff tap it', async () => {
    const note = 'Speaker — send to the green room';
    const ticket = await issueWithNote('Ngozi Speaker', note);
    const browser = await launchPhoneBrowser(await ticketVideo(ticket.qr, { leadSeconds: 3, visibleSeconds: 3, blankSeconds: 60 }));
    browsers.push(browser);
    const { page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Note gate online');
    await expectBannerUntilTapped(page, note);
    await page.waitForSelector('[data-testid=queued][data-count="0"]', { timeout: 20_000 });
    expect((await fx.serverTicket(ticket.serial)).entryCount).toBe(1);
  }, 120_000);

  it('opens the sealed note offline with the ticket’s QR and waits for the tap too', async () => {
    const note = 'Uses a wheelchair — ramp gate';
    const ticket = await issueWithNote('Kwame Mensah', note);
    const browser = await launchPhoneBrowser(await ticketVideo(ticket.qr, { leadSeconds: 8, visibleSeconds: 3, blankSeconds: 60 }));
    browsers.push(browser);
    const { context, page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Note gate offline');
    await waitForManifest(page);
    await context.setOffline(true);
    await page.waitForSelector('[data-testid=connection][data-online=false]');
    const offline = page.locator('[data-testid=verdict][data-verdict=admitted]');
    await offline.waitFor({ timeout: 25_000 });
    expect(await offline.textContent()).toMatch(/decided on this phone/i);
    await expectBannerUntilTapped(page, note);
  }, 120_000);

  it('reads right to left in Arabic: the banner’s stripe at the right, its words Arabic, nothing spilling sideways', async () => {
    const note = 'ضيف متحدث — إلى الغرفة الخضراء';
    const ticket = await issueWithNote('Layla Haddad', note);
    const browser = await launchPhoneBrowser(await blankVideo());
    browsers.push(browser);
    const { page } = await newPhone(browser, fx.baseUrl, 'ar');
    await setUpDoorPhone(page, fx, 'Note gate ar');
    // A hand scanner types the QR like a keyboard (keyboard-wedge.ts).
    await page.keyboard.type(ticket.qr, { delay: 5 });
    await page.keyboard.press('Enter');
    const banner = page.locator('[data-testid=verdict] [data-testid=attention-note]');
    await banner.waitFor({ timeout: 25_000 });
    expect(await banner.textContent()).toContain(note);
    expect(await banner.locator('.attention__done').textContent()).toMatch(/[\u0600-\u06FF]/);
    const borders = await banner.evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { borderRightWidth: string; borderLeftWidth: string } }).getComputedStyle(el);
      return { right: parseFloat(style.borderRightWidth), left: parseFloat(style.borderLeftWidth) };
    });
    expect(borders.right).toBeGreaterThan(borders.left);
    const box = (await banner.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width + 0.5);
    await banner.click();
    await page.locator('[data-testid=verdict]').waitFor({ state: 'detached', timeout: 5_000 });
  }, 120_000);
});

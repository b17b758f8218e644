// Photo check in Debian's Chromium against a real server: a ticket of a photo-check type shows the
// holder's photo beside the verdict — online (fetched with the device token) and offline (the
// thumbnail from the photo pack, opened with the scanned QR) — and "No photo" when there is none.
// KARIBU_SCREENSHOTS=1 rewrites docs/screens/scanner-photo.png.
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraJpeg, dataUrl } from '../../src/server/photos/photo-test-images.ts';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { ticketVideo } from './support/fake-camera.ts';
import { setUpDoorPhone, startScannerFixture, waitForManifest, type ScannerFixture } from './support/scanner-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;

describe('door scanner: photo check (Chromium, fake camera)', () => {
  let fx: ScannerFixture;
  let typeNo: number;
  const browsers: Browser[] = [];
  beforeAll(async () => {
    fx = await startScannerFixture();
    const types = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.demo.eventId}/ticket-types`, headers: fx.managerAuth });
    const type = (types.json().items as { id: string; typeNo: number }[])[0]!;
    typeNo = type.typeNo;
    const on = await fx.t.app.inject({ method: 'PATCH', url: `/api/v1/events/${fx.demo.eventId}/ticket-types/${type.id}`, headers: fx.managerAuth, payload: { photoCheck: true } });
    expect(on.statusCode, on.body).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await fx?.close();
  });

  const issue = async (name: string, withPhoto: boolean) => {
    const res = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${fx.demo.eventId}/tickets`, headers: fx.managerAuth,
      payload: { tickets: [{ type: typeNo, name }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json<{ tickets: { id: string; qr: string; serial: number }[] }>().tickets[0]!;
    if (withPhoto) {
      const put = await fx.t.app.inject({
        method: 'PUT', url: `/api/v1/events/${fx.demo.eventId}/tickets/${ticket.id}/photo`, headers: fx.managerAuth,
        payload: { photo: dataUrl(await cameraJpeg(900, 1200)), consent: true },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    return ticket;
  };

  const photoShown = async (page: Page) => {
    const img = page.locator('[data-testid=verdict][data-verdict=admitted] [data-testid=verdict-photo]');
    await img.waitFor({ timeout: 25_000 });
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 5_000 }).toBeGreaterThan(0);
    return img;
  };

  it('shows the photo beside the name with an online verdict', async () => {
    const ticket = await issue('Amani Njoroge', true);
    const browser = await launchPhoneBrowser(await ticketVideo(ticket.qr, { leadSeconds: 3, visibleSeconds: 3, blankSeconds: 60 }));
    browsers.push(browser);
    const { page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Photo gate online');
    const img = await photoShown(page);
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
    expect(await page.locator('[data-testid=verdict] .verdict__name').textContent()).toBe('Amani Njoroge');
    if (SCREENS) await page.screenshot({ path: resolve(SCREENS, 'scanner-photo.png') });
  }, 120_000);

  it('says "No photo" for a photo-check ticket without one', async () => {
    const ticket = await issue('Zawadi Kimaro', false);
    const browser = await launchPhoneBrowser(await ticketVideo(ticket.qr, { leadSeconds: 3, visibleSeconds: 3, blankSeconds: 60 }));
    browsers.push(browser);
    const { page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Photo gate none');
    const none = page.locator('[data-testid=verdict][data-verdict=admitted] [data-testid=verdict-no-photo]');
    await none.waitFor({ timeout: 25_000 });
    await expect.poll(() => none.textContent(), { timeout: 5_000 }).toBe('No photo');
  }, 120_000);

  it('opens the thumbnail from the photo pack offline with the ticket’s QR', async () => {
    const ticket = await issue('Tumaini Mushi', true);
    const browser = await launchPhoneBrowser(await ticketVideo(ticket.qr, { leadSeconds: 10, visibleSeconds: 3, blankSeconds: 60 }));
    browsers.push(browser);
    const { context, page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Photo gate offline', {
      afterPairing: async () => {
        const listed = await fx.t.app.inject({ method: 'GET', url: `/api/v1/devices?venueId=${fx.venueId}`, headers: fx.managerAuth });
        const device = (listed.json().devices as { id: string; name: string }[]).find((d) => d.name === 'Photo gate offline')!;
        const allowed = await fx.t.app.inject({ method: 'PUT', url: `/api/v1/devices/${device.id}/offline-names`, headers: fx.managerAuth, payload: { allowed: true } });
        expect(allowed.statusCode).toBe(200);
      },
    });
    await waitForManifest(page);
    // The pack follows the manifest: give it a moment before the network goes.
    await page.waitForTimeout(1_500);
    await context.setOffline(true);
    await page.waitForSelector('[data-testid=connection][data-online=false]');
    const img = await photoShown(page);
    expect(await page.locator('[data-testid=verdict]').textContent()).toMatch(/decided on this phone/i);
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeLessThanOrEqual(96);
  }, 120_000);
});

// A whole order checked in by name with the network off, on a door phone a manager allowed the
// guest names (sync format 3 order groups, uploads by serial), in Debian's Chromium against a real server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { blankVideo } from './support/fake-camera.ts';
import { setUpDoorPhone, startScannerFixture, waitForManifest, type ScannerFixture } from './support/scanner-fixture.ts';

describe('door scanner offline: a whole order by name (Chromium)', () => {
  let fx: ScannerFixture;
  let browser: Browser | undefined;
  beforeAll(async () => { fx = await startScannerFixture(); }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await fx?.close();
  });

  it('finds a guest by name offline, selects her order of three, checks them in together, and uploads them', async () => {
    const names = ['Ngozi Adeyemi', 'Yaw Boateng', 'Aïcha Traoré'];
    const issued = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${fx.demo.eventId}/tickets`, headers: { ...fx.managerAuth, 'idempotency-key': 'kano-order' },
      payload: { tickets: names.map((name) => ({ type: fx.demo.tickets[0]!.type, name, orderRef: 'KANO-0815' })) },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const order = issued.json<{ tickets: { serial: number }[] }>().tickets;

    browser = await launchPhoneBrowser(await blankVideo());
    const { context, page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Side gate names', {
      afterPairing: async () => {
        const listed = await fx.t.app.inject({ method: 'GET', url: `/api/v1/devices?venueId=${fx.venueId}`, headers: fx.managerAuth });
        const device = (listed.json().devices as { id: string; name: string }[]).find((d) => d.name === 'Side gate names')!;
        const allowed = await fx.t.app.inject({ method: 'PUT', url: `/api/v1/devices/${device.id}/offline-names`, headers: fx.managerAuth, payload: { allowed: true } });
        expect(allowed.statusCode).toBe(200);
      },
    });
    await waitForManifest(page);
    await context.setOffline(true);
    await page.waitForSelector('[data-testid=connection][data-online=false]');

    await page.click('[data-testid=open-search]');
    await page.fill('[data-testid=search-input]', 'boateng');
    // The guest is found in the names on this phone, and the rest of his order comes with him.
    for (const name of names) await page.getByRole('checkbox', { name }).waitFor();
    expect(await page.locator('.result').count()).toBe(3);
    expect(await page.textContent('.sheet .feedback')).toMatch(/Offline: names saved on this phone/);
    expect((await page.locator('.result__meta').allTextContents()).every((m) => m.includes('Order of 3'))).toBe(true);
    await page.getByRole('button', { name: 'Select the whole order' }).first().click();
    expect(await page.textContent('[data-testid=check-in-selected]')).toMatch(/Check in 3 tickets/);
    await page.click('[data-testid=check-in-selected]');
    await page.locator('[data-testid=notice]', { hasText: '3 admitted, 0 refused' }).waitFor();
    await page.waitForSelector('[data-testid=queued][data-count="3"]');
    for (const ticket of order) expect((await fx.serverTicket(ticket.serial)).entryCount).toBe(0);

    // Back online: the three scans upload by serial and the server counts each once.
    await context.setOffline(false);
    await page.waitForSelector('[data-testid=queued][data-count="0"]', { timeout: 20_000 });
    for (const ticket of order) {
      expect(await fx.serverTicket(ticket.serial)).toMatchObject({ entryCount: 1, presence: 'inside', scans: [{ verdict: 'admitted', offline: true }] });
    }
    await page.waitForSelector('[data-testid=history] [data-sync=accepted]');
    expect(await page.locator('[data-testid=history] [data-sync=conflict]').count()).toBe(0);
  }, 150_000);
});

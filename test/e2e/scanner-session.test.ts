// Session mode on the door phone, in Debian's Chromium against a real server: the door picks a
// session from the manifest's programme, a ticket typed at the room's door is admitted for that
// session only (never an entry of the event), and leaving session mode returns to the gate.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/server/db/database.ts';
import { launchPhoneBrowser, newPhone } from './support/browser.ts';
import { blankVideo } from './support/fake-camera.ts';
import { setUpDoorPhone, startScannerFixture, waitForManifest, type ScannerFixture } from './support/scanner-fixture.ts';

describe('door scanner session mode (Chromium)', () => {
  let fx: ScannerFixture;
  let browser: Browser | undefined;
  const sessionId = randomUUID();
  beforeAll(async () => {
    fx = await startScannerFixture();
    // A talk in the GA room, on now: every demo ticket type grants GA.
    await asSystem(fx.t.app.ctx.db, async (trx) => {
      const zone = await trx.selectFrom('zones').select(['id', 'tenant_id']).where('venue_id', '=', fx.venueId).where('code', '=', 'GA').executeTakeFirstOrThrow();
      await trx.insertInto('event_sessions').values({
        id: sessionId, tenant_id: zone.tenant_id, event_id: fx.demo.eventId, name: 'Fintech keynote', zone_id: zone.id,
        starts_at: new Date(Date.now() - 10 * 60_000), ends_at: new Date(Date.now() + 50 * 60_000), capacity: 30, admits_ticket_type_ids: null,
      }).execute();
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await fx?.close();
  });

  it('picks a session, admits a typed code for it without an event entry, and goes back to the gate', async () => {
    const ticket = fx.demo.tickets.find((x) => x.type !== 'Phone Pass')!;
    browser = await launchPhoneBrowser(await blankVideo());
    const { page } = await newPhone(browser, fx.baseUrl);
    await setUpDoorPhone(page, fx, 'Room door');
    await waitForManifest(page);

    await page.click('[data-testid=open-sessions]');
    await page.click(`[data-testid=session-pick][data-session="${sessionId}"]`);
    const header = await page.waitForSelector('[data-testid=session-mode]');
    expect(await header.textContent()).toContain('Fintech keynote');
    expect(await page.textContent('[data-testid=session-count]')).toMatch(/0 of 30/);

    await page.click('[data-testid=open-manual]');
    await page.fill('[data-testid=manual-input]', ticket.code);
    await page.click('.manual button[type=submit]');
    const admitted = await page.waitForSelector('[data-testid=verdict][data-verdict=admitted]', { timeout: 25_000 });
    expect(await admitted.getAttribute('data-reason')).toBe('admitted');
    await page.waitForSelector('[data-testid=queued][data-count="0"]', { timeout: 20_000 });
    await page.locator('[data-testid=session-count]').filter({ hasText: /1 of 30/ }).waitFor({ timeout: 10_000 });

    const server = await fx.serverTicket(ticket.serial);
    expect(server.entryCount).toBe(0);
    const scans = await asSystem(fx.t.app.ctx.db, (trx) => trx.selectFrom('scans').select(['session_id', 'verdict']).where('event_id', '=', fx.demo.eventId).execute());
    expect(scans).toEqual([{ session_id: sessionId, verdict: 'admitted' }]);

    await page.click('[data-testid=verdict]'); // tapped away, as staff do
    await page.keyboard.press('Escape'); // and the code sheet closed
    await page.click('[data-testid=leave-session]');
    await page.waitForSelector('[data-testid=session-mode]', { state: 'detached' });
    expect(await page.textContent('.scan-header__gate')).toMatch(/Main/);
  }, 120_000);
});

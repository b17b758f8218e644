import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { CHROMIUM } from '../e2e/support/browser.ts';
import { startBrowserServer } from './support/browser-server.ts';
import { scanAtDoor } from './support/door.ts';
import { parseMime, startSmtpCapture, type SmtpCapture } from './support/smtp-capture.ts';

/**
 * The holder's actions on the ticket page in Chromium, over the built bundle, the real API and a
 * real SMTP server: give the ticket to someone (asked twice, then the page shows it transferred
 * and the door refuses the old QR), email it again, and the calendar file behind the button.
 * UPDATE_SCREENSHOTS=1 refreshes docs/screens/ticket-transfer.png.
 */
const SCREENS = join(import.meta.dirname, '../../docs/screens');
const updateScreens = process.env.UPDATE_SCREENSHOTS === '1';

describe(`ticket page actions in Chromium (${testDatabaseKind})`, () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let f: EventFixture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    let distDir: string;
    [distDir, t, browser] = await Promise.all([
      ensureWebBuild(),
      createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Lagos Live <tickets@lagos.example>' }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
    server = await startBrowserServer(t.app, distDir);
    f = await createEventFixture(t.app.ctx);
    await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.updateTable('ticket_types').set({ allow_transfer: true })
      .where('event_id', '=', f.eventId).where('type_no', '=', 1).execute());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await smtp?.close();
  });

  const page = async (locale = 'en-GB') => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale, timezoneId: 'Africa/Lagos' });
    return { context, page: await context.newPage() };
  };

  it('gives the ticket to someone after a second “yes”, and the old code stops working at once', async () => {
    const [ticket] = await f.issue([{ holderName: 'Tunde Bakare', holderEmail: 'tunde@example.ng', typeNo: 1 }]);
    const { context, page: p } = await page();
    try {
      await p.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await p.getByTestId('transfer-open').click();
      await p.locator('input[name="newName"]').fill('Amina Yusuf');
      await p.locator('input[name="newEmail"]').fill('amina@example.ng');
      await p.getByTestId('transfer-submit').click();
      // Nothing has happened yet: the page asks once more, naming both people.
      expect(await p.getByTestId('transfer-confirm').textContent()).toContain('Give the ticket of Tunde Bakare to Amina Yusuf?');
      if (updateScreens) await p.screenshot({ path: join(SCREENS, 'ticket-transfer.png'), fullPage: true });
      expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ticket!.qr, { gateId: f.gate('Main'), gateZone: 'GA' }))
        .toMatchObject({ verdict: 'admitted' });

      const mails = [smtp.next(), smtp.next()];
      await p.getByTestId('transfer-submit').click();
      expect(await p.getByTestId('transfer-done').textContent()).toContain('Amina Yusuf gets the ticket at a•••@example.ng');
      await p.getByTestId('ticket-status').waitFor();
      expect(await p.getByTestId('ticket-status').textContent()).toContain('transferred');
      expect(await p.getByTestId('ticket-qr').count()).toBe(0);
      const received = await Promise.all(mails);
      expect(received.flatMap((m) => m.to).sort()).toEqual(['amina@example.ng', 'tunde@example.ng']);
      expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ticket!.qr, { gateId: f.gate('Main'), gateZone: 'GA' }))
        .toEqual({ verdict: 'refused', reason: 'transferred' });
    } finally {
      await context.close();
    }
  });

  it('emails the ticket again in the page’s language and serves the calendar file', async () => {
    const [ticket] = await f.issue([{ holderName: 'Awa Ndiaye', holderEmail: 'awa@example.sn', typeNo: 2 }]);
    const { context, page: p } = await page('fr-SN');
    try {
      await p.goto(`${server.url}/t/${ticket!.linkSecret}`);
      // VIP tickets may not be given away: the button is not there.
      await p.getByTestId('resend').waitFor();
      expect(await p.getByTestId('transfer-open').count()).toBe(0);
      expect(await p.getByTestId('resend').textContent()).toBe('Le renvoyer à a•••@example.sn');
      const mail = smtp.next();
      await p.getByTestId('resend').click();
      await p.getByTestId('resend-done').waitFor();
      const received = await mail;
      expect(received.to).toEqual(['awa@example.sn']);
      expect(parseMime(received.raw).headers.subject).toContain('Votre billet');

      const href = await p.getByTestId('add-calendar').getAttribute('href');
      const ics = await p.evaluate(async (url) => (await fetch(url!)).text(), href);
      expect(ics).toContain('BEGIN:VEVENT');
      expect(ics).toContain('TZID=Africa/Lagos');
      expect(ics).toContain('Ouverture des portes');
    } finally {
      await context.close();
    }
  });
});

import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { cameraJpeg } from '../../src/server/photos/photo-test-images.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { CHROMIUM } from '../e2e/support/browser.ts';
import { startBrowserServer } from './support/browser-server.ts';

/**
 * Photo check on the holder's ticket page in Chromium: a camera-sized photo is picked, saved only
 * once consent is ticked, and deleted again with "Delete my photo"; the server agrees each time.
 */
describe(`ticket page photo in Chromium (${testDatabaseKind})`, () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let f: EventFixture;

  beforeAll(async () => {
    let distDir: string;
    [distDir, t, browser] = await Promise.all([
      ensureWebBuild(), createTestApp(),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
    server = await startBrowserServer(t.app, distDir);
    f = await createEventFixture(t.app.ctx);
    await withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.updateTable('ticket_types').set({ photo_check: true })
      .where('event_id', '=', f.eventId).where('type_no', '=', 1).execute());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const onFile = async (ticketId: string) => withTenant(t.app.ctx.db, f.tenantId, async (trx) =>
    Boolean((await trx.selectFrom('ticket_photos').select('photo_enc').where('ticket_id', '=', ticketId).executeTakeFirst())?.photo_enc));

  it('saves a photo only with consent, and deletes it on request', async () => {
    const [ticket] = await f.issue([{ holderName: 'Achieng Odhiambo', holderEmail: 'achieng@example.ke', typeNo: 1 }]);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    const p = await context.newPage();
    try {
      await p.goto(`${server.url}/t/${ticket!.linkSecret}`);
      await p.getByTestId('ticket-photo').waitFor();
      expect(await p.getByTestId('photo-state').textContent()).toBe('No photo yet.');
      await p.locator('input[name="photo"]').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(2000, 1500) });
      expect(await p.getByTestId('photo-upload').isDisabled()).toBe(true);
      await p.locator('input[name="consent"]').check();
      await p.getByTestId('photo-upload').click();
      await p.getByText('Photo saved.').waitFor({ timeout: 20_000 });
      await expect.poll(() => p.getByTestId('photo-state').textContent()).toBe('Your photo is saved.');
      expect(await onFile(ticket!.id)).toBe(true);
      await p.getByTestId('photo-delete').click();
      await p.getByText('Photo deleted.').waitFor({ timeout: 10_000 });
      expect(await onFile(ticket!.id)).toBe(false);
    } finally {
      await context.close();
    }
  }, 120_000);
});

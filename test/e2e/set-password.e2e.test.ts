import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizer } from '../../src/server/organizers/organizers.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { startBrowserServer } from '../attendee/support/browser-server.ts';
import { ensureWebBuild } from '../support/web-build.ts';

/**
 * The page a one-time setup link opens (/console/set-password#token=…), in Chromium over the built
 * bundle and the real API: a new owner chooses a password, in their language, and can then sign in;
 * the same link a second time is refused in words.
 */
describe(`set-password page in Chromium (${testDatabaseKind})`, () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    let distDir: string;
    [distDir, t, browser] = await Promise.all([
      ensureWebBuild(),
      createTestApp(),
      chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
    server = await startBrowserServer(t.app, distDir);
  }, 120_000);
  afterAll(async () => { await browser?.close(); await server?.close(); await t?.close(); });

  it('sets the owner’s password from the link, hides the secret from the address bar, and refuses a second use', async () => {
    const email = `ada-${randomUUID().slice(0, 8)}@example.test`;
    const created = await createOrganizer(t.app.ctx, { name: 'Lagos Live', ownerEmail: email });
    const link = new URL(created.setupLink!.url);
    const url = `${server.url}${link.pathname}${link.hash}`;
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByText('Choisissez votre mot de passe').waitFor();
    expect(page.url()).not.toContain('token=');
    await page.fill('input[name=password]', 'a long enough password');
    await page.fill('input[name=passwordAgain]', 'a long enough passwort');
    await page.click('button[type=submit]');
    await page.getByText('Les deux mots de passe sont différents.').waitFor();
    await page.fill('input[name=passwordAgain]', 'a long enough password');
    await page.click('button[type=submit]');
    await page.getByText('Votre mot de passe est enregistré. Vous pouvez vous connecter.').waitFor();
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'a long enough password' } });
    expect(login.statusCode).toBe(200);

    const english = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await english.goto(url);
    await english.fill('input[name=password]', 'another long password');
    await english.fill('input[name=passwordAgain]', 'another long password');
    await english.click('button[type=submit]');
    await english.getByText('This link was already used or has expired. Ask for a new one.').waitFor();
    await context.close();
  }, 60_000);
});

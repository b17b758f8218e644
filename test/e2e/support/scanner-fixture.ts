import type { Page } from 'playwright-core';
import { seedDemo, type DemoInfo } from '../../../src/server/demo/demo.service.ts';
import { asSystem } from '../../../src/server/db/database.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { ensureWebBuild } from '../../support/web-build.ts';

/**
 * A running server (real HTTP port: the browser cannot use app.inject) with the built web app, the
 * demo event, a door staff member scoped to the venue, and setup codes for door phones — created
 * through the API, as a manager would.
 */
export interface ScannerFixture {
  t: TestApp;
  baseUrl: string;
  demo: DemoInfo;
  venueId: string;
  door: { email: string; password: string };
  /** The organizer's bearer header, for reading what the console would show. */
  managerAuth: { authorization: string };
  /** A fresh one-time setup code for one more phone. */
  setupCode(): Promise<string>;
  /** The server's view of a ticket: entries counted and scans recorded. */
  serverTicket(serial: number): Promise<{ entryCount: number; presence: string; scans: { verdict: string; offline: boolean }[] }>;
  close(): Promise<void>;
}

export async function startScannerFixture(tickets = 8): Promise<ScannerFixture> {
  await ensureWebBuild();
  const t = await createTestApp();
  try {
    const demo = await seedDemo(t.app.ctx, { tickets });
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: demo.organizer });
    const auth = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
    const venueId = await asSystem(t.app.ctx.db, async (trx) =>
      (await trx.selectFrom('events').select('venue_id').where('id', '=', demo.eventId).executeTakeFirstOrThrow()).venue_id);
    const door = { email: 'amina.door@demo.karibu.africa', password: 'door-staff-pass-2026' };
    const staff = await t.app.inject({
      method: 'POST', url: '/api/v1/staff', headers: auth,
      payload: { ...door, displayName: 'Amina Bello', role: 'staff', scopes: [{ venueId, eventId: null }] },
    });
    if (staff.statusCode !== 201) throw new Error(`creating door staff failed: ${staff.body}`);
    return {
      t, baseUrl, demo, venueId, door, managerAuth: auth,
      async setupCode() {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/venues/${venueId}/device-setup-codes`, headers: auth, payload: {} });
        if (res.statusCode !== 201) throw new Error(`setup code failed: ${res.body}`);
        return res.json<{ setupCode: string }>().setupCode;
      },
      async serverTicket(serial) {
        return asSystem(t.app.ctx.db, async (trx) => {
          const ticket = await trx.selectFrom('tickets').select(['id', 'entry_count', 'presence'])
            .where('event_id', '=', demo.eventId).where('serial', '=', serial).executeTakeFirstOrThrow();
          const scans = await trx.selectFrom('scans').select(['verdict', 'offline']).where('ticket_id', '=', ticket.id).execute();
          return { entryCount: ticket.entry_count, presence: ticket.presence, scans };
        });
      },
      close: () => t.close(),
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** Pairs the phone, signs the door staff in and starts scanning at the Main gate, entry. */
export async function setUpDoorPhone(page: Page, fx: ScannerFixture, phoneName: string, opts: { afterPairing?: () => Promise<void> } = {}): Promise<void> {
  await page.goto('/scan');
  await page.fill('input[name=setupCode]', await fx.setupCode());
  await page.fill('input[name=deviceName]', phoneName);
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=email]');
  // The device exists now: what a manager sets for it here holds from its first manifest.
  await opts.afterPairing?.();
  await page.fill('input[name=email]', fx.door.email);
  await page.fill('input[name=password]', fx.door.password);
  await page.click('button[type=submit]');
  await page.locator('.choice__option', { hasText: 'Main' }).click();
  await page.locator('.choice__option', { hasText: fx.demo.eventName }).click();
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=camera]');
}

/** Waits until the phone holds the event's manifest (the status bar counts the expected guests). */
export async function waitForManifest(page: Page): Promise<void> {
  // A locator, not waitForFunction: the app's CSP forbids the eval that string predicates need.
  await page.locator('[data-testid=counts]').filter({ hasText: /\/\s*[1-9]/ }).waitFor({ timeout: 15_000 });
}

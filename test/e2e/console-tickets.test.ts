// A manager works an event's tickets in the console, in Chromium against a real server: finds a
// ticket by its holder's email, opens it (QR, PIN, and the scan history of two door scans made
// through the API — one admitted, one refused already_inside), cancels it after the confirmation
// and sees the status change; issues a ticket through the form; imports a CSV file with one bad
// row and reads that row's problem; opens registration and finds the public link. axe-core on
// each page (0 serious or critical), a 360 px phone without sideways scrolling.
// KARIBU_SCREENSHOTS=1 rewrites docs/screens/console-tickets-*.png.
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth } from '../sync/sync-helpers.ts';
import { overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => { if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-tickets-${name}.png`), fullPage: true }); };
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
const notice = (page: Page, scope: string, kind: 'ok' | 'error') => page.locator(`${scope} [data-testid=notice][data-kind=${kind}]`).first();

describe('console tickets and registration (Chromium)', () => {
  let fx: ConsoleFixture;
  let ticket: IssuedTicket;
  let manager: { email: string; password: string };
  const scans: string[] = [];
  const eventPath = () => `/console/events/${fx.w.f.eventId}`;

  beforeAll(async () => {
    fx = await startConsoleFixture();
    manager = fx.w.f.users.manager;
    [ticket] = await fx.w.f.issue([{ typeNo: 1, holderName: 'Ngozi Eze', holderEmail: 'ngozi.eze@example.ng', holderPhone: '+2348035550101', orderRef: 'BOX-12' }]) as [IssuedTicket];
    // Two door phones: the second read comes from another device, so it is judged on the
    // ticket's state (already inside) rather than as the first phone's camera double-read.
    for (const [i, expected] of [[0, 'admitted'], [1, 'already_inside']] as const) {
      const phone = await fx.w.phone();
      const scanId = randomUUID();
      const res = await fx.t.app.inject({
        method: 'POST', url: `/api/v1/events/${fx.w.f.eventId}/scans`, headers: auth(phone),
        payload: { scanId, qr: ticket.qr, gateId: fx.w.f.gate('Main'), direction: 'in' },
      });
      expect(res.json().reason, `scan ${i}`).toBe(expected);
      scans.push(scanId);
    }
  }, 240_000);
  afterAll(async () => { await fx?.close(); });

  it('finds a ticket by email, shows its QR, PIN and scan history, and cancels it', async () => {
    const { context, page } = await fx.open('desktop');
    page.on('dialog', (d) => void d.accept());
    await signIn(page, manager);
    await page.goto(`${eventPath()}`);
    await page.click('[data-testid=open-tickets]');
    await page.waitForSelector('[data-testid=ticket-results]');
    expect(await page.textContent('[data-testid=venue-zone]')).toContain('Africa/Lagos');
    await page.fill('input[name=q]', 'NGOZI.EZE@example.ng');
    await page.click('[data-testid=search-tickets]');
    await expect.poll(() => page.locator('[data-testid=ticket-row]').count()).toBe(1);
    const row = page.locator('[data-testid=ticket-row]');
    expect(await row.getAttribute('data-ticket-id')).toBe(ticket.id);
    expect(await row.textContent()).toContain('ngozi.eze@example.ng');
    await expectAccessible(page);
    await shot(page, 'list-desktop');

    await row.locator('a').click();
    await page.waitForSelector('[data-testid=ticket-page] [data-testid=scan-entry]');
    expect(new URL(page.url()).pathname).toBe(`${eventPath()}/tickets/${ticket.id}`);
    expect(await page.isVisible('[data-testid=ticket-qr]')).toBe(true);
    expect(await page.textContent('[data-testid=ticket-pin]')).toBe(ticket.pin);
    expect(await page.textContent('[data-testid=ticket-code]')).toBe(ticket.code);
    expect(await page.getAttribute('[data-testid=ticket-pdf]', 'href')).toMatch(/^\/api\/v1\/attendee\/t\/[^/]+\/pdf$/);
    // Newest first: the refused second scan, then the admission.
    const entries = page.locator('[data-testid=scan-entry]');
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(0).getAttribute('data-scan-id')).toBe(scans[1]);
    expect(await entries.nth(0).locator('[data-testid=scan-answer]').textContent()).toBe('Refused — already inside');
    expect(await entries.nth(1).locator('[data-testid=scan-answer]').textContent()).toBe('Admitted — welcome in');
    expect(await entries.nth(1).textContent()).toContain('Main (General)');
    await expectAccessible(page);
    await shot(page, 'ticket-desktop');

    const pdf = await fx.t.app.inject({ method: 'GET', url: (await page.getAttribute('[data-testid=ticket-pdf]', 'href'))! });
    expect(pdf.headers['content-type']).toContain('application/pdf');

    await page.click('[data-testid=cancel-ticket]');
    await page.waitForSelector('[data-testid=ticket-page] [data-testid=ticket-status][data-status=cancelled]');
    expect(await notice(page, '[data-testid=ticket-page]', 'ok').textContent()).toBe('The ticket of Ngozi Eze is cancelled.');
    const after = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/tickets/${ticket.id}`, headers: auth(fx.w.manager) });
    expect(after.json().status).toBe('cancelled');
    // The ticket's own history names who cancelled it.
    const cancelled = page.locator('[data-testid=life-entry][data-action=cancelled]');
    await cancelled.waitFor();
    expect(await cancelled.getAttribute('data-actor')).toBe('staff');
    expect(await cancelled.textContent()).toMatch(/Cancelled.*by \S/);
    await context.close();
  }, 120_000);

  it('issues a ticket through the form and imports a CSV with one bad row', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, manager);
    await page.goto(`${eventPath()}/tickets`);
    await page.click('[data-testid=nav-issue]');
    await page.waitForSelector('[data-testid=issue-form]');
    await page.selectOption('select[name=issueType]', { label: 'VIP' });
    await page.fill('input[name=issueName]', 'Emeka Obi');
    await page.fill('input[name=issueEmail]', 'emeka@example.ng');
    await page.fill('input[name=issuePhone]', '0803 555 0202');
    await expectAccessible(page);
    await shot(page, 'issue-desktop');
    await page.click('[data-testid=issue-submit]');
    await page.waitForSelector('[data-testid=issued-ticket]');
    expect(await notice(page, '[data-testid=issue-form]', 'ok').textContent()).toMatch(/^Ticket issued for Emeka Obi: code [A-Z0-9]{4}-[A-Z0-9]{4}\.$/);
    const found = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/tickets/search?q=emeka`, headers: auth(fx.w.manager) });
    expect(found.json().items).toEqual([expect.objectContaining({ type: { no: 2, name: 'VIP' }, holder: { name: 'Emeka Obi', email: 'emeka@example.ng', phone: '+2348035550202' } })]);

    await page.click('[data-testid=nav-import]');
    await page.waitForSelector('[data-testid=import-form]');
    const csv = 'name,email,type\nTunde Bako,tunde@example.ng,1\nBad Address,not-an-email,1\nAmina Yusuf,amina@example.ng,2\n';
    await page.setInputFiles('input[name=importFile]', { name: 'guests.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-submit]');
    await page.waitForSelector('[data-testid=import-report]');
    expect(await page.textContent('[data-testid=report-rows]')).toBe('3');
    expect(await page.textContent('[data-testid=report-imported]')).toBe('2');
    const problem = page.locator('[data-testid=import-problem]');
    expect(await problem.count()).toBe(1);
    expect(await problem.getAttribute('data-line')).toBe('3');
    expect(await problem.textContent()).toBe('Line 3: the email address is not valid.');
    await expectAccessible(page);
    await shot(page, 'import-desktop');
    await context.close();
  }, 120_000);

  it('shows registration with its public link, and saves it open', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, manager);
    await page.goto(eventPath());
    await page.click('[data-testid=open-registration]');
    await page.waitForSelector('[data-testid=registration-form]');
    const slug = (await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}`, headers: auth(fx.w.manager) })).json().slug;
    expect(await page.textContent('[data-testid=registration-url]')).toMatch(new RegExp(`/e/${slug}/register$`));
    expect(await page.isVisible('[data-testid=registration-qr]')).toBe(true);
    expect(await page.textContent('#registration-zone-hint')).toContain('Africa/Lagos');
    await page.check('input[name=registrationEnabled]');
    await page.fill('input[name=registrationCloses]', `${new Date().getUTCFullYear() + 1}-01-10T18:00`);
    await page.click('[data-testid=registration-save]');
    await expect.poll(() => notice(page, '[data-testid=registration-form]', 'ok').textContent()).toBe('Saved: registration is on.');
    await page.waitForSelector('[data-testid=registration-enabled]:text("Registration on")');
    const settings = (await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/registration`, headers: auth(fx.w.manager) })).json();
    // 18:00 in Lagos (UTC+1 all year) is 17:00 UTC.
    expect(settings).toMatchObject({ enabled: true, closesAt: `${new Date().getUTCFullYear() + 1}-01-10T17:00:00.000Z` });
    await expectAccessible(page);
    await shot(page, 'registration-desktop');
    await context.close();
  }, 120_000);

  it('fits a 360 px phone: the list, a ticket and registration', async () => {
    const { context, page } = await fx.open('phone');
    await signIn(page, manager);
    for (const [path, ready, name] of [
      [`${eventPath()}/tickets`, '[data-testid=ticket-results]', 'list-phone'],
      [`${eventPath()}/tickets/${ticket.id}`, '[data-testid=scan-history]', 'ticket-phone'],
      [`${eventPath()}/tickets/import`, '[data-testid=import-form]', 'import-phone'],
      [`${eventPath()}/registration`, '[data-testid=registration-form]', 'registration-phone'],
    ] as const) {
      await page.goto(path);
      await page.waitForSelector(ready);
      expect(await overflowsSideways(page), path).toBe(false);
      await expectAccessible(page);
      await shot(page, name);
    }
    await context.close();
  }, 120_000);
});

// The live overview in a real browser (Debian's Chromium) against a real server: a manager opens
// an event that is on now from the events list, a door phone scans a guest through the API and
// the page shows them inside within seconds without a reload; then the stream is cut (the open
// connection closed, reconnections refused) and the page says its figures are stale until it is
// back. Times are the venue's (Lagos) while the laptop is in New York. axe-core (0 serious or
// critical) on a desktop and a 360 px phone; KARIBU_SCREENSHOTS=1 rewrites
// docs/screens/console-live-*.png.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth, batchBody, syncWorld, upload, type Phone, type SyncWorld } from '../sync/sync-helpers.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { pdfToText } from '../pdf/pdf-raster.ts';
import { PHONE } from './support/browser.ts';
import { DESKTOP, overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string, fullPage = true) => {
  if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-live-${name}.png`), fullPage });
};
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
const lagos = (ms: number, seconds = false) => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Lagos', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(seconds ? { second: '2-digit' } : {}),
}).format(ms);
/** Waits until the big "inside now" number reads `n` (no reload: the stream must bring it). */
const insideNow = (page: Page, n: string, { timeout }: { timeout: number }) =>
  expect.poll(() => page.textContent('[data-testid=inside-now]'), { timeout, interval: 100 }).toBe(n);
const text = async (page: Page, testId: string) => (await page.textContent(`[data-testid=${testId}]`))?.trim();

describe('console live overview (Chromium)', () => {
  let fx: ConsoleFixture;
  let w: SyncWorld;
  let door: Phone;
  /** A second phone at the same doors: a guest shown to it is judged afresh, not as a double read. */
  let otherDoor: Phone;
  let tickets: IssuedTicket[];
  let context: BrowserContext;
  let page: Page;

  const scan = async (ticket: IssuedTicket, gate: 'Main' | 'VIP' = 'Main', phone = door) => {
    const res = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId: randomUUID(), qr: ticket.qr, gateId: w.f.gate(gate), direction: 'in' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { verdict: string };
  };

  beforeAll(async () => {
    fx = await startConsoleFixture();
    // An organizer of its own, with an event that started 30 minutes ago and nobody in yet.
    w = await syncWorld(fx.t.app);
    door = await w.phone();
    otherDoor = await w.phone();
    tickets = await w.f.issue([{ holderName: 'Amina Okafor' }, ...Array.from({ length: 11 }, () => ({})), { typeNo: 2 }, { typeNo: 2 }]);
  }, 240_000);
  afterAll(async () => { await context?.close().catch(() => undefined); await fx?.close(); });

  it('shows a scan at the door within seconds, without a reload', async () => {
    // The door phone holds its copy of the event and reports where it stands.
    const manifest = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/manifest`, headers: auth(door) });
    const reported = await fx.t.app.inject({
      method: 'POST', url: '/api/v1/devices/me/report', headers: auth(door),
      payload: { appVersion: '0.1.0+1a2b3c4d', pendingScans: 0, manifest: { eventId: w.f.eventId, position: manifest.json<{ position: number }>().position } },
    });
    expect(reported.statusCode).toBe(204);
    context = await fx.browser.newContext({ baseURL: fx.baseUrl, locale: 'en-GB', viewport: DESKTOP, timezoneId: 'America/New_York' });
    page = await context.newPage();
    await signIn(page, w.f.users.manager);
    // The list offers the overview of the event that is on now.
    await page.locator(`[data-testid=event-row][data-event-id="${w.f.eventId}"] [data-testid=event-live]`).click();
    await page.waitForSelector('[data-testid=live-overview][data-status=live]');
    expect(new URL(page.url()).pathname).toBe(`/console/events/${w.f.eventId}/live`);
    expect(await text(page, 'inside-now')).toBe('0');
    expect(await text(page, 'checked-in')).toBe('0');
    expect(await page.locator('[data-testid=live-device-manifest]').allTextContents()).toEqual(['offline copy up to date']);
    expect(await page.textContent('[data-testid=live-overview] .section__intro')).toContain('Africa/Lagos');
    expect(await page.textContent('[data-testid=capacity-words]')).toContain('Room to spare');

    const scannedAt = Date.now();
    expect((await scan(tickets[0]!)).verdict).toBe('admitted');
    await insideNow(page, '1', { timeout: 3_000 });
    const seenAfter = Date.now() - scannedAt;
    expect(seenAfter).toBeLessThan(3_000);
    expect(await text(page, 'checked-in')).toBe('1');
    // The admission changed a ticket the phone's copy does not have yet. The phones' list is read
    // again at most every 5 s (the figures themselves come at once, above).
    await expect.poll(() => page.locator('[data-testid=live-device-manifest]').allTextContents(), { timeout: 8_000 })
      .toEqual(['1 ticket changed since its copy']);
    const item = page.locator('[data-testid=feed-item]').first();
    expect(await item.textContent()).toMatch(/Admitted — welcome in.*Amina Okafor.*Gate Main.*counted/s);
    // The feed is on the venue's clock, not New York's.
    const shown = (await item.locator('.feed__time').textContent())!;
    expect([-1, 0, 1, 2].map((s) => lagos(scannedAt + s * 1000, true))).toContain(shown);
    await expectAccessible(page);
  }, 90_000);

  it('says the figures are stale when the stream is lost, and recovers on its own', async () => {
    // Every new stream request fails, then the open one is cut: the page must notice both.
    await page.route('**/dashboard/stream', (route) => route.abort());
    fx.t.app.server.closeAllConnections();
    const banner = page.locator('[data-testid=stale-banner]');
    await banner.waitFor({ timeout: 5_000 });
    const words = (await banner.textContent())!;
    expect(words).toMatch(/Live updates lost — showing figures from \d\d:\d\d; reconnecting…/);
    expect([lagos(Date.now() - 60_000), lagos(Date.now())].some((hhmm) => words.includes(hhmm))).toBe(true);
    // The last figures stay on screen meanwhile.
    expect(await text(page, 'inside-now')).toBe('1');
    await expectAccessible(page);
    await shot(page, 'stale-desktop', false);

    // A change made while the page is cut off arrives once it is back (Last-Event-ID or not).
    await scan(tickets[1]!);
    await page.unroute('**/dashboard/stream');
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await insideNow(page, '2', { timeout: 5_000 });
    expect(await page.getAttribute('[data-testid=live-overview]', 'data-status')).toBe('live');
  }, 60_000);

  it('reads well at the door: a busier evening on a desktop, a 360 px phone and in French', async () => {
    // Half an hour of arrivals from the offline phones, an exit, a VIP guest and a refusal.
    const now = Date.now();
    const offline = tickets.slice(2, 12).map((tk, i) => ({ qr: tk.qr, gateId: w.f.gate('Main'), at: now - (24 - i * 2) * 60_000 }));
    const res = await upload(fx.t.app, door, w.f.eventId, batchBody(door, [...offline, { qr: tickets[2]!.qr, gateId: w.f.gate('Main'), direction: 'out', at: now - 60_000 }]));
    expect(res.statusCode, res.body).toBe(200);
    await scan(tickets[12]!, 'VIP');
    expect((await scan(tickets[0]!, 'Main', otherDoor)).verdict).toBe('refused');
    await insideNow(page, '12', { timeout: 5_000 });
    expect(await page.locator('[data-testid=feed-item][data-verdict=refused][data-counted=false]').count()).toBe(1);
    expect(await page.textContent('[data-testid=chart-summary]')).toMatch(/Last 15 minutes, up to \d\d:\d\d: \d+ in, 1 out\./);
    expect(await page.locator('[data-testid=arrival-chart] canvas').count()).toBe(1);
    // The newest ten scans, the rest on demand.
    expect(await page.locator('[data-testid=feed-item]').count()).toBe(10);
    await page.click('[data-testid=feed-all]');
    expect(await page.locator('[data-testid=feed-item]').count()).toBe(15);
    await page.click('[data-testid=feed-all]');
    await expectAccessible(page);
    await shot(page, 'desktop');

    await page.click('[data-testid=big-type]');
    expect(await page.getAttribute('[data-testid=big-type]', 'aria-pressed')).toBe('true');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'projector');
    await page.click('[data-testid=big-type]');
    await context.close();

    // The manager at the door, on a phone.
    context = await fx.browser.newContext({
      baseURL: fx.baseUrl, locale: 'en-GB', viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Europe/Paris',
    });
    page = await context.newPage();
    await signIn(page, w.f.users.manager);
    await page.goto(`/console/events/${w.f.eventId}`);
    await page.click('[data-testid=open-live]');
    await page.waitForSelector('[data-testid=live-overview][data-status=live]');
    expect(await text(page, 'inside-now')).toBe('12');
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page);
    // What the phone shows without scrolling: the numbers a door manager looks up for.
    await shot(page, 'phone', false);

    await page.selectOption('[data-testid=language]', 'fr');
    await page.waitForSelector('.tile__label:has-text("Présents")');
    expect(await page.textContent('[data-testid=live-feed] h2')).toBe('Derniers scans');
    expect(await overflowsSideways(page)).toBe(false);
    await page.selectOption('[data-testid=language]', 'en');
  }, 120_000);

  it('hands the manager the exports from the event page: CSV with every guest, the summary in the console language', async () => {
    await context.close();
    context = await fx.browser.newContext({ baseURL: fx.baseUrl, locale: 'en-GB', viewport: DESKTOP, acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, w.f.users.manager);
    await page.goto(`/console/events/${w.f.eventId}`);
    await page.waitForSelector('[data-testid=exports]');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-attendance]')]);
    expect(csv.suggestedFilename()).toMatch(/-attendance\.csv$/);
    const body = await readFile((await csv.path())!, 'utf8');
    // A BOM first, so Excel reads the names in UTF-8; one row per ticket after the header.
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain('Amina Okafor');
    expect(body.trim().split(/\r?\n/).length).toBe(1 + tickets.length);
    await page.selectOption('[data-testid=language]', 'fr');
    // "Exports" is French too: wait for a line only the French catalog has.
    await page.waitForSelector('[data-testid=exports] >> text=Les fichiers pour après');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-summary]')]);
    const bytes = await readFile((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfToText(bytes)).toContain('Attendus');
    await page.selectOption('[data-testid=language]', 'en');
  }, 60_000);

  it('shows each session’s room live: who is inside against its capacity', async () => {
    const sessionId = randomUUID();
    await withTenant(fx.t.app.ctx.db, w.f.tenantId, async (trx) => {
      const event = await trx.selectFrom('events').select('venue_id').where('id', '=', w.f.eventId).executeTakeFirstOrThrow();
      const zone = await trx.selectFrom('zones').select('id').where('venue_id', '=', event.venue_id).where('code', '=', 'GA').executeTakeFirstOrThrow();
      await trx.insertInto('event_sessions').values({
        id: sessionId, tenant_id: w.f.tenantId, event_id: w.f.eventId, name: 'Fintech keynote', zone_id: zone.id,
        starts_at: new Date(Date.now() - 10 * 60_000), ends_at: new Date(Date.now() + 50 * 60_000), capacity: 40, admits_ticket_type_ids: null,
      }).execute();
    });
    await page.goto(`/console/events/${w.f.eventId}/live`);
    await page.selectOption('[data-testid=language]', 'en');
    await page.waitForSelector('[data-testid=live-session]');
    const row = page.locator(`[data-testid=live-session][data-session-id="${sessionId}"]`);
    expect(await row.locator('th').textContent()).toBe('Fintech keynote');
    const res = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(door),
      payload: { scanId: randomUUID(), qr: tickets[3]!.qr, sessionId, direction: 'in' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().verdict).toBe('admitted');
    await expect.poll(() => row.locator('[data-testid=live-session-inside]').textContent(), { timeout: 5_000 }).toMatch(/^1 of 40/);
  }, 60_000);
});


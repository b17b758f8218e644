// A first-time organizer makes an event in the console, in a real browser (Debian's Chromium)
// against a real server: a new venue in Africa/Lagos with a two-level zone tree and two gates, the
// event's times typed in Lagos time from a laptop set to New York, an entry-rule template, two
// ticket types, publish — then the API is asked whether all of it exists as entered, and the list
// shows it under "upcoming" in venue time. axe-core on the list and each step (0 serious or
// critical), a 360 px phone with no sideways scrolling. KARIBU_SCREENSHOTS=1 rewrites
// docs/screens/console-events-*.png.
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTenant } from '../../src/server/provisioning/provisioning.service.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { CHROMIUM, PHONE } from './support/browser.ts';
import { DESKTOP, overflowsSideways, seriousViolations, signIn } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => { if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-events-${name}.png`), fullPage: true }); };
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
const atStep = (page: Page, step: string) => page.waitForSelector(`[data-testid=new-event-flow][data-step=${step}] [data-testid=step-title]`);
const next = (page: Page) => page.click('[data-testid=flow-next]');
/** The event is next December, so it is upcoming whenever the test runs. */
const YEAR = new Date().getUTCFullYear() + 1;

describe('console events (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const owner = { email: `first-${randomUUID().slice(0, 8)}@example.test`, password: 'a-first-organizer-password' };
  let token: string;
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    await ensureWebBuild();
    t = await createTestApp();
    // A brand-new organizer: one owner, no venue, no event.
    const { id: tenantId } = await createTenant(t.app.ctx.db, { name: 'First Org', slug: `first-${randomUUID().slice(0, 8)}` });
    await createStaff(t.app.ctx.db, tenantId, { email: owner.email, displayName: 'Ada Organizer', password: owner.password, role: 'owner' });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: owner });
    token = login.json().accessToken;
  }, 240_000);
  afterAll(async () => { await browser?.close().catch(() => undefined); await t?.close(); });

  it('walks a first event from nothing to published, and the API holds what was entered', async () => {
    // The laptop is in New York; the venue is in Lagos: times must follow the venue.
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', viewport: DESKTOP, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, owner);
    await page.waitForSelector('[data-section=events] [data-testid=events-empty]');
    expect(new URL(page.url()).pathname).toBe('/console/events');
    await expectAccessible(page);
    await shot(page, 'empty-desktop');

    await page.click('[data-testid=new-event]');
    await atStep(page, 'venue');
    expect(await page.textContent('[data-testid=step-announcer]')).toBe('Step 1 of 5: Venue');
    await page.fill('input[name=venueName]', 'Eko Hall');
    await page.selectOption('select[name=venueTimezone]', 'Africa/Lagos');
    await page.fill('textarea[name=venueAddress]', '1 Ozumba Mbadiwe Ave, Victoria Island');
    await expectAccessible(page);
    await shot(page, 'venue-desktop');
    await next(page);

    await atStep(page, 'zones');
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('step-title');
    const addZone = async (name: string, inside?: string) => {
      if (inside) await page.locator('[data-testid=zone-row]', { hasText: inside }).locator('button', { hasText: 'Add zone inside' }).click();
      await page.fill('input[name=zoneName]', name);
      await page.click('[data-testid=add-zone]');
      await page.locator('[data-testid=zone-row]', { hasText: name }).waitFor();
    };
    await addZone('Main hall');
    await addZone('VIP lounge', 'Main hall');
    await addZone('Terrace');
    // Removing asks first (the dialog is accepted), then the zone is gone.
    await page.locator('[data-testid=zone-row]', { hasText: 'Terrace' }).locator('button', { hasText: 'Remove' }).click();
    await expect.poll(() => page.locator('[data-testid=zone-row]').count()).toBe(2);
    // Next with no gate says what is missing.
    await next(page);
    await expect.poll(() => page.locator('[data-testid=notice][data-kind=error]').last().textContent()).toMatch(/at least one gate/);
    for (const [gate, zone] of [['North entrance', 'Main hall'], ['VIP door', 'Main hall › VIP lounge']] as const) {
      await page.fill('input[name=gateName]', gate);
      await page.selectOption('select[name=gateZone]', { label: zone });
      await page.click('[data-testid=add-gate]');
      await page.locator('[data-testid=gate-row]', { hasText: gate }).waitFor();
    }
    await expectAccessible(page);
    await shot(page, 'zones-desktop');
    await next(page);

    await atStep(page, 'event');
    expect(await page.textContent('[data-testid=event-zone]')).toContain('Africa/Lagos (GMT+1)');
    await page.fill('input[name=event_name]', 'Lagos Jazz Night');
    await page.fill('input[name=event_starts]', `${YEAR}-12-05T19:00`);
    await page.fill('input[name=event_ends]', `${YEAR}-12-05T23:30`);
    await page.fill('input[name=event_capacity]', '800');
    await page.click('text=One entry per ticket');
    await expectAccessible(page);
    await shot(page, 'event-desktop');
    // Back and forth keeps what was typed.
    await page.click('[data-testid=flow-back]');
    await atStep(page, 'zones');
    await next(page);
    await atStep(page, 'event');
    expect(await page.inputValue('input[name=event_starts]')).toBe(`${YEAR}-12-05T19:00`);
    expect(await page.isChecked('input[value=conference-single-entry]')).toBe(true);
    await next(page);

    await atStep(page, 'tickets');
    const addType = async (name: string, quantity: string, zones: string[], printed: boolean) => {
      await page.fill('input[name=typeName]', name);
      await page.fill('input[name=typeQuantity]', quantity);
      for (const box of await page.locator('input[name=typeZone]').all()) {
        await box.setChecked(zones.includes((await box.getAttribute('value'))!));
      }
      await page.locator('input[name=typePrinted]').setChecked(printed);
      await page.click('[data-testid=add-ticket-type]');
      await page.locator('[data-testid=ticket-type-row]', { hasText: name }).waitFor();
    };
    await addType('General', '600', ['MAIN_HALL'], true);
    await addType('VIP', '200', ['VIP_LOUNGE'], false);
    await expectAccessible(page);
    await shot(page, 'tickets-desktop');
    await next(page);

    await atStep(page, 'review');
    expect(await page.textContent('[data-testid=review-times]')).toMatch(new RegExp(`5 Dec ${YEAR}, 19:00\\s*–\\s*23:30`));
    await expectAccessible(page);
    await shot(page, 'review-desktop');
    await next(page);

    await page.waitForSelector('[data-testid=event-detail] [data-testid=published-notice]');
    expect(await page.textContent('[data-testid=event-status]')).toBe('Published');
    expect(await page.textContent('[data-testid=detail-times]')).toMatch(new RegExp(`5 Dec ${YEAR}, 19:00\\s*–\\s*23:30`));
    expect(await page.getAttribute('[data-testid=add-door-phone]', 'href')).toBe('/console/devices');
    await expectAccessible(page);
    await shot(page, 'detail-desktop');
    const eventId = (await page.getAttribute('[data-testid=event-detail]', 'data-event-id'))!;

    // What the server holds is what was entered.
    const [venue] = (await get('/api/v1/venues')).items;
    expect(venue).toMatchObject({ name: 'Eko Hall', timezone: 'Africa/Lagos', address: '1 Ozumba Mbadiwe Ave, Victoria Island' });
    const zones = (await get(`/api/v1/venues/${venue.id}/zones`)).items as { id: string; code: string; name: string; parentId: string | null }[];
    const hall = zones.find((z) => z.name === 'Main hall')!;
    expect(zones.map((z) => [z.code, z.name, z.parentId]).sort()).toEqual([['MAIN_HALL', 'Main hall', null], ['VIP_LOUNGE', 'VIP lounge', hall.id]]);
    const gates = (await get(`/api/v1/venues/${venue.id}/gates`)).items as { name: string; zone: string }[];
    expect(gates.map((g) => [g.name, g.zone]).sort()).toEqual([['North entrance', 'MAIN_HALL'], ['VIP door', 'VIP_LOUNGE']]);
    const event = await get(`/api/v1/events/${eventId}`);
    // 19:00 in Lagos (UTC+1, no daylight saving) is 18:00 UTC, whatever the laptop's zone.
    expect(event).toMatchObject({
      name: 'Lagos Jazz Night', venueId: venue.id, status: 'published', capacity: 800, policyTemplate: 'conference-single-entry',
      startsAt: `${YEAR}-12-05T18:00:00.000Z`, endsAt: `${YEAR}-12-05T22:30:00.000Z`,
    });
    const policy = await get(`/api/v1/events/${eventId}/policy`);
    expect(policy).toMatchObject({ template: 'conference-single-entry', rules: { maxEntries: 1 } });
    const types = (await get(`/api/v1/events/${eventId}/ticket-types`)).items as { name: string; zones: string[]; capacity: number; allowStatic: boolean }[];
    expect(types.map((x) => [x.name, x.zones, x.capacity, x.allowStatic]).sort()).toEqual([
      ['General', ['MAIN_HALL'], 600, true], ['VIP', ['VIP_LOUNGE'], 200, false],
    ]);

    await page.click('text=← All events');
    const row = page.locator('[data-testid=group-upcoming] [data-testid=event-row]', { hasText: 'Lagos Jazz Night' });
    await row.waitFor();
    expect(await row.locator('[data-testid=event-times]').textContent()).toMatch(new RegExp(`5 Dec ${YEAR}, 19:00\\s*–\\s*23:30 · Africa/Lagos \\(GMT\\+1\\)`));
    await expectAccessible(page);
    await shot(page, 'list-desktop');
    await context.close();
  }, 180_000);

  it('fits a 360 px phone through the flow; a flow left half-way waits under Drafts', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, owner);
    await page.waitForSelector('[data-section=events] [data-testid=group-upcoming]');
    expect(await overflowsSideways(page)).toBe(false);
    await shot(page, 'list-phone');
    await page.click('[data-testid=new-event]');
    await atStep(page, 'venue');
    // The venue made before is offered; take it.
    await page.check('input[name=venueMode][value=existing]');
    expect(await overflowsSideways(page)).toBe(false);
    await next(page);
    await atStep(page, 'zones');
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page);
    await shot(page, 'zones-phone');
    await next(page);
    await atStep(page, 'event');
    await page.fill('input[name=event_name]', 'Sunday Brunch');
    await page.fill('input[name=event_starts]', `${YEAR}-12-06T11:00`);
    await page.fill('input[name=event_ends]', `${YEAR}-12-06T10:00`);
    await next(page);
    await expect.poll(() => page.locator('[data-testid=notice][data-kind=error]').textContent()).toBe('The end must be after the start.');
    await page.fill('input[name=event_ends]', `${YEAR}-12-06T15:00`);
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page);
    await shot(page, 'event-phone');
    await next(page);
    await atStep(page, 'tickets');
    expect(await overflowsSideways(page)).toBe(false);
    await page.click('[data-testid=menu]');
    await page.click('[data-testid=nav-events]');
    const draft = page.locator('[data-testid=group-drafts] [data-testid=event-row]', { hasText: 'Sunday Brunch' });
    await draft.waitFor();
    expect(await draft.textContent()).toMatch(/Draft/);
    await context.close();
  }, 120_000);
});

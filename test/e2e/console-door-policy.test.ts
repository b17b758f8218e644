// A manager edits an event's door rules in the console, in Chromium against a real server: the
// page shows the current template's preview (sentences, and one ticket's evening judged by core's
// decide()), re-entry with a 10-minute wait changes the preview as it is typed, saving stores the
// rules (asked back through the API), and a door scan then obeys them: back in 5 minutes after
// leaving is refused with cooldown. axe-core (0 serious or critical), a 360 px phone without
// sideways scrolling. KARIBU_SCREENSHOTS=1 rewrites docs/screens/console-door-policy-*.png.
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '../sync/sync-helpers.ts';
import { overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => { if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-door-policy-${name}.png`), fullPage: true }); };
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
const sentences = (page: Page) => page.locator('[data-testid=preview-sentences] li').allTextContents();
const reasons = (page: Page) => page.locator('[data-testid=sim-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reason')));

describe('console door policy (Chromium)', () => {
  let fx: ConsoleFixture;
  let manager: { email: string; password: string };
  const policyPath = () => `/console/events/${fx.w.f.eventId}/door-policy`;

  beforeAll(async () => {
    fx = await startConsoleFixture();
    manager = fx.w.f.users.manager;
  }, 240_000);
  afterAll(async () => { await fx?.close(); });

  it('shows the preview, changes it to re-entry with a 10-minute wait, saves, and the door obeys', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, manager);
    await page.goto(`/console/events/${fx.w.f.eventId}`);
    await page.click('[data-testid=open-door-policy]');
    await page.waitForSelector('[data-testid=preview-sentences] li');
    expect(new URL(page.url()).pathname).toBe(policyPath());
    expect(await page.textContent('[data-testid=venue-zone]')).toContain('Africa/Lagos');
    // The fixture event follows "re-entry after exit".
    expect(await page.isChecked('input[name=template][value=reentry-after-exit]')).toBe(true);
    expect(await sentences(page)).toContain('Guests may leave and come back; they are scanned out on the way out.');
    expect((await sentences(page)).join(' ')).toMatch(/from 30 minutes before doors open \(.+ venue time\) until the end/);
    expect(await reasons(page)).toEqual(['admitted', 'duplicate_scan', 'already_inside', 'exited', 'admitted']);
    expect(await page.getAttribute('[data-testid=preview-live]', 'aria-live')).toBe('polite');
    await expectAccessible(page);

    // Single entry first, then back to re-entry with a wait: the preview follows each change.
    await page.click('text=One entry per ticket');
    await expect.poll(() => sentences(page)).toContain('A ticket gets in once. Any later entry is refused, even after an exit scan.');
    expect((await reasons(page)).at(-1)).toBe('max_entries');
    await page.click('text=Re-entry allowed after exit');
    await page.fill('input[name=cooldownMinutes]', '10');
    await expect.poll(() => sentences(page)).toContain('Guests may leave and come back; on the way back they must wait 10 minutes.');
    expect(await reasons(page)).toEqual(['admitted', 'duplicate_scan', 'already_inside', 'exited', 'cooldown', 'admitted']);
    expect(await page.textContent('[data-testid=template-note]')).toBe('Based on “Re-entry allowed after exit”, with your changes below.');
    // A value the server would refuse is named at its field, and the preview waits.
    await page.fill('input[name=duplicateWindowSeconds]', '4000');
    expect(await page.getAttribute('input[name=duplicateWindowSeconds]', 'aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid=preview-sentences]').count()).toBe(0);
    await page.fill('input[name=duplicateWindowSeconds]', '5');
    await page.waitForSelector('[data-testid=preview-sentences] li');
    await expectAccessible(page);
    await shot(page, 'desktop');

    await page.click('[data-testid=save-policy]');
    await expect.poll(() => page.locator('[data-testid=door-policy-form] [data-testid=notice][data-kind=ok]').textContent())
      .toBe('Door rules saved. Door phones use them after their next sync.');
    await context.close();

    // What the server holds is what was entered.
    const res = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/policy`, headers: auth(fx.w.manager) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      template: 'reentry-after-exit',
      rules: { maxEntries: null, reentryRequiresExit: true, cooldownSeconds: 600, exitScans: true, duplicateWindowSeconds: 5, earlyGraceSeconds: 1800 },
    });

    // And the door obeys it: in, out, straight back in is refused with cooldown.
    const [ticket] = await fx.w.f.issue([{ typeNo: 1 }]);
    const phone = await fx.w.phone();
    const verdicts: string[] = [];
    for (const direction of ['in', 'out', 'in'] as const) {
      const scan = await fx.t.app.inject({
        method: 'POST', url: `/api/v1/events/${fx.w.f.eventId}/scans`, headers: auth(phone),
        payload: { scanId: randomUUID(), qr: ticket!.qr, gateId: fx.w.f.gate('Main'), direction },
      });
      verdicts.push(scan.json().reason);
    }
    expect(verdicts).toEqual(['admitted', 'exited', 'cooldown']);
  });

  it('fits a 360 px phone and stays accessible', async () => {
    const { context, page } = await fx.open('phone');
    await signIn(page, manager);
    await page.goto(policyPath());
    await page.waitForSelector('[data-testid=preview-sequence] [data-testid=sim-row]');
    expect(await page.inputValue('input[name=cooldownMinutes]')).toBe('10');
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page);
    await shot(page, 'phone');
    await context.close();
  });

  it('adds a gate to the event’s venue after the new-event flow, from the event’s page', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, manager);
    await page.goto(`/console/events/${fx.w.f.eventId}`);
    await page.click('[data-testid=open-door-setup]');
    await page.waitForSelector('[data-testid=gate-row]');
    const before = await page.locator('[data-testid=gate-row]').count();
    await page.fill('input[name=gateName]', 'South gate');
    await page.locator('select[name=gateZone]').selectOption({ index: 0 });
    await page.locator('[data-testid=gate-editor] form button[type=submit]').click();
    await page.locator('[data-testid=gate-row]', { hasText: 'South gate' }).waitFor();
    expect(await page.locator('[data-testid=gate-row]').count()).toBe(before + 1);
    const gates = await fx.t.app.inject({ method: 'GET', url: `/api/v1/venues/${fx.w.f.venue.id}/gates`, headers: auth(fx.w.manager) });
    expect((gates.json().items as { name: string }[]).map((g) => g.name)).toContain('South gate');

    // A zone with a size of its own: the live overview warns at 80, 90 and 100 % of it.
    await page.fill('input[name=zoneName]', 'Balcony');
    await page.fill('input[name=zoneCapacity]', '150');
    await page.click('[data-testid=add-zone]');
    await page.locator('[data-testid=zone-capacity]', { hasText: 'holds 150 people' }).waitFor();
    const zones = await fx.t.app.inject({ method: 'GET', url: `/api/v1/venues/${fx.w.f.venue.id}/zones`, headers: auth(fx.w.manager) });
    expect((zones.json().items as { name: string; capacity: number | null }[]).find((z) => z.name === 'Balcony')?.capacity).toBe(150);
    await expectAccessible(page);
    await context.close();
  });
});

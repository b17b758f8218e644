// An event's sessions page and the attendee's "My credits" in a real browser (Debian's Chromium)
// against a real server: a manager gives a session 1.5 CPD credits at 80 %, opens its attendance
// (made by session scans written into `scans`), downloads the credits CSV; the attendee's ticket
// page then shows the session, the minutes and the certificate link. axe-core: 0 serious or
// critical on both pages.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSessionScans } from '../attendance/session-scans.ts';
import { auth } from '../sync/sync-helpers.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

describe('console sessions and attendee credits (Chromium)', () => {
  let fx: ConsoleFixture;
  let guest: IssuedTicket;
  let sessionId: string;

  beforeAll(async () => {
    fx = await startConsoleFixture();
    const { app } = fx.t;
    const f = fx.w.f;
    [guest] = await f.issue([{ holderName: 'Amina Okafor' }]) as [IssuedTicket];
    const event = (await app.inject({ method: 'GET', url: `/api/v1/events/${f.eventId}`, headers: auth(fx.w.manager) })).json();
    const zone = await withTenant(app.ctx.db, f.tenantId, (trx) => trx.selectFrom('zones').select('id').where('venue_id', '=', f.venue.id).executeTakeFirstOrThrow());
    const start = Date.parse(event.doorsOpenAt);
    const made = await app.inject({ method: 'POST', url: `/api/v1/events/${f.eventId}/sessions`, headers: auth(fx.w.manager),
      payload: { name: 'Clinical ethics', zoneId: zone.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() } });
    if (made.statusCode !== 201) throw new Error(made.body);
    sessionId = made.json().id;
    await insertSessionScans(app, f.tenantId, f.eventId, [
      { ticketId: guest.id, sessionId, direction: 'in', at: new Date(start + 5 * 60_000) },
      { ticketId: guest.id, sessionId, direction: 'out', at: new Date(start + 59 * 60_000) },
    ]);
  }, 240_000);
  afterAll(async () => { await fx?.close(); });

  it('sets a session’s CPD credits, shows who attended and downloads the credits CSV', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, fx.w.f.users.manager);
    await page.goto(`/console/events/${fx.w.f.eventId}/sessions`);
    const card = page.locator('[data-testid=session-card]');
    await card.waitFor();
    expect(await card.locator('h2').textContent()).toBe('Clinical ethics');
    expect(await page.getAttribute('[data-testid=nav-sessions]', 'aria-current')).toBe('page');

    await card.locator('input[name=credits]').fill('1,255');
    await card.locator('[data-testid=session-save]').click();
    expect(await card.locator('[data-testid=notice]').textContent()).toBe('Credits must be more than 0 and at most 999, with up to two decimals.');
    await card.locator('input[name=credits]').fill('1,5');
    await card.locator('input[name=minShare]').fill('80');
    await card.locator('[data-testid=session-save]').click();
    await expect.poll(() => card.locator('[data-testid=notice]').textContent()).toBe('Saved.');
    const stored = (await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/sessions`, headers: auth(fx.w.manager) })).json();
    expect(stored.items[0]).toMatchObject({ credits: 1.5, minShare: 80, admitsTicketTypeIds: null });

    await card.locator('[data-testid=session-attendance-toggle]').click();
    const row = card.locator('[data-testid=attendee-row]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect([cells[1], cells[3], cells[6]]).toEqual(['Amina Okafor', '54', '1.5']);
    expect(await card.textContent()).toContain('Credits need 48 minutes inside.');
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=credits-csv]')]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/-credits\.csv$/);
    expect(csv).toContain('Amina Okafor');
    expect(csv).toContain('Clinical ethics');

    // The holder's statement on their ticket's console page: what their certificate will say.
    await page.goto(`/console/events/${fx.w.f.eventId}/tickets/${guest.id}`);
    const credits = page.locator('[data-testid=ticket-credits]');
    await credits.waitFor();
    expect(await credits.locator('[data-testid=ticket-credits-total]').textContent()).toBe('Credits earned: 1.5');
    expect(await credits.locator('[data-testid=ticket-credit]').getAttribute('data-earned')).toBe('true');
    expect(await credits.textContent()).toContain('54 min of 48 needed');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the attendee their credits and the certificate link on their ticket page', async () => {
    const { context, page } = await fx.open('phone');
    await page.goto(new URL(guest.link).pathname);
    const block = page.locator('[data-testid=my-credits]');
    await block.waitFor();
    expect(await block.locator('[data-testid=credit-session]').textContent()).toContain('Attended 54 min (needed: 48 min)');
    expect(await block.locator('[data-testid=credits-total]').textContent()).toBe('CPD credits earned: 1.5');
    const href = await block.locator('[data-testid=certificate]').getAttribute('href');
    expect(href).toBe(`/api/v1/attendee/t/${guest.linkSecret}/certificate.pdf?lang=en`);
    const pdf = await page.request.get(href!);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

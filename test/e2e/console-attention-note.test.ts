// A manager gives a ticket and a ticket type a note for door staff in the console (Chromium, real
// server): sets it, sees the scan history keep the note a door was shown, removes it; then sets
// the note of a ticket type on the event's page. axe-core on the pages (0 serious or critical).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { auth } from '../sync/sync-helpers.ts';
import { overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

describe('console: attention notes (Chromium)', () => {
  let fx: ConsoleFixture;
  let ticket: IssuedTicket;
  beforeAll(async () => {
    fx = await startConsoleFixture();
    [ticket] = await fx.w.f.issue([{ typeNo: 1, holderName: 'Amaka Obi' }]) as [IssuedTicket];
  }, 240_000);
  afterAll(async () => { await fx?.close(); });

  it('sets a ticket’s note, shows it in the scan history, and removes it', async () => {
    const { context, page } = await fx.open('phone');
    await signIn(page, fx.w.f.users.manager);
    await page.goto(`/console/events/${fx.w.f.eventId}/tickets/${ticket.id}`);
    const editor = page.locator('[data-testid=ticket-note]');
    await editor.waitFor();
    expect(await page.textContent('[data-testid=ticket-note-current]')).toBe('No note.');
    await editor.locator('textarea').fill('  Uses a wheelchair — ramp gate ');
    await page.click('[data-testid=ticket-note-save]');
    await editor.locator('[data-testid=notice][data-kind=ok]').waitFor();
    expect(await page.textContent('[data-testid=ticket-note-current]')).toBe('Uses a wheelchair — ramp gate');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflowsSideways(page)).toBe(false);

    // A door phone scans the ticket: the verdict showed the note, and the history says so.
    const phone = await fx.w.phone();
    const res = await fx.t.app.inject({
      method: 'POST', url: `/api/v1/events/${fx.w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId: randomUUID(), qr: ticket.qr, gateId: fx.w.f.gate('Main'), direction: 'in' },
    });
    expect(res.json().attentionNote).toBe('Uses a wheelchair — ramp gate');
    await page.click('[data-testid=refresh-ticket]');
    await page.locator('[data-testid=scan-note]').waitFor();
    expect(await page.textContent('[data-testid=scan-note]')).toContain('Uses a wheelchair — ramp gate');

    await page.click('[data-testid=ticket-note-clear]');
    await expect.poll(() => page.textContent('[data-testid=ticket-note-current]')).toBe('No note.');
    const view = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/tickets/${ticket.id}`, headers: auth(fx.w.manager) });
    expect(view.json().attentionNote).toBeNull();
    await context.close();
  }, 120_000);

  it('sets the note of a ticket type on the event’s page', async () => {
    const { context, page } = await fx.open('desktop');
    await signIn(page, fx.w.f.users.manager);
    await page.goto(`/console/events/${fx.w.f.eventId}`);
    const editor = page.locator('[data-testid=detail-ticket-types] [data-testid=type-note]').first();
    await editor.waitFor();
    await editor.locator('textarea').fill('Speaker — send to the green room');
    await editor.locator('[data-testid=type-note-save]').click();
    await editor.locator('[data-testid=notice][data-kind=ok]').waitFor();
    expect(await editor.locator('[data-testid=type-note-current]').textContent()).toBe('Speaker — send to the green room');
    expect(await seriousViolations(page)).toEqual([]);
    const types = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/ticket-types`, headers: auth(fx.w.manager) });
    expect(types.json().items.map((x: { attentionNote: string | null }) => x.attentionNote)).toContain('Speaker — send to the green room');
    await context.close();
  }, 120_000);
});

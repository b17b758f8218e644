// The console's SMS & USSD pages in a real browser (Debian's Chromium) against a real server and
// a fake Africa's Talking played by an HTTP process: a manager connects a number with its USSD
// code, sees the addresses to paste into the provider, sends a test message (the gateway gets
// it, the log shows it sent), a guest texts their PIN as Africa's Talking posts it (the log shows
// the check-in and the reply), and the event's SMS page switches PIN by SMS on with the message
// preview naming the USSD code and its SMS count. axe-core: 0 serious or critical, desktop and a
// 360 px phone. KARIBU_SCREENSHOTS=1 rewrites docs/screens/console-sms-*.png.
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsSender } from '../../src/server/sms/sms-sender.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { FakeSmsGateway } from '../support/fake-sms-gateway.ts';
import { overflowsSideways, seriousViolations, signIn, startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const SCREENS = process.env.KARIBU_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screens') : null;
const shot = async (page: Page, name: string) => {
  if (SCREENS) await page.screenshot({ path: join(SCREENS, `console-sms-${name}.png`), fullPage: true });
};
const GUEST = '+254711000123';

describe('console SMS & USSD (Chromium)', () => {
  let gw: FakeSmsGateway;
  let fx: ConsoleFixture;
  let guest: IssuedTicket;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    gw = await new FakeSmsGateway().start();
    fx = await startConsoleFixture({ PUBLIC_URL: 'https://tickets.example.ng', KARIBU_SMS_API_BASE_URL: gw.url });
    smsSender(fx.t.app.ctx)!.configure({ pollMs: 40, baseDelayMs: 40, maxDelayMs: 200 });
    [guest] = await fx.w.f.issue([{ holderName: 'Wanjiru Kamau', holderPhone: GUEST }]) as [IssuedTicket];
  }, 240_000);
  afterAll(async () => { await context?.close().catch(() => undefined); await fx?.close(); await gw?.stop(); });

  it('connects a number and shows the addresses to paste into the provider', async () => {
    ({ context, page } = await fx.open('desktop'));
    await signIn(page, fx.w.f.users.manager);
    await page.click('a[href="/console/sms"]');
    // The section loads its numbers and events after it appears: wait for what it then says.
    await page.waitForSelector('[data-testid=sms-section] >> text=No number connected yet.');
    await page.waitForSelector('[data-testid=sms-channel-form] input[name=smsEvent]');

    const form = page.locator('[data-testid=sms-channel-form]');
    await form.locator('input[name=smsNumber]').fill('20414');
    await form.locator('input[name=smsUsername]').fill('karibu-demo');
    await form.locator('input[name=smsApiKey]').fill('atsk_console_secret_123');
    await form.locator('input[name=smsUssdCode]').fill('*384*1234#');
    await form.locator('input[name=smsEvent]').first().check();
    await form.locator('[data-testid=sms-channel-submit]').click();
    await page.waitForSelector('[data-testid=sms-channel]');
    expect(await page.textContent('[data-testid=sms-channel] [data-testid=sms-created]')).toContain('Connected.');

    const card = page.locator('[data-testid=sms-channel]');
    expect(await card.locator('[data-testid=sms-ussd-code]').textContent()).toBe('USSD code: *384*1234#');
    const hook = /^https:\/\/tickets\.example\.ng\/api\/v1\/sms-hooks\/[0-9a-f-]{36}\/[A-Za-z0-9_-]{43}\/(sms|delivery|ussd)$/;
    for (const id of ['inbound', 'delivery', 'ussd']) expect(await card.locator(`[data-testid=sms-url-${id}]`).inputValue()).toMatch(hook);
    // The secret never comes back to the page.
    expect(await page.content()).not.toContain('atsk_console_secret_123');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'channels');
  });

  it('sends a test message through the provider and shows it in the log', async () => {
    const card = page.locator('[data-testid=sms-channel]');
    await card.locator('input[name=smsTestTo]').fill('+254722000456');
    await card.locator('[data-testid=sms-test-form] button[type=submit]').click();
    const [sent] = await gw.waitForSent(1);
    expect(sent!.form).toMatchObject({ username: 'karibu-demo', to: '+254722000456', from: '20414' });
    expect(sent!.form.message).toContain('20414');
    expect(sent!.headers.apikey).toBe('atsk_console_secret_123');
    // The log opened with the test; reopening reads the status the sender settled.
    await expect.poll(async () => {
      await card.locator('[data-testid=sms-log-toggle]').click();
      await card.locator('[data-testid=sms-log-toggle]').click();
      await page.waitForSelector('[data-testid=sms-message]');
      return card.locator('[data-testid=sms-message][data-kind=test]').getAttribute('data-status');
    }, { timeout: 10_000 }).toBe('sent');
  });

  it('shows a guest\'s SMS check-in and its reply in the log', async () => {
    const card = page.locator('[data-testid=sms-channel]');
    const inbound = new URL(await card.locator('[data-testid=sms-url-inbound]').inputValue()).pathname;
    const res = await fx.t.app.inject({
      method: 'POST', url: inbound, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ from: GUEST, to: '20414', text: `CHECKIN ${guest.pin}`, date: '2026-12-03 10:00:00', id: 'ATXid_console1', linkId: 'l1' }).toString(),
    });
    expect(res.statusCode).toBe(200);
    await gw.waitForSent(2);
    await card.locator('[data-testid=sms-log-toggle]').click();
    await card.locator('[data-testid=sms-log-toggle]').click();
    const row = card.locator('[data-testid=sms-message][data-direction=in]');
    await row.waitFor();
    expect(await row.textContent()).toContain(`From ${GUEST}`);
    expect(await row.locator('[data-testid=sms-outcome]').textContent()).toBe('Result: welcome in');
    const reply = card.locator('[data-testid=sms-message][data-direction=out][data-kind=sms]');
    expect(await reply.textContent()).toContain('Wanjiru');
  });

  it('switches PIN by SMS on for the event, with the message and its SMS count', async () => {
    await page.goto(`/console/events/${fx.w.f.eventId}/sms`);
    await page.waitForSelector('[data-testid=sms-settings]');
    expect(await page.textContent('[data-testid=sms-event-channels]')).toContain('20414');
    const preview = await page.textContent('[data-testid=sms-pin-preview]');
    expect(preview).toContain('482916');
    expect(preview).toContain('*384*1234#');
    const segments = Number(await page.getAttribute('[data-testid=sms-pin-segments]', 'data-segments'));
    expect(await page.textContent('[data-testid=sms-pin-segments]')).toMatch(segments === 1 ? /^One SMS: \d+ characters \(GSM-7/ : /SMS: \d+ characters/);
    await page.check('[data-testid=sms-pin-switch]');
    await page.click('[data-testid=sms-settings] button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=sms-settings] [data-testid=notice]')).toBe('Saved.');
    const stored = await fx.t.app.inject({ method: 'GET', url: `/api/v1/events/${fx.w.f.eventId}/sms-settings`, headers: { authorization: `Bearer ${await tokenOf(page)}` } });
    expect(stored.json().pinSms).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'event');
  });

  it('reads on a 360 px phone without sideways scrolling', async () => {
    const phone = await fx.open('phone');
    try {
      await signIn(phone.page, fx.w.f.users.manager);
      await phone.page.goto('/console/sms');
      await phone.page.waitForSelector('[data-testid=sms-channel]');
      expect(await overflowsSideways(phone.page)).toBe(false);
      expect(await seriousViolations(phone.page)).toEqual([]);
    } finally { await phone.context.close(); }
  });
});

/** The page's access token (the console keeps it per tab), to read what the server stored. */
async function tokenOf(page: Page): Promise<string> {
  const stored = await page.evaluate('sessionStorage.getItem("karibu.console.tokens")') as string | null;
  return (JSON.parse(stored ?? '{}') as { accessToken: string }).accessToken;
}

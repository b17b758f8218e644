import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { ensureWebBuild } from '../../support/web-build.ts';
import { batchBody, syncWorld, upload, type SyncWorld } from '../../sync/sync-helpers.ts';
import { CHROMIUM, PHONE } from './browser.ts';

/**
 * A running server with the built web app and an organizer world (owner, manager, door staff, a
 * venue and an event), two paired door phones and one offline conflict between them — the things
 * the console shows, made through the API the way phones and managers make them.
 */
export interface ConsoleFixture {
  t: TestApp;
  w: SyncWorld;
  baseUrl: string;
  browser: Browser;
  open(size: 'phone' | 'desktop', locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 800 };

/** `env` adds server settings, e.g. KARIBU_SMS_API_BASE_URL pointing at a fake gateway. */
export async function startConsoleFixture(env: Record<string, string> = {}): Promise<ConsoleFixture> {
  await ensureWebBuild();
  const t = await createTestApp(env);
  try {
    const w = await syncWorld(t.app);
    const [ticket] = await w.f.issue([{ typeNo: 2 }]);
    const a = await w.phone();
    const b = await w.phone();
    const now = Date.now();
    await upload(t.app, a, w.f.eventId, batchBody(a, [{ qr: ticket!.qr, gateId: w.f.gate('Main'), at: now - 180_000 }]));
    const second = await upload(t.app, b, w.f.eventId, batchBody(b, [{ qr: ticket!.qr, gateId: w.f.gate('VIP'), at: now - 120_000 }]));
    if (second.json().results[0].status !== 'conflict') throw new Error(`expected a conflict: ${second.body}`);
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    return {
      t, w, baseUrl, browser,
      async open(size, locale = 'en-GB') {
        const context = await browser.newContext({
          baseURL: baseUrl, locale, viewport: size === 'phone' ? PHONE : DESKTOP,
          ...(size === 'phone' ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
        });
        return { context, page: await context.newPage() };
      },
      close: async () => { await browser.close().catch(() => undefined); await t.close(); },
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/console');
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=sign-out]', { timeout: 15_000 });
}

let axeSource: Promise<string> | null = null;
export interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/**
 * Runs axe-core in the page (injected through the DevTools protocol, so the app's CSP stays as
 * shipped) and returns the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const result = await page.evaluate(`axe.run(document).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })) }))`) as { passes: number; violations: AxeViolation[] };
  // No passing rule at all would mean axe checked nothing (an empty page or a failed injection).
  if (result.passes < 5) throw new Error(`axe checked almost nothing (${result.passes} rules passed)`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** True when the page scrolls sideways (something does not fit a 360 px screen). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth') as Promise<boolean>;

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core, with a fake camera that plays a y4m file (see
 * fake-camera.ts) and the permission prompt auto-accepted — a door phone with a camera that only
 * ever sees the ticket under test.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The phone the scanner is built for (a budget Android at 360×740 CSS pixels). */
export const PHONE = { width: 360, height: 740 };

export async function launchPhoneBrowser(videoFile: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${videoFile}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export async function newPhone(browser: Browser, baseUrl: string, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    permissions: ['camera'],
  });
  const page = await context.newPage();
  return { context, page };
}

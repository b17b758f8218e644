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

/**
 * From the page's next load on (a reload included), its camera films an empty gate — a grey scene
 * with no ticket — instead of the fake-camera video. Chromium plays the video file from its first
 * frame again whenever a page opens the camera anew, so after a reload the ticket of a
 * ticketVideo() is presented once more, `leadSeconds` later: a second scan of the same ticket,
 * checked online or offline depending on how far the test got by then. Call this where the test
 * means "the guest has walked on".
 */
export async function emptyGateCameraFromNextLoad(page: Page): Promise<void> {
  // A string, not a function: the test tsconfig has no DOM types. The canvas is redrawn so the
  // stream keeps delivering frames, as a camera does.
  await page.addInitScript(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640; canvas.height = 480;
    const g = canvas.getContext('2d');
    const paint = () => { g.fillStyle = '#3a4250'; g.fillRect(0, 0, canvas.width, canvas.height); };
    paint(); setInterval(paint, 100);
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(10);
  })()`);
}

export async function newPhone(browser: Browser, baseUrl: string, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    // A door phone at the test venue (Africa/Lagos) keeps the venue's clock; times name no zone.
    timezoneId: 'Africa/Lagos',
    permissions: ['camera'],
  });
  const page = await context.newPage();
  return { context, page };
}

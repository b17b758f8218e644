// Core runs in the scanner as well as in Node: the same scenario table, token vectors and code
// vectors, bundled with esbuild and run in headless Chromium, must give exactly Node's answers.
import { build } from 'esbuild';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreParity } from '../../test/core/core-parity.ts';
import { SCENARIOS } from '../../test/core/decide-scenarios.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function bundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import { coreParity } from './core-parity.ts'; globalThis.coreParity = coreParity;",
      resolveDir: join(import.meta.dirname, '../../test/core'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('core in Chromium', () => {
  it('gives the same verdicts, tokens and codes as Node', async () => {
    const [code, inNode] = await Promise.all([bundle(), coreParity()]);
    const page = await browser.newPage();
    try {
      // WebCrypto needs a secure context; about:blank is not one, localhost is. The request is
      // answered by Playwright itself, nothing listens on the port.
      const url = 'http://localhost:9/core-parity.html';
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>core parity</title>' }));
      await page.goto(url);
      await page.addScriptTag({ content: code });
      const inBrowser = await page.evaluate(() => (globalThis as unknown as { coreParity: () => Promise<unknown> }).coreParity());
      expect(inBrowser).toEqual(JSON.parse(JSON.stringify(inNode)));
      // And the answers themselves are the expected ones, not merely equal.
      expect(inNode.decide.map((d) => d.results.map((r) => [r.verdict, r.reason]))).toEqual(SCENARIOS.map((s) => s.steps.map((x) => x.expect)));
      for (const t of inNode.tokens) {
        expect(t).toMatchObject({ signed: true, noble: { ok: true }, webCrypto: { ok: true }, nobleTampered: { ok: false }, webCryptoTampered: { ok: false } });
      }
      expect(inNode.rotation.checks.map((c) => c.ok)).toEqual([false, true, true, true, false]);
      // One corpus of forged / foreign / revoked / stale QR codes: the same reason from the
      // server's view and the phone's, in Node and in Chromium.
      for (const c of inNode.corpus) expect({ name: c.name, server: c.server, phone: c.phone }).toEqual({ name: c.name, server: c.expected, phone: c.expected });
    } finally {
      await page.close();
    }
  }, 60_000);
});

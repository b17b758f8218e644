// Offline verdict budget of the door scanner (DESIGN §7, issue 5): ≤ 2 ms per verdict, camera
// decode excluded, in Chromium with 4× CPU throttling — measured on the scanner's own code over a
// 100,000-ticket replica (a benchmark, not a test: timings on a shared machine are noisy).
//   node --import tsx bench/scanner-verdict.bench.ts [report.json]
// Prints the figures; writes them as JSON when a path is given.
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import {
  appendRotatingCode, bytesToBase64Url, codeLookupKey, deriveRotationKey, ed25519PublicKey, encodeTicketBlock, makeHumanCode,
  makePolicy, MANIFEST_DIGEST_LENGTH, parseTicketToken, pinLookupKey, POLICY_TEMPLATES, sealName, signTicketToken, tokenDigest,
  type ManifestRecord,
} from '../src/core/index.ts';
import { CHROMIUM } from '../test/e2e/support/browser.ts';
import type { VerdictBenchInput } from '../test/e2e/support/scanner-verdict.browser.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SCANNED = 1_000;
const BUDGET_MS = 2;
const EVENT = '0199aaaa-0000-7000-8000-000000000001';
const GATE = '0199aaaa-0000-7000-8000-0000000000g1';
const at = Date.now();

const seed = randomBytes(32);
const publicKey = ed25519PublicKey(seed);
const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: bytesToBase64Url(seed), x: bytesToBase64Url(publicKey) }, format: 'jwk' });
const nodeSign = (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey));
const rotationSecret = randomBytes(32);
const types = [{ typeNo: 1, name: 'General Admission', zones: ['GA'], allowStatic: false, validFrom: null, validUntil: null }];

const qrOf = (serial: number) => signTicketToken({ kid: 1, serial, typeNo: 1, validFrom: 0, validUntil: 0 }, seed, nodeSign);
const codes: string[] = [];
const records: ManifestRecord[] = [];
const scannedQrs: string[] = [];
for (let serial = 1; serial <= TICKETS; serial++) {
  const code = makeHumanCode(randomBytes(16));
  const record: ManifestRecord = {
    state: { eventId: EVENT, serial, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'] },
    codeKey: codeLookupKey(EVENT, code), pinKey: pinLookupKey(EVENT, String(serial).padStart(6, '0')),
  };
  if (serial <= SCANNED) {
    // Tickets the bench scans carry real tokens; the rest random digests (same bytes on the wire).
    const qr = qrOf(serial);
    const parsed = parseTicketToken(qr);
    if (!parsed.ok) throw new Error('token');
    record.digest = tokenDigest(parsed).subarray(0, MANIFEST_DIGEST_LENGTH);
    record.sealed = sealName(`Guest Number ${serial}`, qr, EVENT, serial, 0);
    scannedQrs.push(appendRotatingCode(qr, deriveRotationKey(rotationSecret, serial), at));
  } else {
    record.digest = randomBytes(MANIFEST_DIGEST_LENGTH);
    record.sealed = sealName(`Guest Number ${serial}`, { payloadBytes: randomBytes(19), signature: randomBytes(64) }, EVENT, serial, 0);
    if (serial <= SCANNED + 300) codes.push(code);
  }
  records.push(record);
}
const policy = makePolicy(POLICY_TEMPLATES['conference-single-entry'], {
  doorsOpenAt: at - 3_600_000, endsAt: at + 3_600_000, zoneParents: {}, utcOffsetMinutes: 60, dayStartMinutes: 0,
});
const manifest = JSON.stringify({
  format: 2, eventId: EVENT, full: true, reset: true, cursor: 'bench', more: false, serverTime: at,
  event: { name: 'Bench', startsAt: at, endsAt: at + 3_600_000 }, policy,
  gates: [{ id: GATE, name: 'Main', zone: 'GA' }], types,
  keys: [{ kid: 1, publicKey: bytesToBase64Url(publicKey), status: 'active' }],
  rotation: { secret: bytesToBase64Url(rotationSecret) },
  ticketCount: records.length, tickets: bytesToBase64Url(encodeTicketBlock(records, { eventId: EVENT, types })), removed: [],
});
// Issued after the phone's last sync: authenticated by the Ed25519 signature (WebCrypto).
const fresh = Array.from({ length: 200 }, (_, i) => {
  const serial = TICKETS + 1 + i;
  return appendRotatingCode(qrOf(serial), deriveRotationKey(rotationSecret, serial), at);
});

const bundle = await build({
  stdin: {
    contents: "import { runVerdictBench } from './scanner-verdict.browser.ts'; globalThis.runVerdictBench = runVerdictBench;",
    resolveDir: join(import.meta.dirname, '../test/e2e/support'), loader: 'ts',
  },
  bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome110', logLevel: 'silent',
});

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  // WebCrypto needs a secure context: localhost, answered by Playwright itself.
  const url = 'http://localhost:9/scanner-verdict.html';
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>scanner verdict bench</title>' }));
  await page.goto(url);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const input: VerdictBenchInput = { manifest, eventId: EVENT, gateId: GATE, at, qrs: scannedQrs, codes, fresh };
  const result = await page.evaluate(
    (arg) => (globalThis as unknown as { runVerdictBench: (i: VerdictBenchInput) => Promise<unknown> }).runVerdictBench(arg), input,
  ) as Record<string, { medianMs: number; p95Ms: number; p99Ms: number; verdicts: Record<string, number> } | number>;
  const report = { bench: 'scanner-verdict', date: new Date().toISOString(), chromium: browser.version(), throttle: 4, budgetMs: BUDGET_MS, ...result };
  console.log(JSON.stringify(report, null, 2));
  const paths = ['qrHeldDigest', 'typedCode', 'qrSignatureOnly'] as const;
  const over = paths.filter((p) => (result[p] as { p95Ms: number }).p95Ms > BUDGET_MS);
  console.log(over.length ? `OVER BUDGET (p95 > ${BUDGET_MS} ms): ${over.join(', ')}` : `all paths p95 ≤ ${BUDGET_MS} ms at 4× throttling`);
  if (process.argv[2]) writeFileSync(process.argv[2], `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await browser.close();
}

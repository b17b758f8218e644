// Browser half of test/e2e/scanner-verdict.bench.ts: bundled with esbuild, run in Chromium with 4×
// CPU throttling. Applies a 100,000-ticket manifest page to the scanner's own replica, then times
// the scanner's own offline verdict (src/web/scanner/offline/offline-verdict.ts) from QR text or
// typed code to verdict — held-digest authentication, rotating code, sealed name, decide() — the
// work a door phone does per guest once the camera has decoded the QR.
import { parseManifest } from '../../../src/web/scanner/offline/manifest-format.ts';
import { commitLocal, decideOffline, type OfflineScan } from '../../../src/web/scanner/offline/offline-verdict.ts';
import { verifyEd25519 } from '../../../src/web/scanner/offline/ed25519-web.ts';
import { EventReplica } from '../../../src/web/scanner/offline/replica.ts';

export interface VerdictBenchInput { manifest: string; eventId: string; gateId: string; at: number; qrs: string[]; codes: string[]; fresh: string[] }

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, medianMs: pick(0.5), p95Ms: pick(0.95), p99Ms: pick(0.99), maxMs: sorted[sorted.length - 1]! };
}

export async function runVerdictBench(input: VerdictBenchInput) {
  const t0 = performance.now();
  const page = parseManifest(JSON.parse(input.manifest), input.eventId);
  const replica = EventReplica.empty(input.eventId);
  replica.applyPage(page, [], input.at);
  const applyMs = performance.now() - t0;

  // Let the collector finish with the apply's garbage, as it would between a sync and the next
  // guest: the budget is for a verdict, not for a manifest apply running at the same moment.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const deps = { verify: verifyEd25519 };
  const time = async (inputs: OfflineScan['input'][]) => {
    const samples: number[] = [];
    const verdicts: Record<string, number> = {};
    for (const scanInput of inputs) {
      const a = performance.now();
      const v = await decideOffline(replica, { input: scanInput, gateId: input.gateId, direction: 'in', at: input.at }, deps);
      if (v) commitLocal(replica, v);
      samples.push(performance.now() - a);
      const key = `${v?.verdict}:${v?.reason}${v?.holderName ? ':named' : ''}`;
      verdicts[key] = (verdicts[key] ?? 0) + 1;
    }
    return { ...stats(samples), verdicts };
  };
  // Warm-up on a few tickets (JIT, WebCrypto key import), not counted.
  await time(input.qrs.slice(0, 20).map((qr) => ({ qr })));
  return {
    tickets: replica.tickets.size,
    applyMs,
    qrHeldDigest: await time(input.qrs.slice(20).map((qr) => ({ qr }))),
    typedCode: await time(input.codes.map((code) => ({ code }))),
    qrSignatureOnly: await time(input.fresh.map((qr) => ({ qr }))),
  };
}

// Browser half of bench/core-verify.bench.ts: bundled with esbuild and run in Chromium (4× CPU
// throttling set over CDP by the Node half). Measures one offline verdict — parse, authenticate,
// check rotation where the path does, decide — from QR text to verdict; camera decode excluded.
import { decide } from '../src/core/decide.ts';
import { constantTimeEqual } from '../src/core/constant-time.ts';
import { makePolicy, POLICY_TEMPLATES } from '../src/core/policy.ts';
import { deriveRotationKey } from '../src/core/rotation.ts';
import type { TicketState } from '../src/core/ticket-state.ts';
import { verifyTicketToken, verifyTicketTokenAsync, type KeyInfo, type VerifyOptions } from '../src/core/token-verify.ts';

export interface BenchInput {
  publicKeyHex: string;
  eventSecretHex: string;
  at: number;
  tokens: { serial: number; text: string; rotatingText: string; digestHex: string }[];
  iterations: { fast: number; webCrypto: number; noble: number };
}

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (h) => parseInt(h, 16));

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, medianMs: pick(0.5), p95Ms: pick(0.95), p99Ms: pick(0.99), meanMs: mean, maxMs: sorted[sorted.length - 1]! };
}

export async function runBrowserBench(input: BenchInput) {
  const key: KeyInfo = { publicKey: hex(input.publicKeyHex), eventId: 'ev1' };
  const keys = (kid: number) => (kid === 1 ? key : undefined);
  const eventSecret = hex(input.eventSecretHex);
  const policy = makePolicy(POLICY_TEMPLATES['festival-reentry'], {
    doorsOpenAt: input.at - 3_600_000,
    endsAt: input.at + 3_600_000,
    zoneParents: { VIP: 'ALL', GA: 'VIP' },
    utcOffsetMinutes: 60,
    dayStartMinutes: 0,
  });
  // The phone's replica: ticket states, held digests, per-ticket rotation keys (derived at manifest load).
  const states = new Map<number, TicketState>();
  const digests = new Map<number, Uint8Array>();
  const rotationKeys = new Map<number, Uint8Array>();
  for (const t of input.tokens) {
    states.set(t.serial, { eventId: 'ev1', serial: t.serial, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'] });
    digests.set(t.serial, hex(t.digestHex));
    rotationKeys.set(t.serial, deriveRotationKey(eventSecret, t.serial));
  }
  const scan = { eventId: 'ev1', gateId: 'g1', gateZone: 'GA', direction: 'in' as const };
  const rotation = { keyFor: (p: { serial: number }) => rotationKeys.get(p.serial), allowStatic: false };

  // Typed without DOM lib (the bench compiles under the Node tsconfig).
  let cryptoKey: Awaited<ReturnType<typeof crypto.subtle.importKey>> | null = null;
  let webCryptoError: string | null = null;
  try {
    cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    webCryptoError = String(e);
  }
  const webCryptoVerify = (_pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) =>
    crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey!, sig, msg);

  let admitted = 0;
  const finishVerdict = (v: ReturnType<typeof verifyTicketToken>) => {
    if (!v.ok) throw new Error(`bench token refused: ${v.reason}`);
    const d = decide(states.get(v.payload.serial) ?? null, scan, policy, input.at);
    if (d.verdict === 'admitted') admitted++;
  };

  const sync = (name: string, n: number, text: (i: number) => string, opts: VerifyOptions) => {
    const samples: number[] = [];
    for (let i = 0; i < n + 50; i++) {
      const t0 = performance.now();
      finishVerdict(verifyTicketToken(text(i), keys, opts));
      const dt = performance.now() - t0;
      if (i >= 50) samples.push(dt); // first 50: JIT warm-up
    }
    return { name, ...stats(samples) };
  };

  const tok = (i: number) => input.tokens[i % input.tokens.length]!;
  const heldDigest = (p: { serial: number }) => digests.get(p.serial);
  const results = [
    sync('held-digest', input.iterations.fast, (i) => tok(i).text, { heldDigest }),
    sync('held-digest+rotation', input.iterations.fast, (i) => tok(i).rotatingText, { heldDigest, rotation, at: input.at }),
    sync('noble-signature+rotation', input.iterations.noble, (i) => tok(i).rotatingText, { rotation, at: input.at }),
  ];
  if (cryptoKey) {
    const samples: number[] = [];
    for (let i = 0; i < input.iterations.webCrypto + 50; i++) {
      const t0 = performance.now();
      finishVerdict(await verifyTicketTokenAsync(tok(i).rotatingText, keys, { verify: webCryptoVerify, rotation, at: input.at }));
      const dt = performance.now() - t0;
      if (i >= 50) samples.push(dt);
    }
    results.push({ name: 'webcrypto-signature+rotation', ...stats(samples) });
  }
  // Sanity: constant-time compare is in the bundle and works (the held path depends on it).
  if (!constantTimeEqual(new Uint8Array([1]), new Uint8Array([1]))) throw new Error('unreachable');
  const page = globalThis as unknown as { crossOriginIsolated?: boolean; navigator?: { userAgent: string } };
  return { results, admitted, webCryptoError, crossOriginIsolated: page.crossOriginIsolated === true, userAgent: page.navigator?.userAgent };
}

(globalThis as unknown as { runBrowserBench: typeof runBrowserBench }).runBrowserBench = runBrowserBench;

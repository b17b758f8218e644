// Runs the decision table, the token vectors and the code vectors and returns plain JSON results.
// src/core/browser-parity.test.ts runs this in Node and, bundled, in Chromium: the answers must match.
import { makeHumanCode, makePin, isValidHumanCode } from '../../src/core/codes.ts';
import { appendRotatingCode, deriveRotationKey } from '../../src/core/rotation.ts';
import { parseTicketToken, signTicketToken, tokenDigest } from '../../src/core/token.ts';
import { checkTicketToken, checkTicketTokenAsync, type TokenCheckOptions } from '../../src/core/token-checks.ts';
import { verifyTicketToken, verifyTicketTokenAsync, type TokenVerification } from '../../src/core/token-verify.ts';
import { tokenCorpus } from './token-corpus.ts';
import { runScenario, SCENARIOS } from './decide-scenarios.ts';
import { CODE_VECTORS, hexToBytes, ROTATION_VECTOR, TOKEN_VECTORS } from './token-vectors.ts';

const summary = (v: TokenVerification) => (v.ok ? { ok: true, payload: v.payload, rotation: v.rotation } : { ok: false, reason: v.reason });

async function webCryptoVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}

export async function coreParity() {
  const decide = SCENARIOS.map((s) => {
    const { results, final } = runScenario(s);
    return { name: s.name, results, final };
  });
  const tokens = [];
  for (const v of TOKEN_VECTORS) {
    const keys = () => ({ publicKey: hexToBytes(v.publicKeyHex) });
    const tampered = v.qrText.slice(0, 20) + (v.qrText[20] === 'A' ? 'B' : 'A') + v.qrText.slice(21);
    tokens.push({
      name: v.name,
      signed: signTicketToken(v.payload, hexToBytes(v.seedHex)) === v.qrText,
      noble: summary(verifyTicketToken(v.qrText, keys)),
      nobleTampered: summary(verifyTicketToken(tampered, keys)),
      webCrypto: summary(await verifyTicketTokenAsync(v.qrText, keys, { verify: webCryptoVerify })),
      webCryptoTampered: summary(await verifyTicketTokenAsync(tampered, keys, { verify: webCryptoVerify })),
    });
  }
  const typical = TOKEN_VECTORS.find((v) => v.name === 'typical')!;
  const perTicketKey = deriveRotationKey(hexToBytes(ROTATION_VECTOR.eventSecretHex), ROTATION_VECTOR.serial);
  const rotation = {
    text: appendRotatingCode(typical.qrText, perTicketKey, ROTATION_VECTOR.atMs),
    checks: [-60_000, -30_000, 0, 30_000, 60_000].map((dt) =>
      summary(
        verifyTicketToken(ROTATION_VECTOR.qrText, () => ({ publicKey: hexToBytes(typical.publicKeyHex) }), {
          at: ROTATION_VECTOR.atMs + dt,
          rotation: { keyFor: () => perTicketKey, allowStatic: false },
        }),
      ),
    ),
  };
  const codes = {
    humanCodes: CODE_VECTORS.humanCode.map((c) => makeHumanCode(hexToBytes(c.randomHex))),
    valid: CODE_VECTORS.humanCode.map((c) => isValidHumanCode(c.code)),
    pins: CODE_VECTORS.pin.map((p) => makePin(hexToBytes(p.randomHex))),
  };
  return { decide, tokens, rotation, codes, corpus: await corpusReasons() };
}

/**
 * The door verifiers' view of one event ('ev1': key 7 active, key 6 revoked, two tickets issued;
 * 'ev2' owns key 8): the server's (held digests only) and the phone's (held digests, then the
 * signature), both through core's token checks. Every corpus case must get its reason from both.
 */
async function corpusReasons() {
  const ownSeed = hexToBytes(TOKEN_VECTORS[0]!.seedHex);
  const otherSeed = hexToBytes(TOKEN_VECTORS.find((v) => v.seedHex !== TOKEN_VECTORS[0]!.seedHex)?.seedHex ?? '11'.repeat(32));
  const at = ROTATION_VECTOR.atMs;
  const rotationSecret = hexToBytes(ROTATION_VECTOR.eventSecretHex);
  const ticket = (kid: number, serial: number, seed: Uint8Array) => signTicketToken({ kid, serial, typeNo: 1, validFrom: 0, validUntil: 0 }, seed);
  const issued = ticket(7, 100, ownSeed);
  const revoked = ticket(6, 101, ownSeed);
  const held = new Map([issued, revoked].map((qr) => {
    const p = parseTicketToken(qr);
    if (!p.ok) throw new Error('corpus ticket does not parse');
    return [p.payload.serial, tokenDigest(p)] as const;
  }));
  const ownPublic = hexToBytes(TOKEN_VECTORS[0]!.publicKeyHex);
  const keys = new Map([[7, { eventId: 'ev1', revoked: false, publicKey: ownPublic }], [6, { eventId: 'ev1', revoked: true, publicKey: ownPublic }]]);
  const view = (signatureFallback: boolean): TokenCheckOptions => ({
    eventId: 'ev1', key: (kid) => keys.get(kid), heldDigest: (p) => held.get(p.serial), signatureFallback,
    rotation: { keyFor: (p) => deriveRotationKey(rotationSecret, p.serial), allowStatic: true }, at,
  });
  const cases = tokenCorpus({ issued, revoked, foreign: ticket(8, 5, otherSeed), rotationSecret, at });
  const out = [];
  for (const c of cases) {
    const server = checkTicketToken(c.qr, view(false));
    const phone = await checkTicketTokenAsync(c.qr, { ...view(true), verify: webCryptoVerify });
    out.push({ name: c.name, expected: c.reason, server: server.ok ? 'ok' : server.reason, phone: phone.ok ? 'ok' : phone.reason });
  }
  return out;
}

// Runs the decision table, the token vectors and the code vectors and returns plain JSON results.
// src/core/browser-parity.test.ts runs this in Node and, bundled, in Chromium: the answers must match.
import { makeHumanCode, makePin, isValidHumanCode } from '../../src/core/codes.ts';
import { appendRotatingCode, deriveRotationKey } from '../../src/core/rotation.ts';
import { signTicketToken } from '../../src/core/token.ts';
import { verifyTicketToken, verifyTicketTokenAsync, type TokenVerification } from '../../src/core/token-verify.ts';
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
  return { decide, tokens, rotation, codes };
}

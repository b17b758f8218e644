// Property tests: a token survives no change. Every single-bit flip — of the signed bytes, of the
// QR characters, of the rotating code — is refused, and no other string is ever accepted.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BASE45_ALPHABET, encodeBase45 } from './base45.ts';
import { ed25519PublicKey } from './ed25519.ts';
import { appendRotatingCode, deriveRotationKey } from './rotation.ts';
import type { TokenPayload } from './token-payload.ts';
import { parseTicketToken, signTicketToken, STATIC_TOKEN_LENGTH, TOKEN_PREFIX } from './token.ts';
import { verifyTicketToken, type KeyLookup } from './token-verify.ts';

const seed = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const publicKey = ed25519PublicKey(seed);
const keys: KeyLookup = (kid) => (kid === 3 ? { publicKey } : undefined);
const payload: TokenPayload = { kid: 3, serial: 77, typeNo: 1, validFrom: 0, validUntil: 0 };
const eventSecret = new Uint8Array(32).fill(5);
const at = 1767300000000;
const opts = { at, rotation: { keyFor: (p: TokenPayload) => deriveRotationKey(eventSecret, p.serial), allowStatic: false } };
const staticText = signTicketToken(payload, seed);
const rotatingText = appendRotatingCode(staticText, deriveRotationKey(eventSecret, payload.serial), at);

function signedBytes(text: string): Uint8Array {
  const parsed = parseTicketToken(text);
  if (!parsed.ok) throw new Error('fixture');
  return new Uint8Array([...parsed.payloadBytes, ...parsed.signature]);
}

function flipChar(text: string, index: number, bit: number): string {
  return text.slice(0, index) + String.fromCharCode(text.charCodeAt(index) ^ (1 << bit)) + text.slice(index + 1);
}

describe('token tamper resistance', () => {
  it('the fixtures verify', () => {
    expect(verifyTicketToken(staticText, keys).ok).toBe(true);
    expect(verifyTicketToken(rotatingText, keys, opts).ok).toBe(true);
  });

  it('refuses every single-bit flip of the signed bytes (all 664)', () => {
    const bytes = signedBytes(staticText);
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = bytes.slice();
        flipped[i]! ^= 1 << bit;
        const result = verifyTicketToken(TOKEN_PREFIX + encodeBase45(flipped), keys);
        expect(result.ok, `byte ${i} bit ${bit}`).toBe(false);
      }
    }
  });

  it('refuses every single-bit flip of every character of the QR text, rotating part included', () => {
    for (let i = 0; i < rotatingText.length; i++) {
      for (let bit = 0; bit < 16; bit++) {
        const result = verifyTicketToken(flipChar(rotatingText, i, bit), keys, opts);
        expect(result.ok, `char ${i} bit ${bit}`).toBe(false);
      }
    }
  });

  it('refuses random base45 bodies of the right length (no random string is accepted)', () => {
    const body = fc.string({ unit: fc.constantFrom(...BASE45_ALPHABET), minLength: STATIC_TOKEN_LENGTH - 3, maxLength: STATIC_TOKEN_LENGTH - 3 });
    fc.assert(fc.property(body, (b) => !verifyTicketToken(TOKEN_PREFIX + b, keys).ok), { numRuns: 300 });
  });

  it('refuses random payloads with random signatures under a known key id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 83 - 5, maxLength: 83 - 5 }), (rest) => {
        const bytes = new Uint8Array([1, 0, 0, 0, 3, ...rest]);
        return !verifyTicketToken(TOKEN_PREFIX + encodeBase45(bytes), keys).ok;
      }),
      { numRuns: 300 },
    );
  });

  it('parse and verify never throw, and never accept, arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map((s) => TOKEN_PREFIX + s)), (s) => {
        parseTicketToken(s);
        return !verifyTicketToken(s, keys).ok && !verifyTicketToken(s, keys, opts).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a token whose static part is swapped onto another ticket\'s rotating code', () => {
    const other = signTicketToken({ ...payload, serial: 78 }, seed);
    const otherRotating = appendRotatingCode(other, deriveRotationKey(eventSecret, 78), at);
    const spliced = staticText + otherRotating.slice(STATIC_TOKEN_LENGTH);
    expect(verifyTicketToken(spliced, keys, opts)).toMatchObject({ ok: false, reason: 'code_expired' });
  });
});

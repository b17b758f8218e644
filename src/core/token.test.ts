import { describe, expect, it } from 'vitest';
import { encodeBase45 } from './base45.ts';
import { ed25519PublicKey } from './ed25519.ts';
import { appendRotatingCode, deriveRotationKey, ROTATION_STEP_MS } from './rotation.ts';
import { encodeTokenPayload, type TokenPayload } from './token-payload.ts';
import { parseTicketToken, ROTATING_TOKEN_LENGTH, signTicketToken, STATIC_TOKEN_LENGTH, TOKEN_PREFIX, tokenDigest } from './token.ts';
import { verifyTicketToken, verifyTicketTokenAsync, type KeyLookup, type RotationCheck, type TokenFailureReason } from './token-verify.ts';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const publicKey = ed25519PublicKey(seed);
const payload: TokenPayload = { kid: 7, serial: 1001, typeNo: 3, validFrom: 1767225600, validUntil: 1767484800 };
const keys: KeyLookup = (kid) => (kid === 7 ? { publicKey, eventId: 'ev1' } : undefined);
const eventSecret = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
const at = 1767300000000;
const rotation: RotationCheck = { keyFor: (p) => deriveRotationKey(eventSecret, p.serial), allowStatic: false };

/** Reasons the token layer produced in this file, checked for full coverage at the end. */
const seen = new Set<TokenFailureReason>();
function failure(result: ReturnType<typeof verifyTicketToken>): TokenFailureReason | 'ok' {
  if (result.ok) return 'ok';
  seen.add(result.reason);
  return result.reason;
}

describe('ticket token text', () => {
  it('is at most 130 characters static and 154 with the rotating part, even at maximum field values', () => {
    const max: TokenPayload = { kid: 2 ** 32 - 1, serial: 2 ** 32 - 1, typeNo: 65535, validFrom: 2 ** 32 - 1, validUntil: 2 ** 32 - 1 };
    const staticText = signTicketToken(max, seed);
    const rotating = appendRotatingCode(staticText, deriveRotationKey(eventSecret, max.serial), at);
    expect(staticText.length).toBe(STATIC_TOKEN_LENGTH);
    expect(STATIC_TOKEN_LENGTH).toBeLessThanOrEqual(130);
    expect(rotating.length).toBe(ROTATING_TOKEN_LENGTH);
    expect(ROTATING_TOKEN_LENGTH).toBeLessThanOrEqual(154);
  });

  it('uses only QR alphanumeric characters and never ends in a space', () => {
    const text = appendRotatingCode(signTicketToken(payload, seed), deriveRotationKey(eventSecret, 1001), at);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(text.trim()).toBe(text);
  });

  it('parses back to the signed payload', () => {
    const parsed = parseTicketToken(signTicketToken(payload, seed));
    expect(parsed.ok && parsed.payload).toEqual(payload);
    expect(parsed.ok && parsed.rotatingCode).toBeNull();
  });

  it('refuses to sign out-of-range fields', () => {
    expect(() => signTicketToken({ ...payload, serial: 2 ** 32 }, seed)).toThrow(RangeError);
    expect(() => signTicketToken({ ...payload, typeNo: 65536 }, seed)).toThrow(RangeError);
    expect(() => signTicketToken({ ...payload, kid: -1 }, seed)).toThrow(RangeError);
    expect(() => signTicketToken({ ...payload, validFrom: 10, validUntil: 5 }, seed)).toThrow(RangeError);
    expect(() => signTicketToken(payload, seed.subarray(0, 31))).toThrow(RangeError);
  });

  const good = signTicketToken(payload, seed);
  const reencode = (mutate: (bytes: Uint8Array) => Uint8Array) => {
    const parsed = parseTicketToken(good);
    if (!parsed.ok) throw new Error('fixture');
    const signed = new Uint8Array([...parsed.payloadBytes, ...parsed.signature]);
    return TOKEN_PREFIX + encodeBase45(mutate(signed));
  };

  it.each([
    ['a wrong prefix', 'K2:' + good.slice(3)],
    ['a lowercase prefix', 'k1:' + good.slice(3)],
    ['no prefix', good.slice(3)],
    ['lowercase base45', good.toLowerCase()],
    ['one character missing', good.slice(0, -1)],
    ['one character too many', good + '0'],
    ['trailing bytes', reencode((b) => new Uint8Array([...b, 0]))],
    ['one byte missing', reencode((b) => b.subarray(0, -1))],
    ['an unknown version', reencode((b) => Object.assign(b, { 0: 2 }))],
    ['validUntil before validFrom', TOKEN_PREFIX + encodeBase45(new Uint8Array([...encodeTokenPayload({ ...payload, validFrom: 0 }).map((x, i) => (i === 11 ? 0xff : x)), ...new Uint8Array(64)]))],
    ['a separator other than *', good + '/' + 'V5JP1WGSUJFH'],
    ['a rotating code that is not base45', good + '*' + 'V5JP1WGSUJF#'],
    ['an empty string', ''],
  ])('is malformed with %s', (_name, text) => {
    expect(parseTicketToken(text)).toEqual({ ok: false, reason: 'malformed' });
    expect(failure(verifyTicketToken(text, keys))).toBe('malformed');
  });
});

describe('verifyTicketToken', () => {
  const good = signTicketToken(payload, seed);

  it('accepts a genuine token and says rotation was not checked', () => {
    const result = verifyTicketToken(good, keys);
    expect(result).toMatchObject({ ok: true, payload, rotation: 'unchecked', authenticatedBy: 'signature', key: { eventId: 'ev1' } });
  });

  it('refuses an unknown key id as revoked_key', () => {
    expect(failure(verifyTicketToken(signTicketToken({ ...payload, kid: 8 }, seed), keys))).toBe('revoked_key');
  });

  it('refuses a revoked key as revoked_key even with a good signature', () => {
    expect(failure(verifyTicketToken(good, () => ({ publicKey, revoked: true })))).toBe('revoked_key');
  });

  it('refuses a token signed by another key as bad_signature', () => {
    const other = signTicketToken(payload, new Uint8Array(32).fill(9));
    expect(failure(verifyTicketToken(other, keys))).toBe('bad_signature');
  });

  it('treats an injected verifier that throws as bad_signature', () => {
    const verify = () => {
      throw new Error('boom');
    };
    expect(failure(verifyTicketToken(good, keys, { verify }))).toBe('bad_signature');
  });

  it('authenticates by held digest without a signature check, and refuses a superseded token', () => {
    const parsed = parseTicketToken(good);
    if (!parsed.ok) throw new Error('fixture');
    const digest = tokenDigest(parsed);
    const neverVerify = () => {
      throw new Error('signature must not be checked');
    };
    const held = verifyTicketToken(good, keys, { verify: neverVerify, heldDigest: () => digest });
    expect(held).toMatchObject({ ok: true, authenticatedBy: 'held_digest' });
    // A re-issued ticket (new validity) has a new token; the old one still has a valid signature.
    const old = signTicketToken({ ...payload, validUntil: payload.validUntil - 3600 }, seed);
    expect(failure(verifyTicketToken(old, keys, { heldDigest: () => digest }))).toBe('bad_signature');
    // The key check still comes first.
    expect(failure(verifyTicketToken(good, () => ({ publicKey, revoked: true }), { heldDigest: () => digest }))).toBe('revoked_key');
  });

  it('falls back to the signature when no digest is held for the ticket', () => {
    expect(verifyTicketToken(good, keys, { heldDigest: () => undefined })).toMatchObject({ ok: true, authenticatedBy: 'signature' });
  });

  describe('rotating part', () => {
    const perTicketKey = deriveRotationKey(eventSecret, payload.serial);
    const opts = (at: number, over: Partial<RotationCheck> = {}) => ({ at, rotation: { ...rotation, ...over } });

    it('accepts the current code and the codes one step either side', () => {
      for (const offset of [-1, 0, 1]) {
        const text = appendRotatingCode(good, perTicketKey, at + offset * ROTATION_STEP_MS);
        expect(verifyTicketToken(text, keys, opts(at))).toMatchObject({ ok: true, rotation: 'valid' });
      }
    });

    it('refuses a code two steps old (a screenshot) as code_expired', () => {
      const text = appendRotatingCode(good, perTicketKey, at - 2 * ROTATION_STEP_MS);
      const result = verifyTicketToken(text, keys, opts(at));
      expect(failure(result)).toBe('code_expired');
      expect(!result.ok && result.payload).toEqual(payload);
    });

    it('accepts a wider skew when configured', () => {
      const text = appendRotatingCode(good, perTicketKey, at - 2 * ROTATION_STEP_MS);
      expect(verifyTicketToken(text, keys, opts(at, { skewSteps: 2 })).ok).toBe(true);
    });

    it('refuses a static code as code_expired when the ticket type requires rotation', () => {
      expect(failure(verifyTicketToken(good, keys, opts(at)))).toBe('code_expired');
    });

    it('accepts a static code when the ticket type allows printed codes', () => {
      expect(verifyTicketToken(good, keys, opts(at, { allowStatic: (p) => p.typeNo === 3 }))).toMatchObject({ ok: true, rotation: 'static' });
      expect(failure(verifyTicketToken(good, keys, opts(at, { allowStatic: (p) => p.typeNo === 4 })))).toBe('code_expired');
    });

    it('refuses a stale code even when static codes are allowed', () => {
      const text = appendRotatingCode(good, perTicketKey, at - 10 * ROTATION_STEP_MS);
      expect(failure(verifyTicketToken(text, keys, opts(at, { allowStatic: true })))).toBe('code_expired');
    });

    it('refuses a code made with another ticket key as code_expired', () => {
      const text = appendRotatingCode(good, deriveRotationKey(eventSecret, payload.serial + 1), at);
      expect(failure(verifyTicketToken(text, keys, opts(at)))).toBe('code_expired');
    });

    it('is code_expired when the verifier cannot derive the ticket key', () => {
      const text = appendRotatingCode(good, perTicketKey, at);
      expect(failure(verifyTicketToken(text, keys, opts(at, { keyFor: () => undefined })))).toBe('code_expired');
    });

    it('checks the signature before the code', () => {
      const forged = appendRotatingCode(signTicketToken(payload, new Uint8Array(32).fill(9)), perTicketKey, at);
      expect(failure(verifyTicketToken(forged, keys, opts(at)))).toBe('bad_signature');
    });

    it('ignores the rotating part when the verifier does not check rotation', () => {
      const text = appendRotatingCode(good, perTicketKey, 0);
      expect(verifyTicketToken(text, keys)).toMatchObject({ ok: true, rotation: 'unchecked' });
    });

    it('insists on a time when checking rotation (programming error)', () => {
      expect(() => verifyTicketToken(good, keys, { rotation })).toThrow(TypeError);
    });
  });

  describe('async variant', () => {
    it('verifies with WebCrypto Ed25519 and gives the same answers', async () => {
      const subtle = globalThis.crypto.subtle;
      const verify = async (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => {
        const key = await subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
        return subtle.verify({ name: 'Ed25519' }, key, sig, msg);
      };
      expect(await verifyTicketTokenAsync(good, keys, { verify })).toMatchObject({ ok: true, payload });
      const other = signTicketToken(payload, new Uint8Array(32).fill(9));
      expect(await verifyTicketTokenAsync(other, keys, { verify })).toEqual({ ok: false, reason: 'bad_signature' });
      expect(await verifyTicketTokenAsync('K1:nope', keys, { verify })).toEqual({ ok: false, reason: 'malformed' });
      const rejecting = async () => Promise.reject(new Error('no Ed25519'));
      expect(await verifyTicketTokenAsync(good, keys, { verify: rejecting })).toEqual({ ok: false, reason: 'bad_signature' });
    });
  });

  it('produced every token-level reason code', () => {
    expect([...seen].sort()).toEqual(['bad_signature', 'code_expired', 'malformed', 'revoked_key']);
  });
});

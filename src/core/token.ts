// Ticket token text: what the QR holds.
//
//   K1:<base45(payload ‖ signature)>[*<rotating code>]
//
// "K1:" names the text format (Karibu, format 1) and fixes the body length: 19 payload bytes +
// 64 signature bytes = 83 bytes = 125 base45 characters, so a static token is always exactly 128
// characters and a rotating one exactly 141. Every character, the separator included, is in the QR
// alphanumeric alphabet. Because base45 uses '*' too, the parts are split by position, never by
// searching for the separator.
//
// The signature covers exactly the payload bytes (no context string), so an independent verifier
// such as `openssl pkeyutl -verify -rawin` checks it as is. Event signing keys must therefore sign
// nothing but ticket payloads; the signed version byte keeps future formats apart.
import { decodeBase45, encodeBase45 } from './base45.ts';
import { nobleSign, type SignFn } from './ed25519.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { ROTATING_CODE_LENGTH, ROTATION_SEPARATOR } from './rotation.ts';
import {
  decodeTokenPayload,
  encodeTokenPayload,
  PAYLOAD_LENGTH,
  SIGNATURE_LENGTH,
  type TokenPayload,
} from './token-payload.ts';

export const TOKEN_PREFIX = 'K1:';
export const SIGNED_LENGTH = PAYLOAD_LENGTH + SIGNATURE_LENGTH;
/** Length of the static QR text (prefix + base45 of payload and signature). */
export const STATIC_TOKEN_LENGTH = TOKEN_PREFIX.length + Math.floor(SIGNED_LENGTH / 2) * 3 + (SIGNED_LENGTH % 2) * 2;
/** Length of the QR text with the rotating part. */
export const ROTATING_TOKEN_LENGTH = STATIC_TOKEN_LENGTH + ROTATION_SEPARATOR.length + ROTATING_CODE_LENGTH;
/** Bytes of SHA-256(payload ‖ signature) that a verifier holding issued tokens keeps. */
export const TOKEN_DIGEST_LENGTH = 16;

export interface ParsedToken {
  ok: true;
  payload: TokenPayload;
  /** The signed bytes. */
  payloadBytes: Uint8Array;
  signature: Uint8Array;
  /** The QR text without the rotating part. */
  staticText: string;
  /** The rotating code characters, or null for a static (printed) code. */
  rotatingCode: string | null;
}

export interface MalformedToken {
  ok: false;
  reason: 'malformed';
}

/** Signs a payload and returns the static QR text. Throws RangeError for out-of-range fields. */
export function signTicketToken(p: TokenPayload, secretKey: Uint8Array, sign: SignFn = nobleSign): string {
  if (secretKey.length !== 32) throw new RangeError('secretKey must be a 32-byte Ed25519 seed');
  const payloadBytes = encodeTokenPayload(p);
  const signature = sign(payloadBytes, secretKey);
  if (signature.length !== SIGNATURE_LENGTH) throw new RangeError('signer must return 64 bytes');
  const signed = new Uint8Array(SIGNED_LENGTH);
  signed.set(payloadBytes, 0);
  signed.set(signature, PAYLOAD_LENGTH);
  return TOKEN_PREFIX + encodeBase45(signed);
}

const MALFORMED: MalformedToken = Object.freeze({ ok: false, reason: 'malformed' }) as MalformedToken;

/**
 * Parses QR text strictly: wrong prefix, wrong length, bad base45, unknown version or a broken
 * rotating part are all `malformed`. Does not check the signature. Never throws.
 */
export function parseTicketToken(text: string): ParsedToken | MalformedToken {
  if (typeof text !== 'string' || !text.startsWith(TOKEN_PREFIX)) return MALFORMED;
  let rotating: string | null = null;
  if (text.length === ROTATING_TOKEN_LENGTH) {
    if (text[STATIC_TOKEN_LENGTH] !== ROTATION_SEPARATOR) return MALFORMED;
    rotating = text.slice(STATIC_TOKEN_LENGTH + 1);
    const mac = decodeBase45(rotating);
    if (mac === null) return MALFORMED;
  } else if (text.length !== STATIC_TOKEN_LENGTH) {
    return MALFORMED;
  }
  const staticText = text.slice(0, STATIC_TOKEN_LENGTH);
  const signed = decodeBase45(staticText.slice(TOKEN_PREFIX.length));
  if (signed === null || signed.length !== SIGNED_LENGTH) return MALFORMED;
  const payloadBytes = signed.subarray(0, PAYLOAD_LENGTH);
  const payload = decodeTokenPayload(payloadBytes);
  if (payload === null) return MALFORMED;
  return { ok: true, payload, payloadBytes, signature: signed.subarray(PAYLOAD_LENGTH), staticText, rotatingCode: rotating };
}

/**
 * Digest a verifier keeps instead of the whole issued token: the first 16 bytes of
 * SHA-256(payload ‖ signature). Holding digests rather than tokens means a stolen manifest cannot
 * be turned back into scannable tickets (finding a matching token is a second-preimage attack).
 */
export function tokenDigest(token: Pick<ParsedToken, 'payloadBytes' | 'signature'>): Uint8Array {
  const signed = new Uint8Array(SIGNED_LENGTH);
  signed.set(token.payloadBytes, 0);
  signed.set(token.signature, PAYLOAD_LENGTH);
  return sha256(signed).subarray(0, TOKEN_DIGEST_LENGTH);
}

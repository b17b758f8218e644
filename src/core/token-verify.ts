// Verifying a scanned ticket token: the part of a verdict that depends only on the QR text.
// Checks run in a fixed order, each failure mapping to one reason of the closed set:
//   1. parse                          → malformed
//   2. key id known and not revoked   → revoked_key
//   3. authenticity                   → bad_signature
//      (a held digest of the issued token when the verifier has one — cheap and also catches a
//      superseded token of a re-issued ticket — otherwise the Ed25519 signature)
//   4. rotating code                  → code_expired
// The rotating code is only looked at after authenticity, so a forged token learns nothing about it.
import { constantTimeEqual } from './constant-time.ts';
import { nobleVerify, type AsyncVerifyFn, type VerifyFn } from './ed25519.ts';
import { checkRotatingCode, DEFAULT_SKEW_STEPS } from './rotation.ts';
import { parseTicketToken, tokenDigest, type ParsedToken } from './token.ts';
import type { TokenPayload } from './token-payload.ts';

export interface KeyInfo {
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  revoked?: boolean;
  /** The event the key belongs to, when the verifier knows it (lets callers answer wrong_event). */
  eventId?: string;
}

export type KeyLookup = (kid: number) => KeyInfo | undefined;

export interface RotationCheck {
  /** The per-ticket rotation key, or undefined when this verifier cannot derive it. */
  keyFor: (payload: TokenPayload) => Uint8Array | undefined;
  /** Whether a code without the rotating part is accepted (per ticket type). */
  allowStatic: boolean | ((payload: TokenPayload) => boolean);
  /** 30-second steps accepted on either side of `at`; default 1. */
  skewSteps?: number;
}

export interface VerifyOptions {
  /** Signature check; defaults to noble (pure JS). */
  verify?: VerifyFn;
  /** Digest (tokenDigest) of the token issued for this ticket, when the verifier holds it. */
  heldDigest?: (payload: TokenPayload) => Uint8Array | undefined;
  /** Check the rotating part. Without it the rotating part is ignored (rotation: 'unchecked'). */
  rotation?: RotationCheck;
  /** Epoch ms; required with `rotation`. */
  at?: number;
}

export interface AsyncVerifyOptions extends Omit<VerifyOptions, 'verify'> {
  verify: AsyncVerifyFn | VerifyFn;
}

export type TokenFailureReason = 'malformed' | 'revoked_key' | 'bad_signature' | 'code_expired';

export interface VerifiedToken {
  ok: true;
  payload: TokenPayload;
  key: KeyInfo;
  /** How the rotating part was treated: matched, absent but static allowed, or not checked. */
  rotation: 'valid' | 'static' | 'unchecked';
  /** How authenticity was established. */
  authenticatedBy: 'held_digest' | 'signature';
  staticText: string;
}

export interface TokenFailure {
  ok: false;
  reason: TokenFailureReason;
  /** Present only once authenticity is established (i.e. for code_expired). */
  payload?: TokenPayload;
}

export type TokenVerification = VerifiedToken | TokenFailure;

type Pre =
  | TokenFailure
  | { ok: true; parsed: ParsedToken; key: KeyInfo; held: Uint8Array | undefined };

function precheck(text: string, keyLookup: KeyLookup, opts: Omit<VerifyOptions, 'verify'>): Pre {
  if (opts.rotation && typeof opts.at !== 'number') {
    // A programming error, not a scan outcome: a verifier must say what time it is.
    throw new TypeError('verifyTicketToken: `at` is required when `rotation` is given');
  }
  const parsed = parseTicketToken(text);
  if (!parsed.ok) return { ok: false, reason: 'malformed' };
  const key = keyLookup(parsed.payload.kid);
  if (!key || key.revoked) return { ok: false, reason: 'revoked_key' };
  return { ok: true, parsed, key, held: opts.heldDigest?.(parsed.payload) };
}

function heldMatches(parsed: ParsedToken, held: Uint8Array): boolean {
  if (held.length === 0 || held.length > 32) return false;
  return constantTimeEqual(tokenDigest(parsed).subarray(0, held.length), held);
}

function finish(
  parsed: ParsedToken,
  key: KeyInfo,
  by: VerifiedToken['authenticatedBy'],
  opts: Pick<VerifyOptions, 'rotation' | 'at'>,
): TokenVerification {
  const { payload, rotatingCode, staticText } = parsed;
  const rotation = opts.rotation;
  if (!rotation) return { ok: true, payload, key, rotation: 'unchecked', authenticatedBy: by, staticText };
  const expired: TokenFailure = { ok: false, reason: 'code_expired', payload };
  if (rotatingCode === null) {
    const allowStatic = typeof rotation.allowStatic === 'function' ? rotation.allowStatic(payload) : rotation.allowStatic;
    return allowStatic ? { ok: true, payload, key, rotation: 'static', authenticatedBy: by, staticText } : expired;
  }
  // A present code must be right even when static codes are allowed: a stale code is a screenshot.
  const perTicketKey = rotation.keyFor(payload);
  if (!perTicketKey) return expired;
  const offset = checkRotatingCode(perTicketKey, rotatingCode, opts.at!, rotation.skewSteps ?? DEFAULT_SKEW_STEPS);
  if (offset === null) return expired;
  return { ok: true, payload, key, rotation: 'valid', authenticatedBy: by, staticText };
}

/** Verifies QR text synchronously. Never throws for any text; see the module comment for order. */
export function verifyTicketToken(text: string, keyLookup: KeyLookup, opts: VerifyOptions = {}): TokenVerification {
  const pre = precheck(text, keyLookup, opts);
  if (!pre.ok) return pre;
  const { parsed, key, held } = pre;
  if (held) {
    return heldMatches(parsed, held) ? finish(parsed, key, 'held_digest', opts) : { ok: false, reason: 'bad_signature' };
  }
  const verify = opts.verify ?? nobleVerify;
  if (!safeVerify(verify, key.publicKey, parsed)) return { ok: false, reason: 'bad_signature' };
  return finish(parsed, key, 'signature', opts);
}

/** Same as verifyTicketToken with an asynchronous signature check (e.g. WebCrypto Ed25519). */
export async function verifyTicketTokenAsync(
  text: string,
  keyLookup: KeyLookup,
  opts: AsyncVerifyOptions,
): Promise<TokenVerification> {
  const pre = precheck(text, keyLookup, opts);
  if (!pre.ok) return pre;
  const { parsed, key, held } = pre;
  if (held) {
    return heldMatches(parsed, held) ? finish(parsed, key, 'held_digest', opts) : { ok: false, reason: 'bad_signature' };
  }
  let valid: boolean;
  try {
    valid = await opts.verify(key.publicKey, parsed.payloadBytes, parsed.signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };
  return finish(parsed, key, 'signature', opts);
}

function safeVerify(verify: VerifyFn, publicKey: Uint8Array, parsed: ParsedToken): boolean {
  try {
    return verify(publicKey, parsed.payloadBytes, parsed.signature) === true;
  } catch {
    return false; // an injected verifier that throws on odd input is still a "no"
  }
}

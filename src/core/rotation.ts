// The rotating part of a ticket QR (anti-screenshot). The attendee's ticket page holds a per-ticket
// key and appends a short MAC of the current 30-second time step; a screenshot stops scanning
// within about a minute. Same idea as TOTP (RFC 6238) and Ticketmaster SafeTix.
//
//   perTicketKey = HMAC-SHA256(eventRotationSecret, "karibu-rot-v1" ‖ u32be(serial))
//   step         = floor(unixMs / 30000)
//   code         = base45(HMAC-SHA256(perTicketKey, u64be(step))[0..8])   → 12 characters
//
// The per-ticket key is what the ticket page receives: it lets one ticket rotate its own code, and
// leaking it (it sits on the attendee's phone) reveals nothing about other tickets of the event.
// 8 bytes (64 bits) of MAC: the code is checked online or offline within ±1 step, so guessing is
// hopeless; shorter would not make the QR smaller (the static part already needs QR version 6).
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase45, encodeBase45 } from './base45.ts';
import { constantTimeEqual } from './constant-time.ts';

export const ROTATION_STEP_MS = 30_000;
export const ROTATION_MAC_BYTES = 8;
/** base45 length of the MAC: 8 bytes = 4 groups of 3 characters. */
export const ROTATING_CODE_LENGTH = 12;
/** Separates the static token from the rotating code in the QR text. */
export const ROTATION_SEPARATOR = '*';
/** Steps accepted on either side of the verifier's current step by default. */
export const DEFAULT_SKEW_STEPS = 1;

// ASCII bytes of the label (core's ES lib has no TextEncoder).
const LABEL = Uint8Array.from('karibu-rot-v1', (c) => c.charCodeAt(0));

/** Per-ticket rotation key (32 bytes) derived from the event's rotation secret. */
export function deriveRotationKey(eventSecret: Uint8Array, serial: number): Uint8Array {
  if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffffff) {
    throw new RangeError('serial must be an integer in 0..2^32-1');
  }
  const message = new Uint8Array(LABEL.length + 4);
  message.set(LABEL, 0);
  new DataView(message.buffer).setUint32(LABEL.length, serial);
  return hmac(sha256, eventSecret, message);
}

/** The 30-second step number that a time in epoch milliseconds falls into. */
export function rotationStep(atMs: number): number {
  return Math.floor(atMs / ROTATION_STEP_MS);
}

function macOfStep(perTicketKey: Uint8Array, step: number): Uint8Array {
  // u64 big-endian without BigInt: steps are far below 2^53, split into two u32 halves.
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(step / 0x100000000));
  view.setUint32(4, step >>> 0);
  return hmac(sha256, perTicketKey, message).subarray(0, ROTATION_MAC_BYTES);
}

/** The rotating code (12 base45 characters) for the step containing atMs. */
export function rotatingCode(perTicketKey: Uint8Array, atMs: number): string {
  return encodeBase45(macOfStep(perTicketKey, rotationStep(atMs)));
}

/** Static QR text + separator + the current rotating code: what the ticket page renders. */
export function appendRotatingCode(staticText: string, perTicketKey: Uint8Array, atMs: number): string {
  return staticText + ROTATION_SEPARATOR + rotatingCode(perTicketKey, atMs);
}

/**
 * Checks a rotating code against the steps around atMs (±skewSteps). Returns the offset of the
 * matching step (0, −1, +1, −2, …) or null. The MAC comparison is constant-time; trying the current
 * step first and stopping at a match leaks only which step matched, which is not secret.
 */
export function checkRotatingCode(
  perTicketKey: Uint8Array,
  code: string,
  atMs: number,
  skewSteps: number = DEFAULT_SKEW_STEPS,
): number | null {
  if (!Number.isInteger(skewSteps) || skewSteps < 0 || skewSteps > 20) {
    throw new RangeError('skewSteps must be an integer in 0..20'); // configuration bug, not a scan outcome
  }
  const mac = code.length === ROTATING_CODE_LENGTH ? decodeBase45(code) : null;
  if (mac === null || mac.length !== ROTATION_MAC_BYTES) return null;
  const now = rotationStep(atMs);
  if (constantTimeEqual(macOfStep(perTicketKey, now), mac)) return 0;
  for (let distance = 1; distance <= skewSteps; distance++) {
    if (constantTimeEqual(macOfStep(perTicketKey, now - distance), mac)) return -distance;
    if (constantTimeEqual(macOfStep(perTicketKey, now + distance), mac)) return distance;
  }
  return null;
}

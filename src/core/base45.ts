// Base45 (RFC 9285): binary → the 45-character QR alphanumeric alphabet, so a QR code can use
// alphanumeric mode (5.5 bits per character) instead of byte mode (8 bits per character).
//
// decode() is strict so that every valid string maps to exactly one byte string and back: a
// 3-character group above 65535 or a trailing 2-character group above 255 is rejected, as is any
// character outside the alphabet (lowercase included). It never throws; it returns null.

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// Char code → digit value, -1 for characters outside the alphabet. Built once at load.
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) DIGIT[BASE45_ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base45 text (RFC 9285 §4). */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  const pairs = bytes.length - (bytes.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (pairs < bytes.length) {
    const n = bytes[pairs]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

function digit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? DIGIT[code]! : -1;
}

/** Decodes base45 text; null when any character, the length or a group value is invalid. */
export function decodeBase45(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 3 === 1) return null;
  const full = text.length - (text.length % 3);
  const out = new Uint8Array((full / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    const e = digit(text, i + 2);
    if (c < 0 || d < 0 || e < 0) return null;
    const n = c + d * 45 + e * 2025;
    if (n > 0xffff) return null;
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (full < text.length) {
    const c = digit(text, full);
    const d = digit(text, full + 1);
    if (c < 0 || d < 0) return null;
    const n = c + d * 45;
    if (n > 0xff) return null;
    out[o] = n;
  }
  return out;
}

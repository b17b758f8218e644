// Codes people type: the 8-character human code printed on a ticket and the 6-digit PIN a
// feature-phone user texts. Randomness is passed in (core has no random source of its own).
//
// Human code: `XXXX-XXXX`, 7 random characters + 1 check character over a 31-character alphabet
// without 0/O, 1/I/L. 31 is prime, so the weighted check  Σ (i+1)·v[i] ≡ 0 (mod 31)  catches every
// single-character substitution (weights are non-zero mod 31) and every adjacent transposition
// (neighbouring weights differ by 1) — the two errors people make when reading a code aloud.
// 31^7 ≈ 2.75·10^10 codes (35 bits): guessing one valid code of a 100,000-ticket event takes
// ~275,000 tries on average, far beyond the per-device lockout.
//
// Confusable characters are rejected, not mapped: the codes never contain 0, O, 1, I or L, so any
// mapping (O→D? O→Q? I→J?) would be a guess, and the scanner can say precisely what is wrong instead.

export const HUMAN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = HUMAN_CODE_ALPHABET.length; // 31
const LENGTH = 8;
const INVERSE_OF_LAST_WEIGHT = 4; // 8 · 4 = 32 ≡ 1 (mod 31)

/** Random bytes: a buffer consumed in order, or a function returning n fresh bytes. */
export type RandomSource = Uint8Array | ((length: number) => Uint8Array);

function byteReader(random: RandomSource): () => number {
  let buffer = typeof random === 'function' ? random(16) : random;
  let index = 0;
  return () => {
    if (index >= buffer.length) {
      // A fixed buffer that ran out is a caller bug (too few bytes for rejection sampling).
      if (typeof random !== 'function') throw new RangeError('not enough random bytes');
      buffer = random(16);
      index = 0;
    }
    return buffer[index++]!;
  };
}

function valueOf(ch: string): number {
  return HUMAN_CODE_ALPHABET.indexOf(ch);
}

function checkValue(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < LENGTH - 1; i++) sum += (i + 1) * values[i]!;
  return (((BASE - (sum % BASE)) % BASE) * INVERSE_OF_LAST_WEIGHT) % BASE;
}

/** Makes a uniformly random human code `XXXX-XXXX` (check character last). */
export function makeHumanCode(random: RandomSource): string {
  const next = byteReader(random);
  const values: number[] = [];
  while (values.length < LENGTH - 1) {
    const b = next();
    // 248 = 8·31: bytes at or above it are dropped so every character is equally likely.
    if (b < 248) values.push(b % BASE);
  }
  values.push(checkValue(values));
  const text = values.map((v) => HUMAN_CODE_ALPHABET[v]!).join('');
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

export type HumanCodeInputStatus = 'incomplete' | 'invalid_char' | 'too_long' | 'bad_check' | 'valid';

export interface HumanCodeInputCheck {
  status: HumanCodeInputStatus;
  /** The characters typed so far, uppercased, separators removed. */
  chars: string;
  /** `XXXX-XXXX` when status is 'valid'. */
  code: string | null;
}

/**
 * Checks what staff typed so far, for feedback as they type: uppercase, spaces / dashes / dots /
 * underscores ignored. 'invalid_char' names input containing a character that codes never have.
 */
export function checkHumanCodeInput(input: string): HumanCodeInputCheck {
  const chars = String(input).toUpperCase().replace(/[\s\-_.]/g, '');
  for (const ch of chars) {
    if (valueOf(ch) < 0) return { status: 'invalid_char', chars, code: null };
  }
  if (chars.length < LENGTH) return { status: 'incomplete', chars, code: null };
  if (chars.length > LENGTH) return { status: 'too_long', chars, code: null };
  const values = [...chars].map(valueOf);
  if (checkValue(values) !== values[LENGTH - 1]) return { status: 'bad_check', chars, code: null };
  return { status: 'valid', chars, code: `${chars.slice(0, 4)}-${chars.slice(4)}` };
}

/**
 * Canonical form `XXXX-XXXX` of a typed code with only allowed characters and the right length,
 * or null. Does not check the check character (see isValidHumanCode).
 */
export function normalizeHumanCode(input: string): string | null {
  const { status, chars } = checkHumanCodeInput(input);
  if (status !== 'valid' && status !== 'bad_check') return null;
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** True when input is a complete human code with a correct check character. */
export function isValidHumanCode(input: string): boolean {
  return checkHumanCodeInput(input).status === 'valid';
}

// PINs: 6 decimal digits, leading zeros allowed. Uniform by rejection: a u32 at or above
// 4,294,000,000 (the largest multiple of 10^6 below 2^32) is dropped and 4 more bytes are read.
const PIN_SPACE = 1_000_000;
const PIN_LIMIT = Math.floor(0x100000000 / PIN_SPACE) * PIN_SPACE;

/** Makes a uniformly random 6-digit PIN. Uniqueness within the event is the issuer's job. */
export function makePin(random: RandomSource): string {
  const next = byteReader(random);
  for (;;) {
    const n = ((next() << 24) | (next() << 16) | (next() << 8) | next()) >>> 0;
    if (n < PIN_LIMIT) return String(n % PIN_SPACE).padStart(6, '0');
  }
}

/** True for exactly six ASCII digits. */
export function isPinFormat(s: string): boolean {
  return typeof s === 'string' && /^[0-9]{6}$/.test(s);
}

import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP-recommended scrypt cost (N=2^17, r=8, p=1 ≈ 128 MiB·ms-ish); stored with its parameters so
// they can be raised later without breaking existing hashes. Format: scrypt$N$r$p$salt$hash (base64).
const PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;
export interface ScryptParams { N: number; r: number; p: number }
const KEY_LENGTH = 32;
const MAX_MEM = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * `params` exists for fixtures and benchmarks that create many accounts (a cheaper cost, stored in
 * the hash); production accounts always use the default.
 */
export async function hashPassword(password: string, params: ScryptParams = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: MAX_MEM });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * A well-formed hash with the default cost that no password matches. Login verifies against it
 * when the email is unknown, so an unknown email takes as long as a wrong password.
 */
export function unmatchableHash(): string {
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, randomBytes(16).toString('base64'), randomBytes(KEY_LENGTH).toString('base64')].join('$');
}

/** Constant-time check; false (never an exception) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: MAX_MEM });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A memorable-enough random password for generated accounts (demo, first owner): 4 groups of 4. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[randomInt(alphabet.length)];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}

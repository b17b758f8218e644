import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets we hand out (refresh tokens, device tokens, API keys, setup codes, password-setup
 * links) are random,
 * carry a short readable prefix saying what they are (so a leaked one is recognisable in a secret
 * scanner), and are stored only as SHA-256: a stolen database does not yield usable credentials.
 * 256-bit secrets need no salt or slow hash; lookups go by the hash through a unique index.
 */
export type SecretKind = 'refresh' | 'device' | 'api_key' | 'password_setup';
const PREFIXES: Record<SecretKind, string> = { refresh: 'krt_', device: 'kdv_', api_key: 'kak_', password_setup: 'kps_' };

export function newSecret(kind: SecretKind): string {
  return PREFIXES[kind] + randomBytes(32).toString('base64url');
}

/** True when text has the shape of a secret of this kind (cheap pre-check before any lookup). */
export function looksLikeSecret(kind: SecretKind, text: unknown): text is string {
  return typeof text === 'string' && text.length === PREFIXES[kind].length + 43 && text.startsWith(PREFIXES[kind]);
}

export function hashSecret(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

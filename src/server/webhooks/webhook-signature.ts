import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, the scheme receivers implement (docs/api.md, "Webhooks"):
 *
 *   Karibu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside the MAC so a captured delivery cannot be replayed later; receivers
 * reject a `t` more than 5 minutes from their clock. The key is the endpoint secret string
 * ("whsec_…") as UTF-8. Several v1= entries may appear during a secret rotation; any match counts.
 */

export const SIGNATURE_HEADER = 'karibu-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signWebhookBody(secret: string, rawBody: string | Uint8Array, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does (used by our tests as a receiver would, and offered to integrators in docs). */
export function verifyWebhookSignature(
  secret: string, header: string | undefined, rawBody: string | Uint8Array,
  nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (t === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex'));
  const match = candidates.some((c) => timingSafeEqual(Buffer.from(c), expected));
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'mismatch' };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, the schemes receivers implement (docs/api.md, "Webhooks"). Every delivery
 * carries both:
 *
 *   Karibu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *     key: the endpoint secret string ("whsec_…") as UTF-8.
 *
 *   webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<t>.<raw body>")>
 *     Standard Webhooks (standardwebhooks.com), so receivers can use that spec's libraries;
 *     key: the bytes the base64 after "whsec_" encodes.
 *
 * The timestamp is inside the MAC so a captured delivery cannot be replayed later; receivers
 * reject a `t` more than 5 minutes from their clock. Several v1 entries may appear during a secret
 * rotation; any match counts.
 */

export const SIGNATURE_HEADER = 'karibu-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Standard base64 with padding, as the spec's libraries decode it (Python's refuses a missing pad,
 * the JavaScript one refuses the URL-safe alphabet).
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks HMAC key of a secret. Endpoints registered before secrets were standard
 * base64 hold base64url ones; Node's decoder reads both alphabets, so those sign with the same
 * 32 bytes and their Karibu-Signature (keyed by the string) is unchanged.
 */
export function standardWebhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

export function signStandardWebhook(secret: string, messageId: string, timestampSeconds: number, rawBody: string | Uint8Array): string {
  const mac = createHmac('sha256', standardWebhookKey(secret)).update(`${messageId}.${timestampSeconds}.`).update(rawBody).digest('base64');
  return `v1,${mac}`;
}

/**
 * The signing headers of one delivery attempt. `messageId` must be the same on every retry of a
 * delivery: receivers deduplicate on webhook-id.
 */
export function webhookSignatureHeaders(
  secret: string, messageId: string, rawBody: string, timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: signWebhookBody(secret, rawBody, timestampSeconds),
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signStandardWebhook(secret, messageId, timestampSeconds, rawBody),
  };
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

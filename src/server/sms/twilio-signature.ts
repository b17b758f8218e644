import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (X-Twilio-Signature): Base64(HMAC-SHA1(auth token, the full URL
 * Twilio called, then each POST parameter sorted by name, as name followed by value)). The URL is
 * the one we gave Twilio — PUBLIC_URL plus the path and query — not what a proxy in front of us
 * rewrote it to.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params).sort().reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Constant-time check of a received signature. */
export function twilioSignatureValid(authToken: string, url: string, params: Record<string, string>, received: string | undefined): boolean {
  if (!received) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const got = Buffer.from(received);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Personal data and credentials never reach the logs (DESIGN.md §6): names, emails, phones, PINs,
 * QR tokens, passwords and auth headers are censored wherever they appear in a logged object, and
 * URL paths carrying secrets (attendee links) are shortened.
 */
const SENSITIVE_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'newPassword', 'token', 'accessToken',
  'refreshToken', 'deviceToken', 'setupCode', 'apiKey', 'secret', 'qr', 'pin', 'humanCode', 'email',
  'phone', 'holderName', 'holder_name', 'holderEmail', 'holder_email', 'holderPhone', 'holder_phone',
  'displayName', 'display_name', 'msisdn',
];
export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `req.headers["${k}"]`),
  ...SENSITIVE_KEYS,
];

/** Attendee links, setup codes and anything after a known secret-bearing prefix are cut. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? url;
  return path.replace(/\/(t|e|pair)\/[^/]+/g, '/$1/[redacted]');
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Total functions: a serializer that throws would lose the whole log line.
      req: (req: { method?: unknown; url?: unknown; id?: unknown }) => ({
        id: typeof req.id === 'string' ? req.id : undefined,
        method: typeof req.method === 'string' ? req.method : undefined,
        url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
      }),
      res: (res: { statusCode?: unknown }) => ({ statusCode: typeof res.statusCode === 'number' ? res.statusCode : undefined }),
    },
  };
}

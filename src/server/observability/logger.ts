import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';

/**
 * Personal data and credentials never reach the logs (DESIGN.md §6): names, emails, phones, PINs,
 * QR tokens, passwords and auth headers are censored wherever they appear in a log line, and URL
 * paths carrying secrets (attendee links) are shortened.
 *
 * Censoring works on the finished line, after pino's serializers: a line that names none of the
 * sensitive keys (nearly every line) is written as is after one regex test; any other line is
 * parsed, every sensitive key at any depth censored, and written again. pino's own `redact`
 * (wildcard paths) cost ~10 µs per request for the request's child logger alone and ~40 µs per
 * logged line, and reached only three levels deep.
 */
export const SENSITIVE_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'newPassword', 'token', 'accessToken',
  'refreshToken', 'deviceToken', 'setupCode', 'apiKey', 'secret', 'qr', 'pin', 'humanCode', 'email',
  'phone', 'holderName', 'holder_name', 'holderEmail', 'holder_email', 'holderPhone', 'holder_phone',
  'displayName', 'display_name', 'msisdn',
  // Photo check: an upload body (data URL) or a stored image must never reach a log line.
  'photo', 'photo_enc', 'thumb_enc',
] as const;
export const CENSOR = '[redacted]';

const SENSITIVE = new Set<string>(SENSITIVE_KEYS);
// A sensitive key as JSON writes it: `"email":` — or `\"email\":` inside a string holding JSON
// (an object interpolated into the message, a stored response).
const NAMES_SENSITIVE_KEY = new RegExp(`"(?:${SENSITIVE_KEYS.map((k) => k.replace(/-/g, '\\-')).join('|')})\\\\?":`);

/** The log line with every sensitive value censored (unchanged when it names no sensitive key). */
export function censorLine(line: string): string {
  if (!NAMES_SENSITIVE_KEY.test(line)) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return `${JSON.stringify({ msg: 'log line withheld: it named a sensitive field and was not JSON' })}\n`;
  }
  return `${JSON.stringify(censor(parsed))}\n`;
}

function censor(value: unknown): unknown {
  if (typeof value === 'string') return NAMES_SENSITIVE_KEY.test(value) ? CENSOR : value;
  if (Array.isArray(value)) return value.map(censor);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SENSITIVE.has(key) ? CENSOR : censor(v);
  return out;
}

/** Attendee links, setup codes and anything after a known secret-bearing prefix are cut. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? url;
  return path.replace(/\/(t|e|pair)\/[^/]+/g, '/$1/[redacted]');
}

/**
 * Standard output, written in blocks instead of one write(2) per line. Fastify logs a line as each
 * request arrives and one as it completes; at a busy door (2,000 scans/s) a system call per line
 * cost the server about 60 µs of CPU per scan on the benchmark box, a sixth of its CPU per scan
 * (bench/README.md). Lines now wait until 4 KB gather or 250 ms pass. pino writes what is left synchronously
 * when the process exits (an error that ends it, a signal it handles), so only a hard kill
 * (SIGKILL, V8 running out of memory) can lose the last quarter second of lines.
 * One per process: every app built in it (tests build many) shares it.
 */
let stdout: pino.DestinationStream | undefined;

function bufferedStdout(): pino.DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }));
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    // Nothing is written when silent (tests): no stream, no flush timer.
    ...(config.logLevel === 'silent' ? {} : { stream: bufferedStdout() }),
    hooks: { streamWrite: censorLine },
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

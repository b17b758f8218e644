import type { InjectAnswer } from '../support/inject-answer.ts';
import { ERROR_CODES } from '../../src/server/shared/domain-error.ts';

/**
 * What every answer to hostile input must look like: never a 5xx (except a documented 503
 * not_configured / unavailable), errors exactly `{ error: { code, message, details? } }` with a code from the
 * closed set, and nothing of the server's insides — stack frames, file paths, SQL, driver messages.
 */

/** Leaks that may appear in no body at all (the fuzzer never sends these strings itself). */
const ANY_BODY_LEAKS: [RegExp, string][] = [
  [/\n\s+at [^\n]+:\d+:\d+/, 'a stack trace'],
  [/\/work\/|node_modules|file:\/\/|[\w-]+\.ts:\d+/, 'a source file path'],
  [/"stack"\s*:/, 'a stack property'],
];

/** Leaks that may not appear in an error body (error messages may echo input, so these are narrower). */
const ERROR_BODY_LEAKS: [RegExp, string][] = [
  [/violates (?:foreign key|unique|check|not-null) constraint|duplicate key value|syntax error at or near|invalid input syntax|out of range for type|relation "[^"]+" does not exist|column "[^"]+"|current transaction is aborted|invalid byte sequence|unsupported Unicode escape/i, 'a database error message'],
  [/\b(?:select|insert|update|delete)\b[^"]{0,80}\b(?:from|into|set|where)\b/i, 'SQL text'],
  [/PGlite|PostgresError|DatabaseError|Kysely|ECONNREFUSED|ioredis|pg_catalog|karibu_(?:app|system|scan|auth|principal|tenant)/i, 'an internal component name'],
  [/TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not defined|undefined is not|\[object Object\]/, 'a JavaScript error'],
  [/FST_[A-Z_]+|instancePath|schemaPath/, 'a framework error code'],
];

export interface Expectations {
  /** The route documents a 503 (not_configured / unavailable are then acceptable). */
  documents503: boolean;
}

/** Problems with one response; empty when it is acceptable. */
export function problemsWith(res: InjectAnswer, expect: Expectations): string[] {
  const problems: string[] = [];
  const body = res.body;
  for (const [re, what] of ANY_BODY_LEAKS) if (re.test(body)) problems.push(`body contains ${what}`);
  if (res.statusCode >= 500) {
    const code = safeJson(body)?.error?.code;
    const allowed = res.statusCode === 503 && expect.documents503 && (code === 'not_configured' || code === 'unavailable');
    if (!allowed) problems.push(`status ${res.statusCode}`);
  }
  if (res.statusCode >= 400) {
    const parsed = safeJson(body);
    if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`error content-type ${String(res.headers['content-type'])}`);
    if (!isErrorBody(parsed)) problems.push('error body is not exactly { error: { code, message, details? } }');
    else if (!(ERROR_CODES as readonly string[]).includes(parsed.error.code)) problems.push(`unknown error code ${parsed.error.code}`);
    for (const [re, what] of ERROR_BODY_LEAKS) if (re.test(body)) problems.push(`error body contains ${what}`);
  }
  return problems;
}

interface ErrorBodyShape { error: { code: string; message: string } }

function isErrorBody(v: unknown): v is ErrorBodyShape {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'error') return false;
  const e = (v as { error: unknown }).error;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const ek = Object.keys(e).filter((k) => k !== 'details').sort();
  return ek.length === 2 && ek[0] === 'code' && ek[1] === 'message'
    && typeof (e as ErrorBodyShape['error']).code === 'string' && typeof (e as ErrorBodyShape['error']).message === 'string'
    && (e as ErrorBodyShape['error']).message.length > 0
    && isDetails((e as { details?: unknown }).details);
}

/** `details`, when present: 1–20 `{ path, message }`, both non-empty text. */
function isDetails(d: unknown): boolean {
  if (d === undefined) return true;
  return Array.isArray(d) && d.length >= 1 && d.length <= 20 && d.every((x) => x && typeof x === 'object'
    && Object.keys(x).sort().join() === 'message,path'
    && typeof x.path === 'string' && x.path.length > 0 && typeof x.message === 'string' && x.message.length > 0);
}

function safeJson(text: string): { error?: { code?: string } } | undefined {
  try { return JSON.parse(text) as { error?: { code?: string } }; } catch { return undefined; }
}

/** A short, printable rendering of what was sent, for failure reports. */
export function describeInput(input: { method: string; url: string; headers?: Record<string, string>; payload?: string | undefined }): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const headers = Object.entries(input.headers ?? {}).filter(([k]) => k !== 'authorization' && k !== 'x-api-key')
    .map(([k, v]) => `${k}: ${cut(v, 60)}`).join('; ');
  return `${input.method} ${cut(input.url, 160)}${headers ? ` [${headers}]` : ''}${input.payload !== undefined ? ` body=${cut(JSON.stringify(input.payload), 220)}` : ''}`;
}

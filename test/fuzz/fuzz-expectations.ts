/**
 * What the route fuzzer expects beyond the error contract: which callers to use, which tables
 * background jobs change under it, and the bugs it found that are not fixed yet.
 */

/** Actions that need a door-device session. */
export const DEVICE_ACTIONS = new Set(['scan:create', 'manifest:read', 'sync:upload', 'device:self', 'ticket:search']);

/**
 * Bugs found by this fuzzer in code its author may not change, each reported to the lead. A listed
 * bug that stops reproducing fails the run, so this list only ever shrinks.
 */
export const KNOWN_BUGS: { route: string; label: RegExp; problem?: RegExp; db?: 'pglite' | 'postgres'; note: string }[] = [
  // app.ts: Fastify's router answers these itself, in its own shape ({ error: 'Bad Request', code: 'FST_…',
  // statusCode }). Fix: `frameworkErrors: handleFrameworkError` (http/api-error.ts) in the Fastify options.
  { route: '*', label: /^path \w+: (600 chars|broken percent-encoding)$/, note: 'router errors bypass the error handler' },
  // app.ts / AJV_OPTIONS: coerceTypes applies to JSON bodies too, so null becomes false / 0 / "" —
  // `{"active": null}` deactivates a staff member, `{"sentAt": null}` shifts a whole offline batch by 23 days.
  // Fix: coerce querystring, params and headers only (a body validator compiler with coerceTypes: false).
  { route: '*', label: /: null$/, problem: /null was accepted/, note: 'JSON bodies are type-coerced' },
  // sync (not ours): bodies without additionalProperties: false.
  { route: 'POST /api/v1/events/:eventId/scans/batch', label: /unknown (top-level )?field$/, note: 'unknown fields accepted' },
  { route: 'PUT /api/v1/devices/:deviceId/offline-names', label: /unknown top-level field$/, note: 'unknown fields accepted' },
  { route: 'POST /api/v1/events/:eventId/conflicts/:scanId/resolve', label: /unknown top-level field$/, note: 'unknown fields accepted' },
];

/** Outboxes worked through by background jobs (webhook deliveries, emails) while the fuzzer runs. */
export const BACKGROUND_TABLES = new Set(['webhook_deliveries', 'webhook_attempts', 'email_deliveries']);

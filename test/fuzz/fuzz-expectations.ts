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
];

/** Outboxes worked through by background jobs (webhook deliveries, emails, queued SMS) while the fuzzer runs. */
export const BACKGROUND_TABLES = new Set(['webhook_deliveries', 'webhook_attempts', 'email_deliveries', 'sms_messages']);

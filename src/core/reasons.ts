// The closed set of reasons a scan can end with (DESIGN §3). Staff see them translated, the API
// and the scan log store them as they are, so adding one is a format change: extend this list,
// the translations and docs together.

export const REASON_CODES = [
  'admitted',
  'exited',
  'already_inside',
  'duplicate_scan',
  'cooldown',
  'max_entries',
  'wrong_event',
  'wrong_zone',
  'not_yet_valid',
  'expired',
  'event_not_started',
  'event_ended',
  'cancelled',
  'refunded',
  'transferred',
  'void',
  'unknown_ticket',
  'bad_signature',
  'revoked_key',
  'code_expired',
  'malformed',
  'not_allowed',
  // The organizer cancelled the event: every scan at its doors is refused, whatever the ticket.
  'event_cancelled',
  // Session check-in at the door of a room (decide-session.ts): the room holds its capacity, the
  // session is not on now, or the ticket does not admit to this session.
  'session_full',
  'session_not_running',
  'session_not_admitted',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export type Verdict = 'admitted' | 'exited' | 'refused';

const REASON_SET: ReadonlySet<string> = new Set(REASON_CODES);

/** Narrows untrusted input (a stored row, a synced scan) to a ReasonCode. */
export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && REASON_SET.has(value);
}

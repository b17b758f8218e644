// Which recorded scans moved their ticket: the one rule behind undo, the conflicts review, offline
// uploads, check-in webhooks, attendance and the phone's undo button. A ticket's entry count and
// presence are what its standing (not undone) moving scans say, so every place that asks "did this
// scan count?" must ask this, never its own reading of verdicts and reasons. Its SQL twin is
// karibu_moved_ticket() (db/migrations/0013); the two are tested against each other.
//
// A scan moved the ticket when the judgment that counts admitted or exited it:
//   - online: the server's reason is admitted / exited. A duplicate_scan repeats an earlier green
//     (verdict admitted) but moved nothing; a refusal moved nothing.
//   - offline replay: the server's own reason, and only when it agreed with the phone (a conflict
//     never counts — sync-replay.ts).
//   - on the phone, for its own scan before upload: the reason the phone decided.
import type { ReasonCode } from './reasons.ts';

export interface RecordedScanFacts {
  /** The reason the scan was answered with (online), or the phone decided (offline). */
  reason: ReasonCode | string;
  /** Decided on a phone and replayed by the server: the server's reason is what counts. */
  offline?: boolean;
  serverReason?: ReasonCode | string | null;
  /** The server's replay disagreed with the phone. */
  conflict?: boolean;
}

/** Whether a recorded scan admitted or exited its ticket (undo takes annulled ones out on top). */
export function movedTicket(scan: RecordedScanFacts): boolean {
  if (scan.conflict === true) return false;
  const reason = scan.offline === true ? scan.serverReason : scan.reason;
  return reason === 'admitted' || reason === 'exited';
}

// The decision engine: one scan against one ticket's state under the event's policy. The server
// (online and when replaying offline scans) and the door phone (offline) run this same function,
// so their verdicts cannot disagree. Pure and total: no clock (`at` is given), no throw for any
// business outcome, and a refused scan returns the input state object itself, unchanged.
//
// A cancelled event (policy.event.cancelled) refuses every scan, entry or exit, known ticket or
// not, with event_cancelled: the door has nothing left to decide.
// Entry checks, first failure wins (the order is what staff see, so it is part of the contract):
//   wrong_event → status (cancelled/refunded/transferred/void) → duplicate_scan (same device) →
//   event_not_started / event_ended → not_yet_valid / expired → wrong_zone →
//   already_inside → max_entries (lifetime, then per day) → cooldown → admitted
// Exit checks: wrong_event → exits disabled (not_allowed) → duplicate_scan →
//   not inside (not_allowed) → exited.
// Exits ignore status, time and zone: nobody is stopped from leaving over their right to enter.
import { dayKey } from './day-key.ts';
import type { Policy } from './policy.ts';
import type { ReasonCode, Verdict } from './reasons.ts';
import type { LastScan, Scan, TicketState } from './ticket-state.ts';
import { zoneCovers } from './zones.ts';

export interface Decision<S extends TicketState | null | undefined = TicketState> {
  verdict: Verdict;
  reason: ReasonCode;
  /** The state after the scan; the very same object as the input when nothing changed. */
  next: S;
}

function refuse<S extends TicketState | null | undefined>(ticket: S, reason: ReasonCode): Decision<S> {
  return { verdict: 'refused', reason, next: ticket };
}

/**
 * A repeat of the ticket's last state-changing scan by the SAME device at the same gate and
 * direction within the duplicate window (the camera read the QR twice, or the guest re-presented
 * it to the same phone). It returns the earlier verdict with reason duplicate_scan and changes
 * nothing, so an entry is never counted twice. Only the device that gave the answer may hear it
 * again: the same QR at another phone — a second lane, a screenshot shared with a friend — is a
 * second presentation and is judged as usual (already_inside). Measured both ways in time: a
 * phone replaying its own offline scans may record them slightly out of order.
 */
function duplicateOf(ticket: TicketState, scan: Scan, policy: Policy, at: number): Decision | null {
  const verdict = repeatedVerdict(ticket.lastScan, scan, policy, at);
  return verdict ? { verdict, reason: 'duplicate_scan', next: ticket } : null;
}

/** The earlier verdict when `scan` repeats `last` within the duplicate window (see duplicateOf). */
export function repeatedVerdict(
  last: LastScan | undefined, scan: Pick<Scan, 'gateId' | 'direction' | 'deviceId'>, policy: Policy, at: number,
): Verdict | null {
  if (!last || policy.duplicateWindowSeconds <= 0) return null;
  if (last.gateId !== scan.gateId || last.direction !== scan.direction) return null;
  if ((last.deviceId ?? null) !== (scan.deviceId || null)) return null;
  if (Math.abs(at - last.at) > policy.duplicateWindowSeconds * 1000) return null;
  return last.verdict;
}

export function lastScanOf(scan: Pick<Scan, 'gateId' | 'deviceId'>, at: number, moved: 'admitted' | 'exited'): LastScan {
  const last: LastScan = { at, gateId: scan.gateId, direction: moved === 'admitted' ? 'in' : 'out', verdict: moved, reason: moved };
  if (typeof scan.deviceId === 'string' && scan.deviceId !== '') last.deviceId = scan.deviceId;
  return last;
}

function timeRefusal(ticket: TicketState, policy: Policy, at: number): ReasonCode | null {
  const early = policy.earlyGraceSeconds * 1000;
  const late = policy.lateGraceSeconds * 1000;
  const { doorsOpenAt, endsAt } = policy.event;
  if (doorsOpenAt !== null && at < doorsOpenAt - early) return 'event_not_started';
  if (endsAt !== null && at > endsAt + late) return 'event_ended';
  return validityRefusal(ticket, policy, at);
}

/** The ticket's own validity window (± grace): a day pass is not valid on another day. */
export function validityRefusal(ticket: TicketState, policy: Policy, at: number): ReasonCode | null {
  const early = policy.earlyGraceSeconds * 1000;
  const late = policy.lateGraceSeconds * 1000;
  if (ticket.validFrom !== undefined && at < ticket.validFrom - early) return 'not_yet_valid';
  if (ticket.validUntil !== undefined && at > ticket.validUntil + late) return 'expired';
  return null;
}

function decideEntry(ticket: TicketState, scan: Scan, policy: Policy, at: number): Decision {
  if (ticket.status !== 'valid') return refuse(ticket, ticket.status);
  const duplicate = duplicateOf(ticket, scan, policy, at);
  if (duplicate) return duplicate;
  const timing = timeRefusal(ticket, policy, at);
  if (timing) return refuse(ticket, timing);
  if (!zoneCovers(ticket.zones, scan.gateZone, policy.event.zoneParents)) return refuse(ticket, 'wrong_zone');

  const perDay = policy.maxEntriesPerDay !== null;
  const { utcOffsetMinutes, dayStartMinutes } = policy.event;
  const today = perDay ? dayKey(at, utcOffsetMinutes, dayStartMinutes) : undefined;
  // Under per-day rules a new venue day starts everyone outside (nobody presents a ticket to
  // re-enter the next morning without having left; exits are often not scanned at night).
  const enteredEarlierDay =
    perDay && ticket.lastEntryAt !== undefined && dayKey(ticket.lastEntryAt, utcOffsetMinutes, dayStartMinutes) !== today;
  const inside = ticket.presence === 'inside' && !enteredEarlierDay;
  // When a cap is reached, an inside ticket is reported as already_inside: that is what staff can
  // act on ("this ticket is in use"), whereas max_entries means "used up".
  const capReason: ReasonCode = inside ? 'already_inside' : 'max_entries';

  if (inside && policy.reentryRequiresExit) return refuse(ticket, 'already_inside');
  if (policy.maxEntries !== null && ticket.entryCount >= policy.maxEntries) return refuse(ticket, capReason);
  if (perDay) {
    const todayCount = (ticket.entryDays ?? []).filter((d) => d === today).length;
    if (todayCount >= policy.maxEntriesPerDay!) return refuse(ticket, capReason);
  }
  if (policy.cooldownSeconds > 0) {
    const lastMove = Math.max(ticket.lastEntryAt ?? -Infinity, ticket.lastExitAt ?? -Infinity);
    if (at - lastMove < policy.cooldownSeconds * 1000) return refuse(ticket, 'cooldown');
  }

  const next: TicketState = {
    ...ticket,
    presence: 'inside',
    entryCount: ticket.entryCount + 1,
    lastEntryAt: at,
    lastScan: lastScanOf(scan, at, 'admitted'),
  };
  if (perDay) next.entryDays = [...(ticket.entryDays ?? []), today!];
  return { verdict: 'admitted', reason: 'admitted', next };
}

function decideExit(ticket: TicketState, scan: Scan, policy: Policy, at: number): Decision {
  if (!policy.exitScans) return refuse(ticket, 'not_allowed');
  const duplicate = duplicateOf(ticket, scan, policy, at);
  if (duplicate) return duplicate;
  // An exit of a ticket that is not inside is refused as not_allowed: usually the wrong direction
  // is selected on the phone, or the exit was already recorded. State stays as it is.
  if (ticket.presence !== 'inside') return refuse(ticket, 'not_allowed');
  const next: TicketState = {
    ...ticket,
    presence: 'outside',
    lastExitAt: at,
    lastScan: lastScanOf(scan, at, 'exited'),
  };
  return { verdict: 'exited', reason: 'exited', next };
}

/**
 * Decides one scan. `ticket` is null/undefined when the scanned ticket is not known (unknown_ticket).
 * `at` is epoch ms: the server's time online, the corrected device time when replaying.
 */
export function decide<S extends TicketState | null | undefined>(ticket: S, scan: Scan, policy: Policy, at: number): Decision<S> {
  if (policy.event.cancelled === true) return refuse(ticket, 'event_cancelled');
  if (!ticket) return refuse(ticket, 'unknown_ticket');
  if (ticket.eventId !== scan.eventId) return refuse(ticket, 'wrong_event');
  let decision: Decision;
  if (scan.direction === 'in') decision = decideEntry(ticket, scan, policy, at);
  else if (scan.direction === 'out') decision = decideExit(ticket, scan, policy, at);
  else decision = refuse(ticket, 'not_allowed'); // untyped input from a device: not a direction we know
  return decision as Decision<TicketState> as Decision<S>;
}

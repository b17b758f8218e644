// Session check-in: a scan at the door of a room for one session (a talk, a workshop). Judged by
// the same engine as the event's gates — the ticket checks (event, status, the ticket's own
// validity, the device's duplicate window) come from decide.ts — with the session's own rules on
// top. A session scan never changes the ticket's event state: its only state is where the ticket
// stands for this one session (SessionPresence), and the room's head count is the caller's
// (the server counts under a lock on the session row, the phone counts what it knows).
//
// Entry checks, first failure wins:
//   event_cancelled → unknown_ticket → wrong_event → status → duplicate_scan →
//   session_not_running (start − earlyGrace … end) → not_yet_valid / expired →
//   session_not_admitted (admitted types, else the room zone) → already_inside → session_full → admitted
// Exit checks: event_cancelled → unknown_ticket → wrong_event → exits disabled (not_allowed) →
//   duplicate_scan → not inside this session (not_allowed) → exited.
// Re-entry after an exit is allowed (people step out of talks); an entry while inside is refused
// as already_inside, so a ticket passed back through the door cannot take a second seat.
import { lastScanOf, repeatedVerdict, validityRefusal } from './decide.ts';
import type { Policy } from './policy.ts';
import type { ReasonCode, Verdict } from './reasons.ts';
import type { Direction, LastScan, Presence, TicketState } from './ticket-state.ts';
import { zoneCovers } from './zones.ts';

/** What the engine knows about a session: plain JSON, carried by the offline manifest too. */
export interface SessionRule {
  id: string;
  /** Zone code of the session's room; null when the session names no room. */
  zone: string | null;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  /** People the room holds for this session; null = no limit. */
  capacity: number | null;
  /** When set, exactly these ticket types (by type number) are admitted; null = the room zone rule. */
  admitsTypeNos: number[] | null;
}

/** One ticket's standing in one session: its latest standing session move. */
export interface SessionPresence {
  presence: Presence;
  lastScan?: LastScan;
}

export const OUTSIDE_SESSION: Readonly<SessionPresence> = Object.freeze({ presence: 'outside' });

export interface SessionScan {
  eventId: string;
  sessionId: string;
  /** The gate at the room's door when the device names one; '' otherwise. */
  gateId: string;
  direction: Direction;
  deviceId?: string | null;
}

export interface SessionDecision {
  verdict: Verdict;
  reason: ReasonCode;
  /** The ticket's standing in the session after the scan; the input object itself when unchanged. */
  next: SessionPresence;
}

/** Whether the ticket's type may attend the session at all (time and head count aside). */
export function sessionAdmits(ticket: TicketState, session: SessionRule, policy: Policy): boolean {
  if (session.admitsTypeNos !== null) return session.admitsTypeNos.includes(ticket.typeNo);
  // A session with no room and no list is open to every valid ticket of the event.
  if (session.zone === null) return true;
  return zoneCovers(ticket.zones, session.zone, policy.event.zoneParents);
}

/** Whether the session is on at `at`: from its start less the event's early grace, to its end. */
export function sessionRunning(session: SessionRule, policy: Policy, at: number): boolean {
  return at >= session.startsAt - policy.earlyGraceSeconds * 1000 && at <= session.endsAt;
}

/**
 * Decides one session scan. `inside` is how many tickets are inside the session now (the room's
 * count before this scan). `ticket` null/undefined = a ticket the judge does not know.
 */
export function decideSession(
  ticket: TicketState | null | undefined, standing: SessionPresence, scan: SessionScan,
  session: SessionRule, policy: Policy, at: number, inside: number,
): SessionDecision {
  const refuse = (reason: ReasonCode): SessionDecision => ({ verdict: 'refused', reason, next: standing });
  if (policy.event.cancelled === true) return refuse('event_cancelled');
  if (!ticket) return refuse('unknown_ticket');
  if (ticket.eventId !== scan.eventId) return refuse('wrong_event');
  const probe = { gateId: scan.gateId, direction: scan.direction, deviceId: scan.deviceId ?? null };

  if (scan.direction === 'out') {
    if (!policy.exitScans) return refuse('not_allowed');
    const repeat = repeatedVerdict(standing.lastScan, probe, policy, at);
    if (repeat) return { verdict: repeat, reason: 'duplicate_scan', next: standing };
    if (standing.presence !== 'inside') return refuse('not_allowed');
    return { verdict: 'exited', reason: 'exited', next: { presence: 'outside', lastScan: lastScanOf(probe, at, 'exited') } };
  }
  if (scan.direction !== 'in') return refuse('not_allowed');

  if (ticket.status !== 'valid') return refuse(ticket.status);
  const repeat = repeatedVerdict(standing.lastScan, probe, policy, at);
  if (repeat) return { verdict: repeat, reason: 'duplicate_scan', next: standing };
  if (!sessionRunning(session, policy, at)) return refuse('session_not_running');
  const validity = validityRefusal(ticket, policy, at);
  if (validity) return refuse(validity);
  if (!sessionAdmits(ticket, session, policy)) return refuse('session_not_admitted');
  if (standing.presence === 'inside') return refuse('already_inside');
  if (session.capacity !== null && inside >= session.capacity) return refuse('session_full');
  return { verdict: 'admitted', reason: 'admitted', next: { presence: 'inside', lastScan: lastScanOf(probe, at, 'admitted') } };
}

/** The room's head count after a decision: +1 for an admission, −1 for an exit. */
export function insideAfter(inside: number, decision: Pick<SessionDecision, 'reason'>): number {
  if (decision.reason === 'admitted') return inside + 1;
  if (decision.reason === 'exited') return Math.max(0, inside - 1);
  return inside;
}

// Reconciling scans a phone decided offline (docs/sync-protocol.md §5). The server replays each
// uploaded scan through decide() at its corrected time and compares verdicts; the scanner uses the
// same ordering to re-apply its pending scans over a manifest delta. Pure, like decide().
//
// The counting rule: a ticket's state advances only on scans where the phone and the server agree.
//   phone admitted, server refused (two phones admitted it offline; cancelled before the scan)
//     → conflict, state unchanged: the second admission is never counted;
//   phone refused, server admitted → conflict, state unchanged: the guest was turned away;
//   same verdict → accepted, state = decide()'s next state (a duplicate-window repeat changes nothing).
// The duplicate window is one device's (decide()): callers pass the uploading phone's id as the
// scan's deviceId, and a recorded move's own device, so another phone's green is a conflict.
// So attendance derived from ticket states is never inflated by a conflict.
//
// Out-of-order scans: a scan older than the ticket's last known movement (its phone synced late)
// still counts when agreed, but must not move presence or the last-scan record back in time — the
// newer movement keeps deciding whether the guest is inside.
import { decide } from './decide.ts';
import type { Policy } from './policy.ts';
import type { ReasonCode, Verdict } from './reasons.ts';
import type { Scan, TicketState } from './ticket-state.ts';

export interface ReconcileOutcome<S extends TicketState | null | undefined> {
  serverVerdict: Verdict;
  serverReason: ReasonCode;
  /** The server's verdict differs from the device's. */
  conflict: boolean;
  /** The ticket's state after the scan (the input object itself when nothing changed). */
  next: S;
}

/** When the ticket last moved (entry or exit), epoch ms; -Infinity for a ticket never scanned. */
export function lastMovementAt(state: TicketState): number {
  return Math.max(state.lastEntryAt ?? -Infinity, state.lastExitAt ?? -Infinity, state.lastScan?.at ?? -Infinity);
}

/**
 * Judges one offline scan against the ticket's current server state at the scan's corrected time
 * `at`, given what the device decided. `ticket` null/undefined = no such ticket (unknown_ticket).
 */
export function reconcileScan<S extends TicketState | null | undefined>(
  ticket: S, scan: Scan, policy: Policy, at: number, deviceVerdict: Verdict,
): ReconcileOutcome<S> {
  const d = decide(ticket, scan, policy, at);
  const conflict = d.verdict !== deviceVerdict;
  if (conflict || !ticket || d.next === ticket) {
    return { serverVerdict: d.verdict, serverReason: d.reason, conflict, next: ticket };
  }
  const current = ticket as TicketState;
  const next = d.next as TicketState;
  if (at >= lastMovementAt(current)) return { serverVerdict: d.verdict, serverReason: d.reason, conflict, next: d.next };
  // Late arrival: keep the counts the scan adds, keep the present as the newer movements left it.
  const merged: TicketState = {
    ...next,
    presence: current.presence,
    lastEntryAt: maxDefined(current.lastEntryAt, next.lastEntryAt),
    lastExitAt: maxDefined(current.lastExitAt, next.lastExitAt),
  };
  if (current.lastScan) merged.lastScan = current.lastScan;
  if (merged.lastEntryAt === undefined) delete merged.lastEntryAt;
  if (merged.lastExitAt === undefined) delete merged.lastExitAt;
  return { serverVerdict: d.verdict, serverReason: d.reason, conflict, next: merged as S };
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** A scan the server already recorded as moving the ticket (agreed admission or exit). */
export interface RecordedMove {
  at: number;
  scanId: string;
  scan: Scan;
  verdict: Verdict;
}

/** A newly uploaded offline scan of the same ticket. */
export interface FreshScan {
  at: number;
  scanId: string;
  scan: Scan;
  deviceVerdict: Verdict;
}

/**
 * Full time-ordered replay of one ticket: its recorded moves and the fresh scans merged by time,
 * from the ticket's initial state. Used when fresh scans are older than what the server already
 * knows (a phone synced late), so that e.g. "entered 10:00, left 10:05" from a late phone and
 * "entered 10:08" from an early one are all accepted in their real order.
 *
 * History is append-only, so the replay must confirm every recorded move: replaying the recorded
 * moves alone must reproduce the current state (nothing else changed the ticket), and with the
 * fresh scans merged in, each recorded move must still get its recorded verdict. Otherwise null:
 * the caller judges the fresh scans against the current state instead (reconcileScan), which
 * flags the late scan rather than rewriting a judgment already given.
 * Fresh outcomes are returned in the order of `fresh` (which must be in replay order).
 */
export function replayTimeline(
  initial: TicketState, recorded: readonly RecordedMove[], fresh: readonly FreshScan[], policy: Policy, current: TicketState,
): { outcomes: ReconcileOutcome<TicketState>[]; next: TicketState } | null {
  const moves = [...recorded].sort(compareReplayOrder);
  let state = initial;
  for (const m of moves) {
    const d = decide(state, m.scan, policy, m.at);
    if (d.verdict !== m.verdict || d.next === state) return null;
    state = d.next;
  }
  if (state.presence !== current.presence || state.entryCount !== current.entryCount) return null;

  type Item = { kind: 'recorded'; m: RecordedMove } | { kind: 'fresh'; f: FreshScan; i: number };
  const items: Item[] = [...moves.map((m) => ({ kind: 'recorded' as const, m })), ...fresh.map((f, i) => ({ kind: 'fresh' as const, f, i }))];
  const key = (it: Item) => (it.kind === 'recorded' ? it.m : it.f);
  items.sort((a, b) => compareReplayOrder(key(a), key(b)));
  const outcomes: ReconcileOutcome<TicketState>[] = new Array(fresh.length);
  state = initial;
  for (const it of items) {
    if (it.kind === 'recorded') {
      const d = decide(state, it.m.scan, policy, it.m.at);
      if (d.verdict !== it.m.verdict || d.next === state) return null;
      state = d.next;
    } else {
      const d = decide(state, it.f.scan, policy, it.f.at);
      const conflict = d.verdict !== it.f.deviceVerdict;
      outcomes[it.i] = { serverVerdict: d.verdict, serverReason: d.reason, conflict, next: conflict ? state : d.next };
      if (!conflict) state = d.next;
    }
  }
  return { outcomes, next: state };
}

/** The replay order of scans: corrected time, then scan id (UUIDv7 ids also sort by creation). */
export function compareReplayOrder(a: { at: number; scanId: string }, b: { at: number; scanId: string }): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.scanId < b.scanId ? -1 : a.scanId > b.scanId ? 1 : 0;
}

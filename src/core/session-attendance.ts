// How long a ticket was inside a session, from the session scans at its room's door, and whether
// that earns the session's CPD credits. Pure: the caller hands in only the standing moves (scans
// that moved the ticket — movedTicket() — and were not undone); this file pairs them up.
//
// The rules, as an organizer signing a CPD certificate would read them:
//   - an entry opens a stay, the next exit closes it; an entry while already inside (a second scan
//     at another door, a phone that missed the exit) opens nothing new, so nothing counts twice;
//   - an exit with no open stay closes nothing (the entry was never scanned: no time is invented);
//   - a stay still open at the end closes at the session's end (people rarely scan out of a talk);
//   - only the part of a stay between the session's start and its end counts.

export type SessionMoveKind = 'in' | 'out';

export interface SessionMove {
  kind: SessionMoveKind;
  /** Epoch ms (the scan's effective time). */
  at: number;
}

export interface SessionWindow {
  startsAt: number;
  endsAt: number;
}

export interface SessionAttendance {
  /** Time inside during the session, in ms (exact: the credit rule compares this). */
  attendedMs: number;
  /** Whole minutes attended, rounded down (what people read). */
  minutes: number;
  /** The earliest standing entry, inside the session's time or not; null when none. */
  firstEntry: number | null;
  /** The latest standing exit; null when none. */
  lastExit: number | null;
}

const MINUTE = 60_000;

function overlap(from: number, to: number, s: SessionWindow): number {
  return Math.max(0, Math.min(to, s.endsAt) - Math.max(from, s.startsAt));
}

/** Pairs the moves (in any order; ties keep their given order) into stays within the span. */
export function sessionAttendance(moves: readonly SessionMove[], span: SessionWindow): SessionAttendance {
  const ordered = moves.map((m, i) => ({ m, i })).sort((a, b) => a.m.at - b.m.at || a.i - b.i).map((x) => x.m);
  let attendedMs = 0;
  let openSince: number | null = null;
  let firstEntry: number | null = null;
  let lastExit: number | null = null;
  for (const move of ordered) {
    if (move.kind === 'in') {
      firstEntry ??= move.at;
      openSince ??= move.at;
    } else {
      lastExit = move.at;
      if (openSince !== null) {
        attendedMs += overlap(openSince, move.at, span);
        openSince = null;
      }
    }
  }
  if (openSince !== null) attendedMs += overlap(openSince, span.endsAt, span);
  return { attendedMs, minutes: Math.floor(attendedMs / MINUTE), firstEntry, lastExit };
}

export interface CpdSettings {
  /** Credits the session gives, e.g. 1.5; null: the session gives none. */
  credits: number | null;
  /** Percent (1–100) of the session's length a ticket must have been inside; null reads as 100. */
  minShare: number | null;
}

/**
 * Whether attending `attendedMs` earns the session's credits: at least minShare % of its length.
 * Compared in whole milliseconds times 100, so the boundary is exact (48:00 of a 60-minute session
 * at 80 % earns; 47:59.999 does not) with no floating-point rounding on either side.
 */
export function earnsCredits(attendedMs: number, span: SessionWindow, cpd: CpdSettings): boolean {
  if (cpd.credits === null || cpd.credits <= 0) return false;
  const length = span.endsAt - span.startsAt;
  if (length <= 0) return false;
  return Math.round(attendedMs) * 100 >= (cpd.minShare ?? 100) * length;
}

/** The minutes a ticket needs for the credits, rounded up to whole minutes (for people to read). */
export function minutesNeeded(span: SessionWindow, cpd: CpdSettings): number {
  return Math.ceil(((cpd.minShare ?? 100) * (span.endsAt - span.startsAt)) / 100 / MINUTE);
}

/** Credits summed in hundredths, as the database keeps them (numeric(6,2)): 0.1 + 0.2 is 0.3. */
export function sumCredits(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + Math.round(v * 100), 0) / 100;
}

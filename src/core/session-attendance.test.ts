import { describe, expect, it } from 'vitest';
import { earnsCredits, minutesNeeded, sessionAttendance, sumCredits, type SessionMove } from './session-attendance.ts';

const M = 60_000;
// A one-hour session from minute 0 to minute 60 (times below are in minutes).
const W = { startsAt: 0, endsAt: 60 * M };
const moves = (...list: [SessionMove['kind'], number][]): SessionMove[] => list.map(([kind, min]) => ({ kind, at: min * M }));

describe('sessionAttendance: minutes inside a session from its standing entries and exits', () => {
  it.each<[string, SessionMove[], number, number | null, number | null]>([
    ['no scans', [], 0, null, null],
    ['in and out inside the session', moves(['in', 10], ['out', 40]), 30, 10 * M, 40 * M],
    ['a missing exit closes at the session’s end', moves(['in', 15]), 45, 15 * M, null],
    ['time before the start does not count', moves(['in', -20], ['out', 30]), 30, -20 * M, 30 * M],
    ['time after the end does not count', moves(['in', 50], ['out', 90]), 10, 50 * M, 90 * M],
    ['a stay wholly before the session counts nothing', moves(['in', -30], ['out', -5]), 0, -30 * M, -5 * M],
    ['a stay wholly after the session counts nothing', moves(['in', 61], ['out', 70]), 0, 61 * M, 70 * M],
    ['two stays add up', moves(['in', 0], ['out', 20], ['in', 30], ['out', 45]), 35, 0, 45 * M],
    ['a repeated entry without exit does not count twice', moves(['in', 10], ['in', 20], ['out', 30]), 20, 10 * M, 30 * M],
    ['an exit without an entry invents no time', moves(['out', 10], ['in', 40]), 20, 40 * M, 10 * M],
    ['a second exit closes nothing more', moves(['in', 10], ['out', 20], ['out', 50]), 10, 10 * M, 50 * M],
    ['moves in any order are paired by time', moves(['out', 40], ['in', 10]), 30, 10 * M, 40 * M],
    ['re-entry left open closes at the end', moves(['in', 0], ['out', 10], ['in', 50]), 20, 0, 10 * M],
  ])('%s', (_, list, minutes, firstEntry, lastExit) => {
    const a = sessionAttendance(list, W);
    expect(a).toEqual({ attendedMs: minutes * M, minutes, firstEntry, lastExit });
  });

  it('minutes round down; the exact time stays in attendedMs', () => {
    const a = sessionAttendance([{ kind: 'in', at: 0 }, { kind: 'out', at: 10 * M - 1 }], W);
    expect(a.minutes).toBe(9);
    expect(a.attendedMs).toBe(10 * M - 1);
  });
});

describe('earnsCredits: at least minShare % of the session’s length', () => {
  const cpd = { credits: 1.5, minShare: 80 };
  it.each([
    ['exactly 80 % (48:00 of 60:00) earns', 48 * M, true],
    ['one millisecond short does not', 48 * M - 1, false],
    ['more earns', 60 * M, true],
    ['nothing does not', 0, false],
  ])('%s', (_, ms, earned) => expect(earnsCredits(ms, W, cpd)).toBe(earned));

  it('a share that is not whole minutes is still exact: 33 % of 50 minutes is 16.5', () => {
    const w = { startsAt: 0, endsAt: 50 * M };
    expect(earnsCredits(16.5 * M, w, { credits: 1, minShare: 33 })).toBe(true);
    expect(earnsCredits(16.5 * M - 1, w, { credits: 1, minShare: 33 })).toBe(false);
    expect(minutesNeeded(w, { credits: 1, minShare: 33 })).toBe(17);
  });

  it('no credits set, or a session of no length, earns nothing; no share set means the whole session', () => {
    expect(earnsCredits(60 * M, W, { credits: null, minShare: 80 })).toBe(false);
    expect(earnsCredits(10 * M, { startsAt: 0, endsAt: 0 }, cpd)).toBe(false);
    expect(earnsCredits(60 * M, W, { credits: 2, minShare: null })).toBe(true);
    expect(earnsCredits(60 * M - 1, W, { credits: 2, minShare: null })).toBe(false);
    expect(minutesNeeded(W, cpd)).toBe(48);
  });

  it('credits add up in hundredths', () => {
    expect(sumCredits([0.1, 0.2])).toBe(0.3);
    expect(sumCredits([1.5, 1.25, 0.75])).toBe(3.5);
    expect(sumCredits([])).toBe(0);
  });
});

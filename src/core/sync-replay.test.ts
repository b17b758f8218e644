// The counting rule of offline reconciliation (docs/sync-protocol.md §5.2), as a table.
import { describe, expect, it } from 'vitest';
import { makePolicy, POLICY_TEMPLATES } from './policy.ts';
import { compareReplayOrder, reconcileScan, replayTimeline } from './sync-replay.ts';
import type { Scan, TicketState } from './ticket-state.ts';

const T0 = 1_767_300_000_000;
const MIN = 60_000;
const policy = makePolicy(POLICY_TEMPLATES['reentry-after-exit'], {
  doorsOpenAt: T0 - 60 * MIN, endsAt: T0 + 600 * MIN, zoneParents: { GA: 'VIP' }, utcOffsetMinutes: 60, dayStartMinutes: 0,
});
const fresh: TicketState = { eventId: 'e', serial: 1, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'] };
const entry: Scan = { eventId: 'e', gateId: 'main', gateZone: 'GA', direction: 'in' };
const exit: Scan = { ...entry, direction: 'out' };

describe('reconcileScan', () => {
  it('advances the state when phone and server agree', () => {
    const r = reconcileScan(fresh, entry, policy, T0, 'admitted');
    expect(r).toMatchObject({ serverVerdict: 'admitted', serverReason: 'admitted', conflict: false });
    expect(r.next.presence).toBe('inside');
    expect(r.next.entryCount).toBe(1);
  });

  it('flags a second offline admission and does not count it', () => {
    const inside = reconcileScan(fresh, entry, policy, T0, 'admitted').next;
    const r = reconcileScan(inside, { ...entry, gateId: 'side' }, policy, T0 + 2 * MIN, 'admitted');
    expect(r).toMatchObject({ serverVerdict: 'refused', serverReason: 'already_inside', conflict: true });
    expect(r.next).toBe(inside);
    expect(r.next.entryCount).toBe(1);
  });

  it('does not count a guest the phone turned away, even when the server would have admitted', () => {
    const r = reconcileScan(fresh, entry, policy, T0, 'refused');
    expect(r).toMatchObject({ serverVerdict: 'admitted', conflict: true });
    expect(r.next).toBe(fresh);
  });

  it('flags an offline admission of a ticket cancelled before the scan', () => {
    const cancelled: TicketState = { ...fresh, status: 'cancelled' };
    const r = reconcileScan(cancelled, entry, policy, T0, 'admitted');
    expect(r).toMatchObject({ serverVerdict: 'refused', serverReason: 'cancelled', conflict: true });
    expect(r.next).toBe(cancelled);
  });

  it('a green from another phone inside the duplicate window is a conflict, not a repeat', () => {
    const inside = reconcileScan(fresh, { ...entry, deviceId: 'phone-1' }, policy, T0, 'admitted').next;
    const mine = reconcileScan(inside, { ...entry, deviceId: 'phone-1' }, policy, T0 + 2_000, 'admitted');
    expect(mine).toMatchObject({ serverReason: 'duplicate_scan', conflict: false });
    const theirs = reconcileScan(inside, { ...entry, deviceId: 'phone-2' }, policy, T0 + 2_000, 'admitted');
    expect(theirs).toMatchObject({ serverVerdict: 'refused', serverReason: 'already_inside', conflict: true });
    expect(theirs.next).toBe(inside);
  });

  it('counts a repeat inside the duplicate window once, without a conflict', () => {
    const inside = reconcileScan(fresh, entry, policy, T0, 'admitted').next;
    const r = reconcileScan(inside, entry, policy, T0 + 2_000, 'admitted');
    expect(r).toMatchObject({ serverVerdict: 'admitted', serverReason: 'duplicate_scan', conflict: false });
    expect(r.next.entryCount).toBe(1);
  });

  it('lets a late, older scan count without moving presence back in time', () => {
    // Online: entered 10:20, left 10:30. A phone that synced late admitted the ticket at 10:00 and
    // the guest left before 10:20 without an exit scan.
    let s = reconcileScan(fresh, entry, policy, T0 + 20 * MIN, 'admitted').next;
    s = reconcileScan(s, exit, policy, T0 + 30 * MIN, 'exited').next;
    const late = reconcileScan(s, { ...entry, gateId: 'side' }, policy, T0, 'admitted');
    expect(late.conflict).toBe(false);
    expect(late.next.entryCount).toBe(2);
    expect(late.next.presence).toBe('outside');
    expect(late.next.lastExitAt).toBe(T0 + 30 * MIN);
    expect(late.next.lastEntryAt).toBe(T0 + 20 * MIN);
  });

  it('refuses an unknown ticket without a state', () => {
    expect(reconcileScan(null, entry, policy, T0, 'refused')).toEqual({ serverVerdict: 'refused', serverReason: 'unknown_ticket', conflict: false, next: null });
  });

  it('replays a late phone\'s scans into the recorded history in true time order', () => {
    // Recorded: admitted 10:08 (an early-syncing phone). Late phone: entered 10:00, left 10:05.
    const recorded = [{ at: T0 + 8 * MIN, scanId: 'r1', scan: entry, verdict: 'admitted' as const }];
    const current = reconcileScan(fresh, entry, policy, T0 + 8 * MIN, 'admitted').next;
    const late = [
      { at: T0, scanId: 'f1', scan: { ...entry, gateId: 'side' }, deviceVerdict: 'admitted' as const },
      { at: T0 + 5 * MIN, scanId: 'f2', scan: exit, deviceVerdict: 'exited' as const },
    ];
    const r = replayTimeline(fresh, recorded, late, policy, current)!;
    expect(r.outcomes.map((o) => [o.serverVerdict, o.conflict])).toEqual([['admitted', false], ['exited', false]]);
    expect(r.next).toMatchObject({ presence: 'inside', entryCount: 2, lastEntryAt: T0 + 8 * MIN, lastExitAt: T0 + 5 * MIN });
  });

  it('refuses to replay when it would rewrite a recorded judgment, or when the state moved otherwise', () => {
    const recorded = [{ at: T0 + 8 * MIN, scanId: 'r1', scan: entry, verdict: 'admitted' as const }];
    const current = reconcileScan(fresh, entry, policy, T0 + 8 * MIN, 'admitted').next;
    // An earlier admission without an exit would turn the recorded one into already_inside.
    const early = [{ at: T0, scanId: 'f1', scan: { ...entry, gateId: 'side' }, deviceVerdict: 'admitted' as const }];
    expect(replayTimeline(fresh, recorded, early, policy, current)).toBeNull();
    // The current state is not what the recorded moves explain (e.g. an annulled or edited state).
    expect(replayTimeline(fresh, recorded, [], policy, { ...current, entryCount: 3 })).toBeNull();
  });

  it('orders by corrected time, then scan id', () => {
    const scans = [{ at: 5, scanId: 'b' }, { at: 3, scanId: 'z' }, { at: 5, scanId: 'a' }];
    expect(scans.sort(compareReplayOrder).map((s) => s.scanId)).toEqual(['z', 'a', 'b']);
  });
});

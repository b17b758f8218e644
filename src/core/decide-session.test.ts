// The session judge: a scenario table (one ticket, one session, a room count) and properties over
// random sequences of many tickets at one room door.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOUR, MIN, policyOf, T0, ticketOf } from '../../test/core/decide-scenarios.ts';
import { decideSession, insideAfter, OUTSIDE_SESSION, type SessionPresence, type SessionRule, type SessionScan } from './decide-session.ts';
import type { ReasonCode, Verdict } from './reasons.ts';
import type { Direction, TicketState } from './ticket-state.ts';

// ALL ⊃ { MAIN_HALL, WORKSHOPS ⊃ { ROOM_A, ROOM_B } }
const policy = policyOf('reentry-after-exit', {}, { zoneParents: { MAIN_HALL: 'ALL', WORKSHOPS: 'ALL', ROOM_A: 'WORKSHOPS', ROOM_B: 'WORKSHOPS' } });
const START = T0 + 2 * HOUR;
const session = (over: Partial<SessionRule> = {}): SessionRule => ({
  id: 's1', zone: 'ROOM_A', startsAt: START, endsAt: START + HOUR, capacity: 2, admitsTypeNos: null, ...over,
});
const scan = (direction: Direction = 'in', over: Partial<SessionScan> = {}): SessionScan => ({
  eventId: 'ev1', sessionId: 's1', gateId: '', direction, deviceId: 'd1', ...over,
});

interface Row {
  name: string;
  ticket?: TicketState | null;
  session?: SessionRule;
  standing?: SessionPresence;
  direction?: Direction;
  at?: number;
  inside?: number;
  deviceId?: string;
  exitScans?: boolean;
  cancelled?: boolean;
  expect: [Verdict, ReasonCode];
}

const inside: SessionPresence = { presence: 'inside', lastScan: { at: START, gateId: '', direction: 'in', verdict: 'admitted', reason: 'admitted', deviceId: 'd1' } };
const ROWS: Row[] = [
  { name: 'a ticket granting the room zone is admitted', ticket: ticketOf({ zones: ['ROOM_A'] }), expect: ['admitted', 'admitted'] },
  { name: 'a ticket granting a parent zone is admitted (zone tree)', ticket: ticketOf({ zones: ['WORKSHOPS'] }), expect: ['admitted', 'admitted'] },
  { name: 'a ticket granting a sibling room is not admitted', ticket: ticketOf({ zones: ['ROOM_B'] }), expect: ['refused', 'session_not_admitted'] },
  { name: 'an admitted type list wins over the zone rule (listed)', ticket: ticketOf({ zones: ['MAIN_HALL'], typeNo: 3 }), session: session({ admitsTypeNos: [3] }), expect: ['admitted', 'admitted'] },
  { name: 'an admitted type list wins over the zone rule (not listed)', ticket: ticketOf({ zones: ['ALL'], typeNo: 1 }), session: session({ admitsTypeNos: [3] }), expect: ['refused', 'session_not_admitted'] },
  { name: 'a session with no room and no list admits every valid ticket', ticket: ticketOf({ zones: [] }), session: session({ zone: null }), expect: ['admitted', 'admitted'] },
  { name: 'before start minus the early grace the session is not running', at: START - 31 * MIN, expect: ['refused', 'session_not_running'] },
  { name: 'within the early grace the door opens', at: START - 29 * MIN, expect: ['admitted', 'admitted'] },
  { name: 'after the end the session is not running', at: START + HOUR + 1, expect: ['refused', 'session_not_running'] },
  { name: 'a full room refuses with session_full', inside: 2, expect: ['refused', 'session_full'] },
  { name: 'a room of capacity 0 is always full', inside: 0, session: session({ capacity: 0 }), expect: ['refused', 'session_full'] },
  { name: 'no capacity means no limit', inside: 5000, session: session({ capacity: null }), expect: ['admitted', 'admitted'] },
  { name: 'an entry while inside the session is already_inside', standing: inside, at: START + 10 * MIN, expect: ['refused', 'already_inside'] },
  { name: 'the same phone rescanning within the window repeats its green', standing: inside, at: START + 2000, expect: ['admitted', 'duplicate_scan'] },
  { name: 'another phone rescanning within the window is already_inside', standing: inside, at: START + 2000, deviceId: 'd2', expect: ['refused', 'already_inside'] },
  { name: 'an exit from inside is exited', standing: inside, direction: 'out', at: START + 10 * MIN, expect: ['exited', 'exited'] },
  { name: 'an exit even of a full room is exited', standing: inside, direction: 'out', inside: 2, at: START + 10 * MIN, expect: ['exited', 'exited'] },
  { name: 'an exit when not inside is not_allowed', direction: 'out', expect: ['refused', 'not_allowed'] },
  { name: 'exits are not_allowed when the policy takes none', standing: inside, direction: 'out', exitScans: false, at: START + 10 * MIN, expect: ['refused', 'not_allowed'] },
  { name: 'an exit after the session ended is still exited', standing: inside, direction: 'out', at: START + 5 * HOUR, expect: ['exited', 'exited'] },
  { name: 'a cancelled ticket is refused', ticket: ticketOf({ zones: ['ROOM_A'], status: 'cancelled' }), expect: ['refused', 'cancelled'] },
  { name: 'a ticket of another event is wrong_event', ticket: ticketOf({ zones: ['ROOM_A'], eventId: 'ev2' }), expect: ['refused', 'wrong_event'] },
  { name: 'an unknown ticket is unknown_ticket', ticket: null, expect: ['refused', 'unknown_ticket'] },
  { name: 'a cancelled event refuses everything', cancelled: true, expect: ['refused', 'event_cancelled'] },
  { name: 'a ticket not valid yet is not_yet_valid', ticket: ticketOf({ zones: ['ROOM_A'], validFrom: START + 2 * HOUR }), expect: ['refused', 'not_yet_valid'] },
  { name: 'not running comes before not admitted', ticket: ticketOf({ zones: ['ROOM_B'] }), at: START - HOUR, expect: ['refused', 'session_not_running'] },
  { name: 'not admitted comes before full', ticket: ticketOf({ zones: ['ROOM_B'] }), inside: 2, expect: ['refused', 'session_not_admitted'] },
];

describe('decideSession: table', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    let p = r.exitScans === false ? { ...policy, exitScans: false } : policy;
    if (r.cancelled) p = { ...p, event: { ...p.event, cancelled: true } };
    const ticket = r.ticket === undefined ? ticketOf({ zones: ['ROOM_A'] }) : r.ticket;
    const standing = r.standing ?? OUTSIDE_SESSION;
    const d = decideSession(ticket, standing, scan(r.direction, { deviceId: r.deviceId ?? 'd1' }), r.session ?? session(), p, r.at ?? START, r.inside ?? 0);
    expect([d.verdict, d.reason]).toEqual(r.expect);
    if (d.verdict === 'refused' || d.reason === 'duplicate_scan') expect(d.next).toBe(standing);
  });

  it('re-entry after an exit is admitted', () => {
    const t = ticketOf({ zones: ['ROOM_A'] });
    const a = decideSession(t, OUTSIDE_SESSION, scan(), session(), policy, START, 0);
    const b = decideSession(t, a.next, scan('out'), session(), policy, START + 10 * MIN, 1);
    const c = decideSession(t, b.next, scan(), session(), policy, START + 20 * MIN, 0);
    expect([a.reason, b.reason, c.reason]).toEqual(['admitted', 'exited', 'admitted']);
  });
});

describe('decideSession: properties', () => {
  const stepArb = fc.record({
    who: fc.integer({ min: 0, max: 7 }),
    direction: fc.constantFrom<Direction>('in', 'in', 'out'),
    gap: fc.integer({ min: 0, max: 3 * MIN }),
    device: fc.constantFrom('d1', 'd2'),
  });
  it('the room never holds more than its capacity, and its count is entries minus exits', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5 }), fc.array(stepArb, { maxLength: 60 }), (capacity, steps) => {
      const s = session({ capacity });
      const standings = new Map<number, SessionPresence>();
      let count = 0;
      let entries = 0;
      let exits = 0;
      let at = START;
      for (const step of steps) {
        at += step.gap;
        const before = standings.get(step.who) ?? OUTSIDE_SESSION;
        const d = decideSession(ticketOf({ serial: step.who, zones: ['ROOM_A'] }), before, scan(step.direction, { deviceId: step.device }), s, policy, at, count);
        count = insideAfter(count, d);
        if (d.reason === 'admitted') entries++;
        if (d.reason === 'exited') exits++;
        if (d.verdict === 'refused') expect(d.next).toBe(before);
        standings.set(step.who, d.next);
        expect(count).toBeLessThanOrEqual(capacity);
        expect(count).toBe(entries - exits);
        expect(count).toBe([...standings.values()].filter((x) => x.presence === 'inside').length);
      }
    }));
  });

  it('never admits outside the running window nor a type the session does not admit', () => {
    fc.assert(fc.property(fc.integer({ min: -3 * HOUR, max: 3 * HOUR }), fc.integer({ min: 1, max: 4 }), (offset, typeNo) => {
      const s = session({ admitsTypeNos: [2], capacity: null });
      const d = decideSession(ticketOf({ typeNo, zones: ['ALL'] }), OUTSIDE_SESSION, scan(), s, policy, START + offset, 0);
      if (d.verdict === 'admitted') {
        expect(typeNo).toBe(2);
        expect(START + offset).toBeGreaterThanOrEqual(START - policy.earlyGraceSeconds * 1000);
        expect(START + offset).toBeLessThanOrEqual(s.endsAt);
      }
    }));
  });
});

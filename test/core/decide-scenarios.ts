// The decision table: named behaviours, each a sequence of scans against one ticket. Run by
// src/core/decide.test.ts in Node and by src/core/browser-parity.test.ts in Chromium, which must
// produce the same verdicts. Pure data + a runner that imports only core.
import { decide } from '../../src/core/decide.ts';
import { makePolicy, POLICY_TEMPLATES, type EventContext, type Policy, type PolicyRules, type PolicyTemplateName } from '../../src/core/policy.ts';
import type { ReasonCode, Verdict } from '../../src/core/reasons.ts';
import type { Direction, Scan, TicketState } from '../../src/core/ticket-state.ts';

/** 2026-03-14T08:00:00Z = 09:00 in Lagos (UTC+1): doors open. */
export const T0 = 1773475200000;
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const EVENT: EventContext = {
  doorsOpenAt: T0,
  endsAt: T0 + 12 * HOUR,
  zoneParents: { BACKSTAGE: 'ALL', VIP: 'BACKSTAGE', GA: 'VIP' },
  utcOffsetMinutes: 60,
  dayStartMinutes: 0,
};

export function policyOf(template: PolicyTemplateName, rules: Partial<PolicyRules> = {}, event: Partial<EventContext> = {}): Policy {
  return makePolicy({ ...POLICY_TEMPLATES[template], ...rules }, { ...EVENT, ...event });
}

export function ticketOf(overrides: Partial<TicketState> = {}): TicketState {
  return { eventId: 'ev1', serial: 42, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'], ...overrides };
}

export interface Step {
  /** Epoch ms of the scan. */
  at: number;
  direction?: Direction;
  gateId?: string;
  gateZone?: string;
  eventId?: string;
  /** The scanning device (default 'd1'); the duplicate window is one device's. */
  deviceId?: string;
  expect: [Verdict, ReasonCode];
}

export interface Scenario {
  name: string;
  policy: Policy;
  ticket: TicketState | null;
  steps: Step[];
}

const inAt = (at: number, expect: [Verdict, ReasonCode], more: Partial<Step> = {}): Step => ({ at, expect, ...more });
const outAt = (at: number, expect: [Verdict, ReasonCode], more: Partial<Step> = {}): Step => ({ at, direction: 'out', expect, ...more });
const ADMIT: [Verdict, ReasonCode] = ['admitted', 'admitted'];
const EXIT: [Verdict, ReasonCode] = ['exited', 'exited'];
const no = (reason: ReasonCode): [Verdict, ReasonCode] => ['refused', reason];

const single = policyOf('conference-single-entry');
const reentry = policyOf('reentry-after-exit');
const festival = policyOf('festival-reentry');
const multiDay = policyOf('multi-day', {}, { endsAt: T0 + 3 * DAY });
const lagosMidnight = T0 + 15 * HOUR; // 00:00 local on day 2
// ALL ⊃ { MAIN_HALL, WORKSHOPS ⊃ { ROOM_A, ROOM_B } }: zones as a tree, not a chain.
const conference = policyOf('conference-single-entry', {}, { zoneParents: { MAIN_HALL: 'ALL', WORKSHOPS: 'ALL', ROOM_A: 'WORKSHOPS', ROOM_B: 'WORKSHOPS' } });

export const SCENARIOS: Scenario[] = [
  { name: 'first entry is admitted', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT)] },
  { name: 'second entry is refused as already_inside', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + MIN, no('already_inside'), { gateId: 'g2' })] },
  { name: 'rescan by the same phone at the same gate within the duplicate window is a duplicate_scan repeating its green', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + 3000, ['admitted', 'duplicate_scan'])] },
  { name: 'rescan by another phone at the same gate within the duplicate window is already_inside (a shared screenshot)', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + 1000, no('already_inside'), { deviceId: 'd2' }), inAt(T0 + 2000, ['admitted', 'duplicate_scan'])] },
  { name: 'an exit rescan by another phone within the duplicate window is not_allowed', policy: reentry, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), outAt(T0 + HOUR + 1000, no('not_allowed'), { deviceId: 'd2' })] },
  { name: 'rescan at the same gate after the duplicate window is already_inside', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + 6000, no('already_inside'))] },
  { name: 'rescan at another gate within the duplicate window is already_inside', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + 1000, no('already_inside'), { gateId: 'g2' })] },
  { name: 'exit rescan within the duplicate window repeats the exit', policy: reentry, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), outAt(T0 + HOUR + 2000, ['exited', 'duplicate_scan'])] },
  { name: 'exit then entry is admitted under re-entry policy', policy: reentry, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), inAt(T0 + 2 * HOUR, ADMIT)] },
  { name: 'exit then entry is refused as max_entries under single entry', policy: single, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), inAt(T0 + 2 * HOUR, no('max_entries'))] },
  { name: 'exit of a ticket that is outside is refused as not_allowed', policy: reentry, ticket: ticketOf(), steps: [outAt(T0, no('not_allowed'))] },
  { name: 'exit scan is not_allowed when the policy takes no exit scans', policy: policyOf('reentry-after-exit', { exitScans: false }), ticket: ticketOf({ presence: 'inside', entryCount: 1 }), steps: [outAt(T0, no('not_allowed'))] },
  { name: 're-entry within the cooldown after an exit is refused as cooldown', policy: festival, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + 5 * MIN, EXIT), inAt(T0 + 6 * MIN, no('cooldown')), inAt(T0 + 8 * MIN, ADMIT)] },
  { name: 're-entry beyond the maximum is refused as max_entries', policy: policyOf('festival-reentry', { maxEntries: 2, cooldownSeconds: 0 }), ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), inAt(T0 + 2 * HOUR, ADMIT), outAt(T0 + 3 * HOUR, EXIT), inAt(T0 + 4 * HOUR, no('max_entries'))] },
  {
    name: 'without exit scans re-entry is allowed after the cooldown up to the maximum',
    policy: policyOf('festival-reentry', { reentryRequiresExit: false, exitScans: false, maxEntries: 3, cooldownSeconds: 600 }),
    ticket: ticketOf(),
    steps: [inAt(T0, ADMIT), inAt(T0 + 5 * MIN, no('cooldown'), { gateId: 'g2' }), inAt(T0 + 11 * MIN, ADMIT), inAt(T0 + 22 * MIN, ADMIT), inAt(T0 + 33 * MIN, no('already_inside'))],
  },
  { name: 'multi-day: second entry on the same day is already_inside', policy: multiDay, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + 2 * HOUR, no('already_inside'))] },
  { name: 'multi-day: exit and re-entry on the same day is max_entries', policy: multiDay, ticket: ticketOf(), steps: [inAt(T0, ADMIT), outAt(T0 + HOUR, EXIT), inAt(T0 + 2 * HOUR, no('max_entries'))] },
  { name: 'multi-day: entry on the next day is admitted without an exit scan', policy: multiDay, ticket: ticketOf(), steps: [inAt(T0, ADMIT), inAt(T0 + DAY, ADMIT), inAt(T0 + DAY + HOUR, no('already_inside'))] },
  { name: 'multi-day: the venue day changes at local midnight, not UTC midnight', policy: multiDay, ticket: ticketOf(), steps: [inAt(lagosMidnight - MIN, ADMIT), inAt(lagosMidnight + MIN, ADMIT, { gateId: 'g2' })] },
  {
    name: 'multi-day: a 06:00 day start keeps a night in one venue day',
    policy: policyOf('multi-day', {}, { endsAt: T0 + 3 * DAY, dayStartMinutes: 360 }),
    ticket: ticketOf(),
    steps: [inAt(lagosMidnight - HOUR, ADMIT), inAt(lagosMidnight + 2 * HOUR, no('already_inside'), { gateId: 'g2' }), inAt(lagosMidnight + 7 * HOUR, ADMIT, { gateId: 'g2' })],
  },
  { name: 'VIP ticket at a GA gate is admitted', policy: single, ticket: ticketOf({ zones: ['VIP'] }), steps: [inAt(T0, ADMIT, { gateZone: 'GA' })] },
  { name: 'VIP ticket at a VIP gate is admitted', policy: single, ticket: ticketOf({ zones: ['VIP'] }), steps: [inAt(T0, ADMIT, { gateZone: 'VIP' })] },
  { name: 'VIP ticket at a backstage gate is wrong_zone', policy: single, ticket: ticketOf({ zones: ['VIP'] }), steps: [inAt(T0, no('wrong_zone'), { gateZone: 'BACKSTAGE' })] },
  { name: 'GA ticket at a VIP gate is wrong_zone', policy: single, ticket: ticketOf(), steps: [inAt(T0, no('wrong_zone'), { gateZone: 'VIP' })] },
  { name: 'ALL ticket passes a backstage gate', policy: single, ticket: ticketOf({ zones: ['ALL'] }), steps: [inAt(T0, ADMIT, { gateZone: 'BACKSTAGE' })] },
  { name: 'a zone outside the order is passed only by its own grant', policy: single, ticket: ticketOf({ zones: ['ALL'] }), steps: [inAt(T0, no('wrong_zone'), { gateZone: 'HALL-B' })] },
  { name: 'HALL-B ticket at a HALL-B gate is admitted', policy: single, ticket: ticketOf({ zones: ['GA', 'HALL-B'] }), steps: [inAt(T0, ADMIT, { gateZone: 'HALL-B' })] },
  { name: 'ticket granting no zone is wrong_zone', policy: single, ticket: ticketOf({ zones: [] }), steps: [inAt(T0, no('wrong_zone'))] },
  { name: 'zone tree: a WORKSHOPS ticket passes a ROOM_B gate', policy: conference, ticket: ticketOf({ zones: ['WORKSHOPS'] }), steps: [inAt(T0, ADMIT, { gateZone: 'ROOM_B' })] },
  { name: 'zone tree: a WORKSHOPS ticket is wrong_zone at the MAIN_HALL gate', policy: conference, ticket: ticketOf({ zones: ['WORKSHOPS'] }), steps: [inAt(T0, no('wrong_zone'), { gateZone: 'MAIN_HALL' })] },
  { name: 'zone tree: a ROOM_A ticket is wrong_zone at a ROOM_B gate', policy: conference, ticket: ticketOf({ zones: ['ROOM_A'] }), steps: [inAt(T0, no('wrong_zone'), { gateZone: 'ROOM_B' })] },
  { name: 'zone tree: an ALL ticket passes a ROOM_A gate', policy: conference, ticket: ticketOf({ zones: ['ALL'] }), steps: [inAt(T0, ADMIT, { gateZone: 'ROOM_A' })] },
  { name: 'ticket of another event is wrong_event', policy: single, ticket: ticketOf({ eventId: 'ev2' }), steps: [inAt(T0, no('wrong_event')), outAt(T0, no('wrong_event'))] },
  { name: 'unknown ticket is unknown_ticket', policy: single, ticket: null, steps: [inAt(T0, no('unknown_ticket')), outAt(T0, no('unknown_ticket'))] },
  { name: 'cancelled ticket is refused as cancelled', policy: single, ticket: ticketOf({ status: 'cancelled' }), steps: [inAt(T0, no('cancelled'))] },
  { name: 'refunded ticket is refused as refunded', policy: single, ticket: ticketOf({ status: 'refunded' }), steps: [inAt(T0, no('refunded'))] },
  { name: 'transferred ticket is refused as transferred', policy: single, ticket: ticketOf({ status: 'transferred' }), steps: [inAt(T0, no('transferred'))] },
  { name: 'void ticket is refused as void', policy: single, ticket: ticketOf({ status: 'void' }), steps: [inAt(T0, no('void'))] },
  { name: 'cancelled ticket that is inside may still exit', policy: reentry, ticket: ticketOf({ status: 'cancelled', presence: 'inside', entryCount: 1, lastEntryAt: T0 }), steps: [outAt(T0 + HOUR, EXIT), inAt(T0 + 2 * HOUR, no('cancelled'))] },
  { name: 'entry before doors open beyond the early grace is event_not_started', policy: single, ticket: ticketOf(), steps: [inAt(T0 - 31 * MIN, no('event_not_started')), inAt(T0 - 29 * MIN, ADMIT)] },
  { name: 'entry after the event ended is event_ended', policy: single, ticket: ticketOf(), steps: [inAt(T0 + 12 * HOUR + 1000, no('event_ended'))] },
  { name: 'entry within the late grace is admitted', policy: policyOf('conference-single-entry', { lateGraceSeconds: 600 }), ticket: ticketOf(), steps: [inAt(T0 + 12 * HOUR + 5 * MIN, ADMIT)] },
  { name: 'ticket before its validFrom is not_yet_valid', policy: multiDay, ticket: ticketOf({ validFrom: T0 + DAY }), steps: [inAt(T0, no('not_yet_valid')), inAt(T0 + DAY, ADMIT)] },
  { name: 'ticket after its validUntil is expired', policy: multiDay, ticket: ticketOf({ validUntil: T0 + DAY }), steps: [inAt(T0 + DAY + 1000, no('expired'))] },
  { name: 'a cancelled event refuses entries and exits, known ticket or not, with event_cancelled', policy: policyOf('reentry-after-exit', {}, { cancelled: true }), ticket: ticketOf({ presence: 'inside', entryCount: 1 }), steps: [inAt(T0 + HOUR, no('event_cancelled')), outAt(T0 + HOUR, no('event_cancelled')), inAt(T0 + HOUR, no('event_cancelled'), { eventId: 'other' })] },
  { name: 'an unknown ticket at a cancelled event is event_cancelled', policy: policyOf('reentry-after-exit', {}, { cancelled: true }), ticket: null, steps: [inAt(T0, no('event_cancelled'))] },
  { name: 'event with no doors or end time admits at any time', policy: policyOf('conference-single-entry', {}, { doorsOpenAt: null, endsAt: null }), ticket: ticketOf(), steps: [inAt(T0 - 30 * DAY, ADMIT)] },
];

export interface StepResult {
  verdict: Verdict;
  reason: ReasonCode;
}

/** Runs a scenario's scans in order, threading the state. */
export function runScenario(s: Scenario): { results: StepResult[]; final: TicketState | null } {
  let state = s.ticket;
  const results: StepResult[] = [];
  for (const step of s.steps) {
    const scan: Scan = {
      eventId: step.eventId ?? 'ev1',
      gateId: step.gateId ?? 'g1',
      gateZone: step.gateZone ?? 'GA',
      direction: step.direction ?? 'in',
      deviceId: step.deviceId ?? 'd1',
    };
    const d = decide(state, scan, s.policy, step.at);
    results.push({ verdict: d.verdict, reason: d.reason });
    state = d.next;
  }
  return { results, final: state };
}

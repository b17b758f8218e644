// Property tests of the decision engine over random policies and random scan sequences.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENT, MIN, T0, ticketOf } from '../../test/core/decide-scenarios.ts';
import { dayKey } from './day-key.ts';
import { decide } from './decide.ts';
import { makePolicy, type Policy, type PolicyRules } from './policy.ts';
import { REASON_CODES } from './reasons.ts';
import type { Scan, TicketState } from './ticket-state.ts';

const rulesArb: fc.Arbitrary<PolicyRules> = fc.record({
  maxEntries: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  maxEntriesPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  reentryRequiresExit: fc.boolean(),
  cooldownSeconds: fc.constantFrom(0, 30, 600),
  exitScans: fc.boolean(),
  duplicateWindowSeconds: fc.constantFrom(0, 5, 60),
  earlyGraceSeconds: fc.constantFrom(0, 1800),
  lateGraceSeconds: fc.constantFrom(0, 600),
});

const policyArb: fc.Arbitrary<Policy> = fc
  .record({ rules: rulesArb, dayStart: fc.constantFrom(0, 360), timed: fc.boolean() })
  .map(({ rules, dayStart, timed }) =>
    makePolicy(rules, { ...EVENT, dayStartMinutes: dayStart, ...(timed ? { endsAt: T0 + 3 * 24 * 60 * MIN } : { doorsOpenAt: null, endsAt: null }) }),
  );

interface Step {
  gap: number;
  scan: Scan;
}
const stepArb: fc.Arbitrary<Step> = fc.record({
  // Mostly short gaps (duplicates, cooldowns), sometimes hours (new days); never backwards.
  gap: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 20 * MIN }), fc.integer({ min: 0, max: 14 * 60 * MIN })),
  scan: fc.record({
    eventId: fc.constantFrom('ev1', 'ev1', 'ev1', 'ev2'),
    gateId: fc.constantFrom('g1', 'g2'),
    gateZone: fc.constantFrom('GA', 'VIP', 'BACKSTAGE'),
    direction: fc.constantFrom('in' as const, 'in' as const, 'out' as const),
  }),
});

const ticketArb: fc.Arbitrary<TicketState> = fc
  .record({ status: fc.constantFrom('valid', 'valid', 'valid', 'cancelled' as const), zones: fc.constantFrom<string[]>(['GA'], ['VIP'], ['ALL'], []) })
  .map(({ status, zones }) => ticketOf({ status: status as TicketState['status'], zones }));

function run(ticket: TicketState, policy: Policy, steps: Step[]) {
  let state = ticket;
  let at = T0;
  const log: { at: number; verdict: string; reason: string; before: TicketState; after: TicketState; beforeJson: string }[] = [];
  for (const { gap, scan } of steps) {
    at += gap;
    const beforeJson = JSON.stringify(state);
    const d = decide(state, scan, policy, at);
    log.push({ at, verdict: d.verdict, reason: d.reason, before: state, after: d.next, beforeJson });
    state = d.next;
  }
  return { log, final: state };
}

const sequences = fc.record({ policy: policyArb, ticket: ticketArb, steps: fc.array(stepArb, { maxLength: 40 }) });

describe('decide: properties', () => {
  it('no sequence of scans admits more entries than the policy allows', () => {
    fc.assert(
      fc.property(sequences, ({ policy, ticket, steps }) => {
        const { log, final } = run(ticket, policy, steps);
        const entries = log.filter((l) => l.reason === 'admitted');
        if (policy.maxEntries !== null) expect(entries.length).toBeLessThanOrEqual(policy.maxEntries);
        if (policy.maxEntriesPerDay !== null) {
          const perDay = new Map<string, number>();
          for (const e of entries) {
            const day = dayKey(e.at, policy.event.utcOffsetMinutes, policy.event.dayStartMinutes);
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
          }
          for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(policy.maxEntriesPerDay);
        }
        expect(final.entryCount).toBe(entries.length);
      }),
      { numRuns: 500 },
    );
  });

  it('a refused scan never changes state (same object, same content)', () => {
    fc.assert(
      fc.property(sequences, ({ policy, ticket, steps }) => {
        for (const l of run(ticket, policy, steps).log) {
          if (l.verdict === 'refused' || l.reason === 'duplicate_scan') {
            expect(l.after).toBe(l.before);
            expect(JSON.stringify(l.after)).toBe(l.beforeJson);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, answers from the closed set, and verdict matches reason', () => {
    fc.assert(
      fc.property(sequences, ({ policy, ticket, steps }) => {
        for (const l of run(ticket, policy, steps).log) {
          expect(REASON_CODES).toContain(l.reason);
          if (l.reason === 'admitted') expect(l.verdict).toBe('admitted');
          else if (l.reason === 'exited') expect(l.verdict).toBe('exited');
          else if (l.reason !== 'duplicate_scan') expect(l.verdict).toBe('refused');
          else expect(l.verdict).not.toBe('refused');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never admits while inside when re-entry requires an exit (within one venue day)', () => {
    fc.assert(
      fc.property(sequences, ({ policy, ticket, steps }) => {
        if (!policy.reentryRequiresExit) return;
        for (const l of run(ticket, policy, steps).log) {
          if (l.reason !== 'admitted' || l.before.presence !== 'inside') continue;
          // Only a new venue day under per-day rules may admit a ticket recorded as inside.
          const { utcOffsetMinutes: off, dayStartMinutes: start } = policy.event;
          expect(policy.maxEntriesPerDay).not.toBeNull();
          expect(dayKey(l.before.lastEntryAt!, off, start)).not.toBe(dayKey(l.at, off, start));
        }
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { EVENT, HOUR, policyOf, runScenario, SCENARIOS, T0, ticketOf } from '../../test/core/decide-scenarios.ts';
import { decide } from './decide.ts';
import { REASON_CODES } from './reasons.ts';
import { ticketStateFromToken, type Direction, type Scan, type TicketState } from './ticket-state.ts';

const TOKEN_REASONS = ['bad_signature', 'revoked_key', 'code_expired', 'malformed'];
// Produced by the session judge only (decide-session.test.ts).
const SESSION_REASONS = ['session_full', 'session_not_running', 'session_not_admitted'];
const scan = (over: Partial<Scan> = {}): Scan => ({ eventId: 'ev1', gateId: 'g1', gateZone: 'GA', direction: 'in', ...over });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('decide: scenario table', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    if (scenario.ticket) deepFreeze(scenario.ticket);
    const { results } = runScenario(scenario);
    expect(results.map((r) => [r.verdict, r.reason])).toEqual(scenario.steps.map((s) => s.expect));
  });

  it('covers every reason code the engine can produce', () => {
    const produced = new Set(SCENARIOS.flatMap((s) => s.steps.map((step) => step.expect[1])));
    const engineReasons = REASON_CODES.filter((r) => !TOKEN_REASONS.includes(r) && !SESSION_REASONS.includes(r));
    expect(engineReasons.filter((r) => !produced.has(r))).toEqual([]);
  });
});

describe('decide: state', () => {
  const single = policyOf('conference-single-entry');

  it('records an admitted entry', () => {
    const { next } = decide(ticketOf(), scan(), single, T0);
    expect(next).toMatchObject({
      presence: 'inside',
      entryCount: 1,
      lastEntryAt: T0,
      lastScan: { at: T0, gateId: 'g1', direction: 'in', verdict: 'admitted', reason: 'admitted' },
    });
  });

  it('returns the very same state object for a refused scan', () => {
    const ticket = deepFreeze(ticketOf({ status: 'void' }));
    expect(decide(ticket, scan(), single, T0).next).toBe(ticket);
  });

  it('does not count a duplicate scan as an entry', () => {
    const first = decide(ticketOf(), scan(), single, T0);
    const again = decide(first.next, scan(), single, T0 + 2000);
    expect(again).toMatchObject({ verdict: 'admitted', reason: 'duplicate_scan' });
    expect(again.next).toBe(first.next);
  });

  it('is deterministic and JSON-serialisable', () => {
    const ticket = ticketOf();
    const a = decide(ticket, scan(), single, T0);
    const b = decide(JSON.parse(JSON.stringify(ticket)) as TicketState, scan(), JSON.parse(JSON.stringify(single)), T0);
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a.next))).toEqual(a.next);
  });

  it('records entry days only under per-day rules', () => {
    expect(decide(ticketOf(), scan(), single, T0).next.entryDays).toBeUndefined();
    const multi = policyOf('multi-day', {}, { endsAt: null });
    expect(decide(ticketOf(), scan(), multi, T0).next.entryDays).toEqual(['2026-03-14']);
  });

  it('refuses an unknown direction from an untyped device payload as not_allowed', () => {
    const ticket = ticketOf();
    expect(decide(ticket, scan({ direction: 'sideways' as Direction }), single, T0)).toEqual({ verdict: 'refused', reason: 'not_allowed', next: ticket });
  });

  it('keeps null as the next state of an unknown ticket', () => {
    expect(decide(null, scan(), single, T0)).toEqual({ verdict: 'refused', reason: 'unknown_ticket', next: null });
    expect(decide(undefined, scan(), single, T0).next).toBeUndefined();
  });

  it('builds a state from a verified token for a ticket issued after the last manifest', () => {
    const state = ticketStateFromToken(
      { kid: 1, serial: 9, typeNo: 2, validFrom: (T0 + HOUR) / 1000, validUntil: 0 },
      { eventId: 'ev1', zones: ['VIP'] },
    );
    expect(state).toEqual({ eventId: 'ev1', serial: 9, typeNo: 2, status: 'valid', presence: 'outside', entryCount: 0, zones: ['VIP'], validFrom: T0 + HOUR });
    expect(decide(state, scan(), policyOf('conference-single-entry', { earlyGraceSeconds: 0 }), T0).reason).toBe('not_yet_valid');
    expect(decide(state, scan(), single, T0 + HOUR).reason).toBe('admitted');
  });

  it('uses the event context given in the policy, not a clock', () => {
    expect(EVENT.doorsOpenAt).toBe(T0);
    expect(decide(ticketOf(), scan(), single, T0 + 100 * HOUR).reason).toBe('event_ended');
  });
});

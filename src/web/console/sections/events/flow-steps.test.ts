import { describe, expect, it } from 'vitest';
import { POLICY_TEMPLATES } from '../../../../core/policy.ts';
import en from '../../messages/en.ts';
import { emptyDraft, eventBody, eventMatches, furthestStep, parseCapacity, stepProblem, TEMPLATES, type Draft } from './flow-steps.ts';

const venue = { id: 'v1', name: 'Eko Hall', address: null, timezone: 'Africa/Lagos', latitude: null, longitude: null, radiusMeters: null };
const zone = { id: 'z1', code: 'MAIN', name: 'Main', parentId: null, capacity: null };
const gate = { id: 'g1', name: 'North', zoneId: 'z1', zone: 'MAIN' };
const form = { name: ' Lagos Jazz Night ', starts: '2026-12-05T19:00', ends: '2026-12-05T23:30', capacity: '800', template: 'reentry-after-exit' as const };
const saved = {
  id: 'e1', name: 'Lagos Jazz Night', slug: 'lagos-jazz-night', venueId: 'v1', startsAt: '2026-12-05T18:00:00.000Z', endsAt: '2026-12-05T22:30:00.000Z',
  doorsOpenAt: '2026-12-05T18:00:00.000Z', capacity: 800, status: 'draft' as const, policyTemplate: 'reentry-after-exit', ticketsIssued: 0, createdAt: '2026-01-01T00:00:00Z',
};
const type = { id: 't1', eventId: 'e1', typeNo: 1, name: 'General', zones: ['MAIN'], validFrom: null, validUntil: null, allowStatic: true, allowTransfer: false, capacity: null, ticketsIssued: 0, attentionNote: null, photoCheck: false };

describe('new-event flow steps', () => {
  it('offers every policy template the server has, each explained in the catalog', () => {
    expect([...TEMPLATES].sort()).toEqual(Object.keys(POLICY_TEMPLATES).sort());
    for (const tpl of TEMPLATES) {
      expect((en as Record<string, unknown>)[`events.policy.${tpl}`], tpl).toBeTruthy();
      expect((en as Record<string, unknown>)[`events.policy.${tpl}.explain`], tpl).toBeTruthy();
    }
  });

  it('opens each step only once the steps before it are done', () => {
    let d: Draft = emptyDraft('Africa/Lagos');
    expect(furthestStep(d)).toBe(0);
    expect(stepProblem('venue', d)).toBe('events.problem.venue');
    d = { ...d, venue };
    expect(furthestStep(d)).toBe(1);
    d = { ...d, zones: [zone] };
    expect(stepProblem('zones', d)).toBe('events.problem.gates');
    d = { ...d, gates: [gate] };
    expect(furthestStep(d)).toBe(2);
    d = { ...d, event: saved };
    expect(stepProblem('tickets', d)).toBe('events.problem.tickets');
    d = { ...d, ticketTypes: [type] };
    expect(furthestStep(d)).toBe(4);
    expect(stepProblem('review', d)).toBeNull();
  });

  it('sends the event in UTC as the venue’s clock meant it', () => {
    expect(eventBody(form, 'Africa/Lagos')).toEqual({
      body: { name: 'Lagos Jazz Night', startsAt: '2026-12-05T18:00:00.000Z', endsAt: '2026-12-05T22:30:00.000Z', capacity: 800 },
    });
    expect(eventBody({ ...form, capacity: '' }, 'Africa/Nairobi')).toEqual({
      body: { name: 'Lagos Jazz Night', startsAt: '2026-12-05T16:00:00.000Z', endsAt: '2026-12-05T20:30:00.000Z', capacity: null },
    });
  });

  it('names the first problem and its field', () => {
    expect(eventBody({ ...form, name: '  ' }, 'UTC')).toEqual({ problem: 'events.problem.name', field: 'name' });
    expect(eventBody({ ...form, starts: '' }, 'UTC')).toEqual({ problem: 'events.problem.starts', field: 'starts' });
    expect(eventBody({ ...form, ends: '2026-12-05T19:00' }, 'UTC')).toEqual({ problem: 'events.problem.order', field: 'ends' });
    expect(eventBody({ ...form, capacity: '12.5' }, 'UTC')).toEqual({ problem: 'events.problem.capacity', field: 'capacity' });
  });

  it('reads capacities as people: empty is no limit, anything else a whole number', () => {
    expect(parseCapacity('')).toBeNull();
    expect(parseCapacity(' 250 ')).toBe(250);
    expect(parseCapacity('0')).toBe(0);
    for (const bad of ['-1', '1e3', 'ten', '99999999999']) expect(parseCapacity(bad), bad).toBeUndefined();
  });

  it('saves the event again only when the form says something else', () => {
    const made = eventBody(form, 'Africa/Lagos');
    if (!('body' in made)) throw new Error('expected a body');
    expect(eventMatches(saved, made.body, 'reentry-after-exit', 'v1')).toBe(true);
    expect(eventMatches(saved, made.body, 'multi-day', 'v1')).toBe(false);
    expect(eventMatches(saved, { ...made.body, capacity: null }, 'reentry-after-exit', 'v1')).toBe(false);
    expect(eventMatches(saved, made.body, 'reentry-after-exit', 'v2')).toBe(false);
    expect(eventMatches(null, made.body, 'reentry-after-exit', 'v1')).toBe(false);
  });
});

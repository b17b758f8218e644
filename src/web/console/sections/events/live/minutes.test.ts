import { describe, expect, it } from 'vitest';
import { fillMinutes, recentTotals } from './minutes.ts';

const at = (hhmm: string) => `2026-12-05T${hhmm}:00.000Z`;
const sec = (hhmm: string) => Date.parse(at(hhmm)) / 1000;

describe('fillMinutes', () => {
  it('fills the quiet minutes between movements with zeros, up to the minute of asOf', () => {
    const s = fillMinutes([{ minute: at('18:00'), entries: 3, exits: 0 }, { minute: at('18:03'), entries: 1, exits: 2 }], '2026-12-05T18:05:40Z', { min: 1 });
    expect(s.at).toEqual(['18:00', '18:01', '18:02', '18:03', '18:04', '18:05'].map(sec));
    expect(s.entries).toEqual([3, 0, 0, 1, 0, 0]);
    expect(s.exits).toEqual([0, 0, 0, 2, 0, 0]);
  });

  it('shows at least half an hour, even with nothing yet', () => {
    const s = fillMinutes([], '2026-12-05T18:30:00Z');
    expect(s.at).toHaveLength(30);
    expect(s.at.at(-1)).toBe(sec('18:30'));
    expect(s.at[0]).toBe(sec('18:01'));
    expect(s.entries.every((n) => n === 0)).toBe(true);
  });

  it('keeps the latest minutes when the evening is longer than the window', () => {
    const s = fillMinutes([{ minute: at('12:00'), entries: 5, exits: 0 }, { minute: at('19:59'), entries: 2, exits: 0 }], '2026-12-05T20:00:10Z', { max: 60 });
    expect(s.at).toHaveLength(60);
    expect(s.at[0]).toBe(sec('19:01'));
    expect(s.entries.at(-2)).toBe(2);
  });

  it('never drops a movement stamped after asOf, and adds up a minute sent twice', () => {
    const s = fillMinutes([{ minute: at('18:10'), entries: 1, exits: 0 }, { minute: at('18:10'), entries: 2, exits: 1 }], '2026-12-05T18:09:59Z', { min: 1 });
    expect(s).toEqual({ at: [sec('18:10')], entries: [3], exits: [1] });
  });
});

describe('recentTotals', () => {
  it('sums the last minutes and names the busiest (the latest of a tie)', () => {
    const s = { at: [1, 2, 3, 4].map((n) => n * 60), entries: [9, 4, 0, 4], exits: [0, 1, 1, 0] };
    expect(recentTotals(s, 3)).toEqual({ minutes: 3, entries: 8, exits: 2, busiest: { at: 240, entries: 4 } });
    expect(recentTotals({ at: [60], entries: [0], exits: [0] })).toEqual({ minutes: 1, entries: 0, exits: 0, busiest: null });
  });
});

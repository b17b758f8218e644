import { describe, expect, it } from 'vitest';
import { percentOf, quietMinutes } from './live-figures.ts';

describe('live figures', () => {
  it('gives whole percents, 0 when there is nothing to divide by', () => {
    expect(percentOf(799, 1000)).toBe(79);
    expect(percentOf(800, 1000)).toBe(80);
    expect(percentOf(3, 0)).toBe(0);
    expect(percentOf(3, null)).toBe(0);
  });

  it('flags a phone unseen for five minutes, not one seen just now or never', () => {
    const now = Date.parse('2026-12-05T19:00:00Z');
    expect(quietMinutes('2026-12-05T18:55:01Z', now)).toBeNull();
    expect(quietMinutes('2026-12-05T18:55:00Z', now)).toBe(5);
    expect(quietMinutes('2026-12-05T18:12:00Z', now)).toBe(48);
    expect(quietMinutes(null, now)).toBeNull();
  });
});

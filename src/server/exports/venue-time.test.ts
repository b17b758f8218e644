import { describe, expect, it } from 'vitest';
import { offsetText, venueClock } from './venue-time.ts';

describe('venueClock', () => {
  it('writes the venue wall clock with its offset', () => {
    expect(venueClock('Africa/Lagos').iso(new Date('2026-12-05T18:02:11.789Z'))).toBe('2026-12-05T19:02:11+01:00');
    expect(venueClock('Africa/Nairobi').iso(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-06T02:30:00+03:00');
    expect(venueClock('America/St_Johns').iso(new Date('2026-01-10T12:00:00Z'))).toBe('2026-01-10T08:30:00-03:30');
    expect(venueClock('Asia/Kathmandu').iso(new Date('2026-01-10T12:00:00Z'))).toBe('2026-01-10T17:45:00+05:45');
    expect(venueClock('UTC').iso(new Date('2026-01-10T12:00:00Z'))).toBe('2026-01-10T12:00:00+00:00');
    expect(venueClock('UTC').iso(null)).toBe('');
  });

  it('follows daylight saving across a change, minute by minute', () => {
    const paris = venueClock('Europe/Paris');
    // 2026-03-29 01:00 UTC: clocks go from 02:00 to 03:00.
    expect(paris.iso(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(paris.iso(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(paris.iso(new Date('2026-03-29T00:59:30Z'))).toBe('2026-03-29T01:59:30+01:00');
  });

  it('round-trips to the same instant (to the second)', () => {
    const clock = venueClock('Africa/Lagos');
    const at = new Date('2026-12-05T18:02:11.000Z');
    expect(new Date(clock.iso(at)).getTime()).toBe(at.getTime());
  });

  it('writes offsets as ±HH:MM', () => {
    expect([offsetText(0), offsetText(60), offsetText(-210), offsetText(345), offsetText(-720)]).toEqual(['+00:00', '+01:00', '-03:30', '+05:45', '-12:00']);
  });
});

import { describe, expect, it } from 'vitest';
import { axisLabels, minutesBetween, venueClock, venueClockSeconds, venueDay } from './venue-clock.ts';

describe('venue clock', () => {
  it('reads an instant on the venue’s clock, not the browser’s', () => {
    expect(venueClock('2026-12-05T18:05:00Z', 'Africa/Lagos', 'en-GB')).toBe('19:05');
    expect(venueClock('2026-12-05T18:05:00Z', 'Asia/Kolkata', 'en-GB')).toBe('23:35');
    expect(venueClock('2026-12-05T18:05:00Z', 'America/New_York', 'fr-FR')).toBe('13:05');
    expect(venueClockSeconds('2026-12-05T18:05:42Z', 'Africa/Nairobi', 'en-GB')).toBe('21:05:42');
  });

  it('says which venue day an instant falls on', () => {
    expect(venueDay('2026-12-05T23:30:00Z', 'Africa/Lagos')).toBe('2026-12-06');
    expect(venueDay('2026-12-05T23:30:00Z', 'UTC')).toBe('2026-12-05');
  });

  it('labels the time axis in venue time, with the date under the first tick past the venue’s midnight', () => {
    const ticks = ['22:00', '22:30', '23:00', '23:30'].map((t) => Date.parse(`2026-12-05T${t}:00Z`) / 1000);
    expect(axisLabels(ticks, 'Africa/Lagos', 'en-GB')).toEqual(['23:00', '23:30', '00:00\n6 Dec', '00:30']);
    expect(axisLabels(ticks, 'UTC', 'fr-FR')).toEqual(['22:00', '22:30', '23:00', '23:30']);
  });

  it('counts whole minutes between two instants', () => {
    expect(minutesBetween('2026-12-05T18:00:00Z', '2026-12-05T18:04:59Z')).toBe(4);
    expect(minutesBetween('2026-12-05T18:00:00Z', '2026-12-05T18:05:00Z')).toBe(5);
  });
});

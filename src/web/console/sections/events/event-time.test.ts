import { describe, expect, it } from 'vitest';
import { localToUtc, offsetMinutes, utcToLocal, venueRange, zoneLabel } from './event-time.ts';

describe('venue-local time to UTC', () => {
  it('reads the wall time in the venue’s zone, not the machine’s', () => {
    expect(localToUtc('2026-03-14T09:00', 'Africa/Lagos')).toEqual({ iso: '2026-03-14T08:00:00.000Z', note: null });
    expect(localToUtc('2026-03-14T09:00', 'Africa/Nairobi')).toEqual({ iso: '2026-03-14T06:00:00.000Z', note: null });
    expect(localToUtc('2026-03-14T09:00', 'UTC')).toEqual({ iso: '2026-03-14T09:00:00.000Z', note: null });
    expect(localToUtc('2026-07-01T19:30', 'America/St_Johns')!.iso).toBe('2026-07-01T22:00:00.000Z');
    expect(localToUtc('2026-01-01T00:15', 'Asia/Kathmandu')!.iso).toBe('2025-12-31T18:30:00.000Z');
  });

  it('takes each side of a DST change with the offset in force there', () => {
    // Europe/Paris moves from +01:00 to +02:00 at 02:00 on 29 March 2026.
    expect(localToUtc('2026-03-29T01:59', 'Europe/Paris')!.iso).toBe('2026-03-29T00:59:00.000Z');
    expect(localToUtc('2026-03-29T03:00', 'Europe/Paris')!.iso).toBe('2026-03-29T01:00:00.000Z');
    expect(localToUtc('2026-03-28T20:00', 'Europe/Paris')!.iso).toBe('2026-03-28T19:00:00.000Z');
    expect(localToUtc('2026-03-30T20:00', 'Europe/Paris')!.iso).toBe('2026-03-30T18:00:00.000Z');
  });

  it('moves a skipped time forward by the gap, and says so', () => {
    expect(localToUtc('2026-03-29T02:30', 'Europe/Paris')).toEqual({ iso: '2026-03-29T01:30:00.000Z', note: 'skipped' });
    expect(utcToLocal('2026-03-29T01:30:00.000Z', 'Europe/Paris')).toBe('2026-03-29T03:30');
    // New York springs forward at 02:00 on 8 March 2026.
    expect(localToUtc('2026-03-08T02:15', 'America/New_York')).toEqual({ iso: '2026-03-08T07:15:00.000Z', note: 'skipped' });
  });

  it('takes the first of a repeated hour, and says so', () => {
    // Paris falls back from 03:00 +02:00 to 02:00 +01:00 on 25 October 2026: 02:30 happens twice.
    expect(localToUtc('2026-10-25T02:30', 'Europe/Paris')).toEqual({ iso: '2026-10-25T00:30:00.000Z', note: 'repeated' });
    expect(localToUtc('2026-10-25T03:30', 'Europe/Paris')).toEqual({ iso: '2026-10-25T02:30:00.000Z', note: null });
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', '2026-03-14', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-14T24:00', '14/03/2026 09:00']) {
      expect(localToUtc(bad, 'Africa/Lagos'), bad).toBeNull();
    }
  });

  it('round-trips every quarter hour of a year in zones with and without DST', () => {
    for (const zone of ['Africa/Lagos', 'Europe/London', 'America/Sao_Paulo', 'Australia/Lord_Howe']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000 * 97) {
        const iso = new Date(t).toISOString();
        const local = utcToLocal(iso, zone);
        const back = localToUtc(local, zone)!;
        // An instant in the second pass of a repeated hour reads back as the first pass.
        if (back.note === 'repeated') expect(Date.parse(back.iso)).toBeLessThanOrEqual(t);
        else expect(back.iso, `${zone} ${iso}`).toBe(iso);
      }
    }
  });
});

describe('venue time shown back', () => {
  it('shows the offset in force and the range in venue time', () => {
    expect(offsetMinutes(Date.parse('2026-03-14T08:00:00Z'), 'Africa/Lagos')).toBe(60);
    expect(zoneLabel('2026-03-14T08:00:00Z', 'Africa/Lagos', 'en-GB')).toBe('Africa/Lagos (GMT+1)');
    expect(zoneLabel('2026-03-14T08:00:00Z', 'America/Port_of_Spain', 'en-GB')).toBe('America/Port of Spain (GMT-4)');
    expect(venueRange('2026-03-14T08:00:00Z', '2026-03-14T17:00:00Z', 'Africa/Lagos', 'en-GB')).toMatch(/14 Mar 2026, 09:00\s*–\s*18:00/);
  });
});

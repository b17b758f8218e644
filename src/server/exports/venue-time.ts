import { utcOffsetMinutes } from '../events/event-policy.service.ts';

/**
 * Instants as the venue's wall clock, ISO 8601 with its offset (2026-12-05T19:02:11+01:00): what an
 * organizer reads in a spreadsheet is the time at the door, and the offset keeps it an exact
 * instant that any tool can still sort and convert. Seconds are enough for people; the scan log's
 * order comes from the database, not from these strings.
 *
 * The offset comes from Intl (utcOffsetMinutes); asking Intl for every cell of a 100,000-row
 * export would cost seconds, so each clock remembers the offset per minute of time — a zone's
 * offset only ever changes on a minute boundary, and an event's scans fall in few minutes.
 */
export interface VenueClock {
  readonly timeZone: string;
  /** The instant as venue time with offset; empty for null. */
  iso(at: Date | null): string;
  /** The venue's offset east of UTC, in minutes, at the instant. */
  offsetMinutes(at: Date): number;
}

const MINUTE = 60_000;
// A bound on remembered minutes, so a long multi-day export cannot grow the map without end.
const MAX_REMEMBERED = 20_000;

export function venueClock(timeZone: string): VenueClock {
  const offsets = new Map<number, number>();
  const offsetMinutes = (at: Date): number => {
    const minute = Math.floor(at.getTime() / MINUTE);
    let offset = offsets.get(minute);
    if (offset === undefined) {
      offset = utcOffsetMinutes(timeZone, at);
      if (offsets.size >= MAX_REMEMBERED) offsets.clear();
      offsets.set(minute, offset);
    }
    return offset;
  };
  return {
    timeZone,
    offsetMinutes,
    iso(at) {
      if (at === null) return '';
      const offset = offsetMinutes(at);
      const wall = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset * MINUTE).toISOString().slice(0, 19);
      return `${wall}${offsetText(offset)}`;
    },
  };
}

/** +01:00, -03:30, +00:00 (RFC 3339 writes UTC as +00:00 or Z; +00:00 keeps every cell one shape). */
export function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

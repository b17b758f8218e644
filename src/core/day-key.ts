// Venue-local calendar day of an instant, as 'YYYY-MM-DD', for once-per-day entry rules.
// Core has no clock and no time zone database, so the offset is given: the server computes the
// venue's UTC offset at the event start (with Intl) and puts it in the policy. The venues this is
// built for (WAT, EAT, CAT) have no daylight saving; for venues that do, a multi-day event crossing
// a DST change is off by an hour at the boundary, which dayStartMinutes (e.g. 06:00) absorbs.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * Day key of `at` (epoch ms) in a zone `utcOffsetMinutes` east of UTC, where a day starts
 * `dayStartMinutes` after local midnight (a night event may roll its day over at 06:00).
 */
export function dayKey(at: number, utcOffsetMinutes: number, dayStartMinutes = 0): string {
  const days = Math.floor((at + (utcOffsetMinutes - dayStartMinutes) * MS_PER_MINUTE) / MS_PER_DAY);
  return civilFromDays(days);
}

// Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days), no Date needed.
function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

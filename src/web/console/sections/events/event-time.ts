// Event times live on the wire as UTC instants, but organizers think in the venue's wall clock:
// "doors at 18:00 in Lagos" whatever the laptop's own zone is. These helpers convert between a
// venue-local "YYYY-MM-DDTHH:mm" (what <input type=datetime-local> holds) and an instant, with
// the venue's IANA zone — never the browser's — and show instants back in venue time.

/** How a local time that the clock skips or repeats was read (a DST change). */
export type LocalTimeNote = 'skipped' | 'repeated' | null;
export interface LocalToUtc { iso: string; note: LocalTimeNote }

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at an instant, as if that wall clock were UTC (epoch ms). */
function wallMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of wallClock(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** Minutes the zone is ahead of UTC at an instant (Lagos: 60; New York in winter: -300). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallMs(whole, timeZone) - whole) / 60_000);
}

/**
 * The instant a venue-local "YYYY-MM-DDTHH:mm" means, or null when the text is not such a time.
 * Offsets are looked up a day either side of the guess, which brackets any transition, and each
 * candidate is kept only if it reads back as the same wall time. Where the clock repeats an hour
 * the earlier instant wins; where it skips one, the time moves forward by the gap (02:30 on a
 * spring-forward night is 03:30) — the choices of Temporal's "compatible", which people expect.
 */
export function localToUtc(local: string, timeZone: string): LocalToUtc | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(asUtc).getUTCDate() !== d) return null; // 31 April and the like
  const before = offsetMinutes(asUtc - DAY_MS, timeZone);
  const after = offsetMinutes(asUtc + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])].map((o) => asUtc - o * 60_000).sort((a, b) => a - b);
  const exact = candidates.filter((t) => wallMs(t, timeZone) === asUtc);
  if (exact.length > 0) return { iso: new Date(exact[0]!).toISOString(), note: exact.length > 1 ? 'repeated' : null };
  return { iso: new Date(asUtc - before * 60_000).toISOString(), note: 'skipped' };
}

/** The venue-local "YYYY-MM-DDTHH:mm" of an instant, for filling a datetime-local field. */
export function utcToLocal(iso: string, timeZone: string): string {
  return new Date(wallMs(Date.parse(iso), timeZone)).toISOString().slice(0, 16);
}

/** "Africa/Lagos (GMT+1)": the zone's name and its offset at that instant, in the reader's words. */
export function zoneLabel(iso: string, timeZone: string, locale: string): string {
  const offset = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${timeZone.replace(/_/g, ' ')} (${offset})` : timeZone.replace(/_/g, ' ');
}

/** Start–end in the venue's time, e.g. "14 Mar 2026, 09:00 – 18:00" (one date when it is one day). */
export function venueRange(startIso: string, endIso: string, timeZone: string, locale: string): string {
  const f = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return f.formatRange(new Date(startIso), new Date(endIso));
}

/** One instant in the venue's time, e.g. "14 Mar 2026, 09:00". */
export function venueDateTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The clock time of an instant in the venue's time, e.g. "18:30". */
export function venueTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(new Date(iso));
}

/** IANA zones this browser knows, for the venue's zone picker (a short list on old browsers). */
export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  // Some runtimes leave UTC out of the list although every one accepts it.
  return zones.length > 0 ? (zones.includes('UTC') ? zones : ['UTC', ...zones])
    : ['UTC', 'Africa/Lagos', 'Africa/Nairobi', 'Africa/Kigali', 'Africa/Accra', 'Africa/Johannesburg', 'Europe/London', 'Europe/Paris'];
}

// Times on the live overview are the venue's clock, never the laptop's: a manager checking Lagos
// doors from Paris must read the time the door staff see. Pure (Intl only), so tested.
import { utcToLocal } from '../event-time.ts';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...options })));
  return f;
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const CLOCK_SECONDS: Intl.DateTimeFormatOptions = { ...CLOCK, second: '2-digit' };
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };

const ms = (at: string | number) => (typeof at === 'number' ? at : Date.parse(at));

/** "19:05" at the venue (24-hour: door staff and projectors read it at a glance in any language). */
export const venueClock = (at: string | number, timeZone: string, locale: string): string => format(locale, timeZone, CLOCK).format(ms(at));

/** "19:05:42" at the venue: the feed, where seconds tell two scans apart. */
export const venueClockSeconds = (at: string | number, timeZone: string, locale: string): string =>
  format(locale, timeZone, CLOCK_SECONDS).format(ms(at));

/** The venue's calendar day of an instant, "YYYY-MM-DD". */
export const venueDay = (at: string | number, timeZone: string): string => utcToLocal(new Date(ms(at)).toISOString(), timeZone).slice(0, 10);

/**
 * The chart's time-axis labels (ticks in epoch seconds): the venue's time, and on the first tick
 * of each new venue day the date under it, so a chart past midnight says which night it is.
 */
export function axisLabels(ticks: readonly number[], timeZone: string, locale: string): string[] {
  let day: string | null = null;
  return ticks.map((s, i) => {
    const today = venueDay(s * 1000, timeZone);
    const label = venueClock(s * 1000, timeZone, locale);
    const changed = i > 0 && today !== day;
    day = today;
    return changed ? `${label}\n${format(locale, timeZone, DAY).format(s * 1000)}` : label;
  });
}

/** Minutes between two instants, rounded down (for "not seen for 5 minutes"). */
export const minutesBetween = (from: string | number, to: string | number): number => Math.floor((ms(to) - ms(from)) / 60_000);

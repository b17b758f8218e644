// Times on the door phone are the venue's: staff compare them with the clock on the wall and with
// what the console shows. A phone set to another zone (a borrowed phone, a visitor's SIM) names
// the venue's zone beside the time, so "10:32" is never read in the wrong zone.
import { i18n } from '../i18n.ts';
import { venueTimeZone } from '../state.ts';

const formats = new Map<string, Intl.DateTimeFormat>();
const phoneZone = (() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch { return undefined; } })();

export function doorTime(at: number, options: { seconds?: boolean; timeZone?: string | undefined } = {}): string {
  const timeZone = options.timeZone ?? venueTimeZone.value;
  const named = timeZone !== undefined && timeZone !== phoneZone;
  const key = `${i18n.locale.value}|${timeZone ?? ''}|${options.seconds ? 's' : ''}`;
  let format = formats.get(key);
  if (!format) {
    const base: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', ...(options.seconds ? { second: '2-digit' } : {}) };
    try {
      format = new Intl.DateTimeFormat(i18n.locale.value, timeZone ? { ...base, timeZone, ...(named ? { timeZoneName: 'short' } : {}) } : base);
    } catch {
      format = new Intl.DateTimeFormat(i18n.locale.value, base); // a zone name this browser does not know
    }
    formats.set(key, format);
  }
  return format.format(at);
}

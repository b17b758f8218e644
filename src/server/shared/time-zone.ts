import { DomainError } from './domain-error.ts';

/**
 * IANA time zones as the runtime's tz data knows them (Node ships full ICU). The canonical list
 * leaves out some links (`Asia/Calcutta`), so a name outside it is also tried as a formatter zone.
 * Returns the name as given; a name Intl does not know is a 400 that says which field.
 */
const KNOWN = new Set<string>(Intl.supportedValuesOf('timeZone'));
KNOWN.add('UTC');

export function isTimeZone(name: string): boolean {
  if (KNOWN.has(name)) return true;
  // Offsets such as "+01:00" are not places: a venue's clock changes with its region's rules.
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function checkTimeZone(name: string, field = 'timezone'): string {
  if (!isTimeZone(name)) throw new DomainError('validation_failed', `${field} "${name.slice(0, 64)}" is not an IANA time zone (e.g. Africa/Lagos, Europe/Paris).`);
  return name;
}

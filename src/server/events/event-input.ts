import { DomainError } from '../shared/domain-error.ts';

/** Checks shared by the organizer-side services for what a request carries: instants and slugs. */

// The schema's date-time format lets through instants no event has (year 0, year 275760).
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** An ISO 8601 instant from a request as a Date, or a 400 naming the field. */
export function instant(value: string, field: string): Date {
  const at = new Date(value);
  const ms = at.getTime();
  if (Number.isNaN(ms) || ms < EARLIEST || ms >= LATEST) {
    throw new DomainError('validation_failed', `${field} must be an instant between the years 2000 and 2199.`, { field });
  }
  return at;
}

export function optionalInstant(value: string | null | undefined, field: string): Date | null | undefined {
  return value === undefined || value === null ? value : instant(value, field);
}

/** Refuses `end` not after `start` (400, naming the fields). */
export function assertOrder(start: Date, end: Date, startField: string, endField: string): void {
  if (end.getTime() <= start.getTime()) {
    throw new DomainError('validation_failed', `${endField} (${end.toISOString()}) must be after ${startField} (${start.toISOString()}).`, { field: endField });
  }
}

/** A URL slug made from a name: "Lagos Tech Summit 2026!" → "lagos-tech-summit-2026". */
export function slugFrom(name: string): string {
  const slug = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56).replace(/-+$/, '');
  return slug === '' ? 'event' : slug;
}

/** Is this error the database refusing a duplicate of the named unique index? */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (e?.code !== '23505') return false;
  return e.constraint === index || String(e.message ?? '').includes(index);
}

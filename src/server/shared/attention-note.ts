import { DomainError } from './domain-error.ts';

/**
 * A note for door staff as the API received it (schema-checked: 1–200 characters, at least one
 * visible, no control characters), made what is stored: trimmed, or null for "no note". The
 * schema already refuses blank text; this repeats the rule for callers that skip the routes
 * (the CLI, imports) so the database's CHECK (0029) never answers a 500.
 */
export function attentionNoteOf(raw: string | null | undefined, field = 'attentionNote'): string | null {
  if (raw === undefined || raw === null) return null;
  const note = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (note === '' || note.length > 200 || /[\u0000-\u001f\u007f-\u009f]/.test(note)) {
    throw new DomainError('validation_failed', `${field} must be 1–200 characters without control characters, or null.`, { field });
  }
  return note;
}

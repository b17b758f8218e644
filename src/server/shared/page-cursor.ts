import { DomainError } from './domain-error.ts';

/**
 * Opaque cursors for keyset-paged lists: the sort key of the last item delivered, as base64url
 * JSON. A list reads `limit + 1` rows to learn whether another page exists, so no count is needed.
 */
export function encodePageCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor holds (`parts` strings), or a 400 for anything that is not one of ours. */
export function decodePageCursor(cursor: string | undefined, parts: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== parts || key.some((k) => typeof k !== 'string' || k.length > 300 || k.includes('\u0000'))) {
    throw new DomainError('bad_request', 'cursor is not a cursor of this list; start again without it.');
  }
  return key as string[];
}

/** The page size asked for (default 50); JSON-schema coercion lets `1e309` through as Infinity. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) throw new DomainError('validation_failed', 'limit must be an integer between 1 and 200.');
  return limit;
}

/** Splits the `limit + 1` rows read into the page and its cursor. */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (row: R) => string[], view: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(view), nextCursor: more ? encodePageCursor(keyOf(shown[shown.length - 1]!)) : null };
}

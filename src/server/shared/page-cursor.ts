import { DomainError } from './domain-error.ts';

/**
 * Opaque list cursors (`nextCursor` → `?cursor=`): the sort key of the last item of a page, as
 * base64url JSON. Keyset paging, so a page never repeats or skips an item when rows are added
 * meanwhile. A cursor is not a secret: every query still runs in the caller's tenant.
 */
export type CursorKey = (string | number)[];

export function encodePageCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, checked against the shape the list expects; 400 for anything else. */
export function decodePageCursor(text: string, shape: readonly ('string' | 'number')[]): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const ok = Array.isArray(key) && key.length === shape.length
    && key.every((v, i) => (shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 100));
  if (!ok) throw new DomainError('bad_request', 'cursor is not one of this list’s cursors; omit it to start from the first page.');
  return key as CursorKey;
}

/**
 * The page size asked for (default 50). Query strings are coerced to numbers, and "1e309" becomes
 * Infinity, which a schema's maximum does not catch: refused here rather than by the database.
 */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) throw new DomainError('validation_failed', 'limit must be an integer from 1 to 200.', { field: 'limit' });
  return limit;
}

/** `limit + 1` rows were read: the page, and the cursor after it when there is more. */
export function pageOf<R, V>(rows: R[], limit: number, view: (row: R) => V, keyOf: (row: R) => CursorKey): { items: V[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodePageCursor(keyOf(page[page.length - 1]!)) : null };
}

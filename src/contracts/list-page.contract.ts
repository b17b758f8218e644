import { Type, type TSchema } from 'typebox';

/**
 * A page of a list: `{ items, nextCursor }`. Send `nextCursor` back as `?cursor=` for the next
 * page; `null` means this was the last one. Cursors are opaque.
 */
export const ListPage = <T extends TSchema>(item: T) => Type.Object({
  items: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The query of every paged list. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1–200, default 50)' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'nextCursor of the previous page' })),
};

/** An instant on the wire: ISO 8601 with a time zone, e.g. 2026-03-14T09:00:00+01:00. */
export const Instant = Type.String({ format: 'date-time', maxLength: 40 });
export const Uuid = Type.String({ format: 'uuid' });
/** A capacity: a number of people, or null for no limit. */
export const Capacity = Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]);

/** A name people read: no NUL or other control characters (the database would refuse NUL anyway). */
export const PlainName = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

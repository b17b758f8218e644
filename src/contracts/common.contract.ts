import { Type, type Static, type TSchema } from 'typebox';

/** Shapes every list and resource shares. */

export const Uuid = Type.String({ format: 'uuid' });

/** Text a person reads (names, addresses): no control characters, which no database column stores. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]+$' });

/**
 * A note for door staff ("Speaker — send to the green room"): 1–200 characters once trimmed, no
 * control characters (C0, DEL, C1) — the banner shows it as one short block of text. The server
 * trims it; blank text is refused rather than taken for "no note" (send null to clear).
 */
export const AttentionNote = Type.String({
  minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$',
  description: 'A note for door staff, shown with the verdict (1–200 characters, trimmed); null: none',
});

/** An IANA time zone name (`Africa/Lagos`); the service checks it against the runtime's tz data. */
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$', description: 'IANA time zone, e.g. Africa/Lagos' });

/** An instant on the wire: ISO 8601 with a time zone, e.g. 2026-03-14T09:00:00+01:00. */
export const Instant = Type.String({ format: 'date-time', maxLength: 40 });

/** A value or null (a time not reached yet, a field left empty). */
export const Nullable = <T extends TSchema>(schema: T, options?: { description?: string }) => Type.Union([schema, Type.Null()], options);

/** The answer to work queued for the background: the delivery (an email, a webhook) to look for. */
export const Queued = Type.Object({ deliveryId: Uuid });
export type Queued = Static<typeof Queued>;

/** A capacity: a number of people, or null for no limit. */
export const Capacity = Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]);

/** The query fields of every paged list, to spread into a list's own query (filters and all). */
export const PageQueryFields = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1–200, default 50)' })),
};

export const PageQuery = Type.Object({ ...PageQueryFields }, { additionalProperties: false });
export type PageQuery = Static<typeof PageQuery>;

/** A page of a list: send `nextCursor` back as `?cursor=` for the next page; null on the last page. Cursors are opaque. */
export const Page = <T extends TSchema>(item: T) => Type.Object({
  items: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Send as ?cursor= for the next page; null: no more' }),
});
export interface PageOf<T> { items: T[]; nextCursor: string | null }

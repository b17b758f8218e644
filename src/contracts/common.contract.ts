import { Type, type Static } from 'typebox';

/** Shapes every list and resource shares. */

export const Uuid = Type.String({ format: 'uuid' });

/** Text a person reads (names, addresses): no control characters, which no database column stores. */
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]+$' });

/** An IANA time zone name (`Africa/Lagos`); the service checks it against the runtime's tz data. */
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$', description: 'IANA time zone, e.g. Africa/Lagos' });

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page' })),
}, { additionalProperties: false });
export type PageQuery = Static<typeof PageQuery>;

/** A page of a list: `nextCursor` is null on the last page. */
export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({
  items: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Send as ?cursor= for the next page; null: no more' }),
});
export interface PageOf<T> { items: T[]; nextCursor: string | null }

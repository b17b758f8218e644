import { Type, type Static } from 'typebox';
import { Capacity, Instant, Nullable, Page, PageQuery, Text, Uuid } from './common.contract.ts';

/** Sessions of an event (`/api/v1/events/{eventId}/sessions`): talks, workshops, screenings. */

const Name = Text(200);

/**
 * CPD/CE credits the session gives (e.g. 1.5), in hundredths; null: none. A ticket earns them when
 * it was inside at least `minShare` percent of the session's length (null reads as 100).
 */
export const Credits = Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 999, description: 'At most two decimals, e.g. 1.5' }));
export const MinShare = Nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'Percent of the session’s length' }));
/** The ticket types the session admits; null: those whose zones cover its room. */
export const AdmitsTicketTypeIds = Nullable(Type.Array(Uuid, { maxItems: 100, uniqueItems: true }));

export const SessionView = Type.Object({
  id: Uuid,
  eventId: Uuid,
  name: Type.String(),
  /** The room: a zone of the event's venue. */
  zoneId: Type.Union([Uuid, Type.Null()]),
  startsAt: Instant,
  endsAt: Instant,
  capacity: Capacity,
  credits: Credits,
  minShare: MinShare,
  admitsTicketTypeIds: AdmitsTicketTypeIds,
  createdAt: Instant,
});
export type SessionView = Static<typeof SessionView>;

export const SessionCreate = Type.Object({
  name: Name,
  zoneId: Uuid,
  startsAt: Instant,
  endsAt: Instant,
  capacity: Type.Optional(Capacity),
  credits: Type.Optional(Credits),
  minShare: Type.Optional(MinShare),
  admitsTicketTypeIds: Type.Optional(AdmitsTicketTypeIds),
}, { additionalProperties: false });
export type SessionCreate = Static<typeof SessionCreate>;

export const SessionPatch = Type.Object({
  name: Type.Optional(Name),
  zoneId: Type.Optional(Uuid),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  capacity: Type.Optional(Capacity),
  credits: Type.Optional(Credits),
  minShare: Type.Optional(MinShare),
  admitsTicketTypeIds: Type.Optional(AdmitsTicketTypeIds),
}, { additionalProperties: false });
export type SessionPatch = Static<typeof SessionPatch>;

export const SessionList = Page(SessionView);
export const SessionListQuery = PageQuery;
export const SessionParams = Type.Object({ eventId: Uuid, sessionId: Uuid });

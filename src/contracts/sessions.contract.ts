import { Type, type Static } from 'typebox';
import { Capacity, Instant, Page, PageQuery, Text, Uuid } from './common.contract.ts';

/** Sessions of an event (`/api/v1/events/{eventId}/sessions`): talks, workshops, screenings. */

const Name = Text(200);

export const SessionView = Type.Object({
  id: Uuid,
  eventId: Uuid,
  name: Type.String(),
  /** The room: a zone of the event's venue. */
  zoneId: Type.Union([Uuid, Type.Null()]),
  startsAt: Instant,
  endsAt: Instant,
  capacity: Capacity,
  createdAt: Instant,
});
export type SessionView = Static<typeof SessionView>;

export const SessionCreate = Type.Object({
  name: Name,
  zoneId: Uuid,
  startsAt: Instant,
  endsAt: Instant,
  capacity: Type.Optional(Capacity),
}, { additionalProperties: false });
export type SessionCreate = Static<typeof SessionCreate>;

export const SessionPatch = Type.Object({
  name: Type.Optional(Name),
  zoneId: Type.Optional(Uuid),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  capacity: Type.Optional(Capacity),
}, { additionalProperties: false });
export type SessionPatch = Static<typeof SessionPatch>;

export const SessionList = Page(SessionView);
export const SessionListQuery = PageQuery;
export const SessionParams = Type.Object({ eventId: Uuid, sessionId: Uuid });

import { Type, type Static } from 'typebox';
import { POLICY_TEMPLATES, type PolicyTemplateName } from '../core/policy.ts';
import { Capacity, Instant, Page, PageQueryFields, Text, Uuid } from './common.contract.ts';

/**
 * Events on the wire (`/api/v1/events`). Times are ISO 8601 instants; the venue's time zone says
 * how they read locally.
 */

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'archived'] as const;
export const EventStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled'), Type.Literal('archived')]);
export const PolicyTemplate = Type.Unsafe<PolicyTemplateName>({ type: 'string', enum: Object.keys(POLICY_TEMPLATES) });
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Lower-case letters, digits and dashes; public in /e/{slug}/register' });
const Name = Text(200);

export const EventView = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  venueId: Uuid,
  startsAt: Instant,
  endsAt: Instant,
  doorsOpenAt: Instant,
  capacity: Capacity,
  status: EventStatus,
  /** The template the scan policy was made from (GET/PUT …/policy for the rules). */
  policyTemplate: Type.Union([Type.String(), Type.Null()]),
  /** Valid tickets (not cancelled, refunded, transferred or void). */
  ticketsIssued: Type.Integer(),
  createdAt: Instant,
});
export type EventView = Static<typeof EventView>;

export const EventCreate = Type.Object({
  name: Name,
  slug: Type.Optional(Slug),
  venueId: Uuid,
  startsAt: Instant,
  endsAt: Instant,
  doorsOpenAt: Type.Optional(Instant),
  capacity: Type.Optional(Capacity),
  policyTemplate: Type.Optional(PolicyTemplate),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
}, { additionalProperties: false });
export type EventCreate = Static<typeof EventCreate>;

export const EventPatch = Type.Object({
  name: Type.Optional(Name),
  slug: Type.Optional(Slug),
  venueId: Type.Optional(Uuid),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  doorsOpenAt: Type.Optional(Instant),
  capacity: Type.Optional(Capacity),
  status: Type.Optional(EventStatus),
}, { additionalProperties: false });
export type EventPatch = Static<typeof EventPatch>;

export const EventListQuery = Type.Object({
  status: Type.Optional(EventStatus),
  venueId: Type.Optional(Uuid),
  from: Type.Optional({ ...Instant, description: 'Only events that end at or after this instant' }),
  to: Type.Optional({ ...Instant, description: 'Only events that start at or before this instant' }),
  ...PageQueryFields,
}, { additionalProperties: false });
export type EventListQuery = Static<typeof EventListQuery>;

export const EventList = Page(EventView);
export const EventParams = Type.Object({ eventId: Uuid });

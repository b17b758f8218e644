import { Type, type Static } from 'typebox';
import { AttentionNote, Capacity, Instant, Page, PageQuery, Text, Uuid } from './common.contract.ts';

/** Ticket types of an event (`/api/v1/events/{eventId}/ticket-types`). */

export const ZoneCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$' });
const Zones = Type.Array(ZoneCode, { minItems: 1, maxItems: 32, uniqueItems: true, description: 'Codes of zones of the event’s venue this type grants' });
const Name = Text(100);
const Bound = Type.Union([Instant, Type.Null()]);

export const TicketTypeView = Type.Object({
  id: Uuid,
  eventId: Uuid,
  /** The small number carried in the ticket's QR; `type` in ticket issuance. */
  typeNo: Type.Integer(),
  name: Type.String(),
  zones: Type.Array(Type.String()),
  validFrom: Bound,
  validUntil: Bound,
  /** true: a printed (static) QR is accepted; false: only the attendee page's rotating QR. */
  allowStatic: Type.Boolean(),
  /** true: the holder may transfer the ticket from their ticket page. */
  allowTransfer: Type.Boolean(),
  capacity: Capacity,
  /** Valid tickets of this type. */
  ticketsIssued: Type.Integer(),
  /** Shown to door staff with the verdict of every ticket of the type that has no note of its own. */
  attentionNote: Type.Union([Type.String(), Type.Null()]),
  /** Door staff see the holder's photo beside the verdict (decision 0010). */
  photoCheck: Type.Boolean(),
});
export type TicketTypeView = Static<typeof TicketTypeView>;

export const TicketTypeCreate = Type.Object({
  name: Name,
  zones: Zones,
  validFrom: Type.Optional(Bound),
  validUntil: Type.Optional(Bound),
  allowStatic: Type.Optional(Type.Boolean()),
  allowTransfer: Type.Optional(Type.Boolean({ description: 'The holder may transfer the ticket from their ticket page (default false)' })),
  capacity: Type.Optional(Capacity),
  attentionNote: Type.Optional(Type.Union([AttentionNote, Type.Null()])),
  photoCheck: Type.Optional(Type.Boolean({ description: 'Door staff see the holder’s photo beside the verdict (default false)' })),
}, { additionalProperties: false });
export type TicketTypeCreate = Static<typeof TicketTypeCreate>;

export const TicketTypePatch = Type.Object({
  name: Type.Optional(Name),
  zones: Type.Optional(Zones),
  validFrom: Type.Optional(Bound),
  validUntil: Type.Optional(Bound),
  allowStatic: Type.Optional(Type.Boolean()),
  allowTransfer: Type.Optional(Type.Boolean({ description: 'The holder may transfer the ticket from their ticket page (default false)' })),
  capacity: Type.Optional(Capacity),
  attentionNote: Type.Optional(Type.Union([AttentionNote, Type.Null()])),
  photoCheck: Type.Optional(Type.Boolean({ description: 'Door staff see the holder’s photo beside the verdict (default false)' })),
}, { additionalProperties: false });
export type TicketTypePatch = Static<typeof TicketTypePatch>;

export const TicketTypeList = Page(TicketTypeView);
export const TicketTypeListQuery = PageQuery;
export const TicketTypeParams = Type.Object({ eventId: Uuid, ticketTypeId: Uuid });

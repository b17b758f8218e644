import { Type, type Static } from 'typebox';
import { REASON_CODES, type ReasonCode } from '../core/index.ts';
import { Uuid } from './common.contract.ts';

/** Door scanning on the wire: one scan, a group, the name search, an undo. */

/** Serials are int4 in the database: a larger one (a forged QR may carry any u32) names no ticket. */
export const MAX_SERIAL = 2_147_483_647;

export const Direction = Type.Union([Type.Literal('in'), Type.Literal('out')]);
export const Presence = Type.Union([Type.Literal('inside'), Type.Literal('outside')]);
export const Verdict = Type.Union([Type.Literal('admitted'), Type.Literal('exited'), Type.Literal('refused')]);
export const Reason = Type.Unsafe<ReasonCode>({ type: 'string', enum: [...REASON_CODES] });

/** How a ticket is presented: exactly one of these per scan (the route says so when not). */
export const TicketRefFields = {
  qr: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The QR text as read (K1:…)' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Human code as typed, e.g. K7QF-93XM' })),
  pin: Type.Optional(Type.String({ minLength: 1, maxLength: 10, description: '6-digit PIN' })),
  serial: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SERIAL, description: 'A ticket picked from the name search' })),
};

export const ScanBody = Type.Object({
  scanId: Type.String({ format: 'uuid', description: 'Made by the device (UUIDv7); a retry with the same id returns the first answer' }),
  ...TicketRefFields,
  gateId: Type.Optional(Uuid),
  sessionId: Type.Optional(Type.String({
    format: 'uuid', description: 'A scan at the door of this session\'s room: judged by the session\'s rules, counted for the session only. gateId is then optional.',
  })),
  direction: Direction,
  scannedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Device clock at the scan (informational)' })),
}, { additionalProperties: false });
export type ScanBody = Static<typeof ScanBody>;

export const ScanAnswer = Type.Object({
  verdict: Verdict,
  reason: Reason,
  ticket: Type.Optional(Type.Object({ serial: Type.Integer(), holderName: Type.String(), type: Type.String(), zones: Type.Array(Type.String()) })),
  previous: Type.Optional(Type.Object({ at: Type.String({ format: 'date-time' }), gate: Type.String() })),
  /** A verdict that names a ticket, to a door device: the ticket's note for staff, else its type's; absent (or null): none. */
  attentionNote: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Session scans: the room's head count after the scan (a full room answers session_full with it). */
  session: Type.Optional(Type.Object({
    id: Type.String(), name: Type.String(), inside: Type.Integer(), capacity: Type.Union([Type.Integer(), Type.Null()]),
  })),
  /** Photo check (decision 0010): the ticket's type shows the holder's photo; absent otherwise. */
  photoCheck: Type.Optional(Type.Literal(true)),
  /** A photo is on file: GET …/tickets/{ticketId}/photo with the device token. Absent when none. */
  photo: Type.Optional(Type.Literal(true)),
});
export type ScanAnswer = Static<typeof ScanAnswer>;

export const GroupBody = Type.Object({
  gateId: Uuid,
  direction: Direction,
  scannedAt: Type.Optional(Type.String({ format: 'date-time' })),
  items: Type.Array(Type.Object({ scanId: Uuid, ...TicketRefFields }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
}, { additionalProperties: false });
export type GroupBody = Static<typeof GroupBody>;

/** Per ticket: a verdict, or an error for that ticket alone (a group is not all-or-nothing). */
export const GroupAnswer = Type.Object({
  results: Type.Array(Type.Intersect([
    Type.Object({ scanId: Uuid }),
    Type.Partial(ScanAnswer),
    Type.Object({ error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })) }),
  ])),
});
export type GroupAnswer = Static<typeof GroupAnswer>;

export const TicketSearchQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: 100 }) }, { additionalProperties: false });

/** One ticket the door name search found: what the door needs, never a PIN or contact details. */
export const DoorTicket = Type.Object({
  serial: Type.Integer(), holderName: Type.String(), type: Type.String(), status: Type.String(),
  presence: Presence,
  code: Type.String({ description: 'The human code printed on the ticket, for a guest reading it out' }),
  orderRef: Type.Union([Type.String(), Type.Null()]),
  sameOrder: Type.Boolean({ description: 'Listed because it shares an order with a ticket the name matched' }),
});
export type DoorTicket = Static<typeof DoorTicket>;
export const TicketSearchAnswer = Type.Object({ tickets: Type.Array(DoorTicket) });
export type TicketSearchAnswer = Static<typeof TicketSearchAnswer>;

export const UndoParams = Type.Object({ eventId: Uuid, scanId: Uuid });
export const UndoAnswer = Type.Object({
  scanId: Uuid,
  ticket: Type.Object({ serial: Type.Integer(), presence: Presence, entryCount: Type.Integer() }),
});
export type UndoAnswer = Static<typeof UndoAnswer>;

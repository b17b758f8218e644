import { Type, type Static } from 'typebox';
import { AttentionNote, Instant, Nullable, Page, PageQueryFields, Uuid } from './common.contract.ts';
import { Language } from './organizer.contract.ts';
import { Reason, Verdict } from './scanning.contract.ts';

/**
 * Tickets in on the wire (`/api/v1/events/{eventId}/tickets`, `/imports`): issuance, the CSV
 * import's report, one ticket, and its lifecycle (cancel, refund, transfer, resend).
 */

/** Tickets per issuance call; more at once go through the CSV import. */
export const MAX_API_TICKETS = 1_000;

export const TicketStatus = Type.Union([
  Type.Literal('valid'), Type.Literal('cancelled'), Type.Literal('refunded'), Type.Literal('transferred'), Type.Literal('void'),
]);

/**
 * The one shape a ticket has in the organizer/integration API: everything needed to hand the
 * ticket to its holder (QR text, human code, PIN, attendee link) plus its status.
 */
export const TicketView = Type.Object({
  id: Uuid,
  eventId: Uuid,
  serial: Type.Integer(),
  status: TicketStatus,
  type: Type.Object({ no: Type.Integer(), name: Type.String() }),
  holder: Type.Object({ name: Type.String(), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  orderRef: Nullable(Type.String()),
  code: Type.String({ description: 'Human code staff can type at the door, e.g. K7QF-93XM' }),
  pin: Type.String({ description: '6-digit PIN, unique in the event (SMS check-in, manual entry)' }),
  qr: Type.String({ description: 'Exact text of the QR code (static part; the attendee page adds the rotating part)' }),
  link: Type.String({ description: 'Attendee ticket page' }),
  replacedBy: Nullable(Uuid, { description: 'Set when transferred: the new ticket' }),
  attentionNote: Nullable(Type.String(), { description: 'This ticket’s own note for door staff (its type’s note applies when null)' }),
  /** Photo check (decision 0010): whether a photo is on file. The image itself is never in this view. */
  hasPhoto: Type.Optional(Type.Boolean()),
  photoCheck: Type.Optional(Type.Boolean({ description: 'The ticket’s type shows the holder’s photo at the door' })),
});
export type TicketView = Static<typeof TicketView>;

export const TicketParams = Type.Object({ eventId: Uuid, ticketId: Uuid });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$',
    description: 'Makes a retry safe: the same key with the same request returns the first answer and issues nothing (kept 24 h); with another request → 409 idempotency_mismatch.',
  })),
});

export const PhoneRegion = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166 country for phone numbers without +country code (default NG)' });

/** A holder as people type one; the server normalises it and answers 422 for what it cannot read. */
export const HolderFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'Normalised to E.164' }))),
};

export const IssueBody = Type.Object({
  phoneRegion: Type.Optional(PhoneRegion),
  tickets: Type.Array(Type.Object({
    type: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.String({ minLength: 1, maxLength: 100 })], {
      description: 'Ticket type number, name or id (optional when the event has one type)',
    })),
    ...HolderFields,
    orderRef: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    language: Type.Optional(Nullable(Language, { description: 'The holder’s language: their emails and SMS replies use it (default: the organizer’s)' })),
    attentionNote: Type.Optional(Nullable(AttentionNote)),
    photo: Type.Optional(Type.String({ maxLength: 1_000_000, description: 'Photo check: a data URL (JPEG, PNG or WebP), or an https URL Karibu fetches once (public addresses only, no redirects, ≤ 5 MB, 10 s), for a photo-check type. A data URL must fit the 1 MB body limit — use PUT …/tickets/{id}/photo for larger files' })),
    photoConsent: Type.Optional(Type.Boolean({ description: 'Required (true) with photo: the holder agreed that door staff see it' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_API_TICKETS }),
}, { additionalProperties: false });
export type IssueBody = Static<typeof IssueBody>;
export const IssueAnswer = Type.Object({ tickets: Type.Array(TicketView) });

export const ImportQuery = Type.Object({
  strict: Type.Optional(Type.Boolean({ default: false })),
  type: Type.Optional(Type.String({ maxLength: 100, description: 'Ticket type (number, name or id) for rows without a type column' })),
  phoneRegion: Type.Optional(PhoneRegion),
});

/** The import's body is the CSV file itself, not JSON. */
export const ImportBody = { content: { 'text/csv': { schema: Type.String({ description: 'Header row: name,email,phone,type,order_ref' }) } } };

/** Why a row was refused: the holder checks' reasons, then the import's own. */
export const ImportReason = Type.Union([
  Type.Literal('missing_name'), Type.Literal('name_too_long'), Type.Literal('bad_email'), Type.Literal('bad_phone'),
  Type.Literal('duplicate_in_file'), Type.Literal('duplicate_in_event'), Type.Literal('unknown_type'), Type.Literal('bad_row'),
]);
export const ImportProblem = Type.Object({
  line: Type.Integer(),
  reason: ImportReason,
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblem>;

export const ImportReport = Type.Object({
  rows: Type.Integer(), valid: Type.Integer(), imported: Type.Integer(),
  committed: Type.Boolean({ description: 'false: strict import with bad rows, nothing went in' }), strict: Type.Boolean(),
  rejected: Type.Array(ImportProblem), ignoredColumns: Type.Array(Type.String()),
  tickets: Type.Array(Type.Intersect([TicketView, Type.Object({ line: Type.Integer() })])),
});
export type ImportReport = Static<typeof ImportReport>;

export const TransferBody = Type.Object({
  ...HolderFields,
  phoneRegion: Type.Optional(PhoneRegion),
  notify: Type.Optional(Type.Boolean({ description: 'Email the new holder (default: when they have an email and SMTP is configured)' })),
}, { additionalProperties: false });
export type TransferBody = Static<typeof TransferBody>;

/** Sets (a note) or clears (null) one ticket's own note for door staff. */
export const AttentionNoteBody = Type.Object({ note: Nullable(AttentionNote) }, { additionalProperties: false });
export type AttentionNoteBody = Static<typeof AttentionNoteBody>;

export const TransferAnswer = Type.Object({ previous: TicketView, ticket: TicketView, emailed: Type.Boolean() });
export type TransferAnswer = Static<typeof TransferAnswer>;

// ----- the organizer's list, search and a ticket's scans (the console's Tickets pages) -----

/**
 * The manager's search: unlike the door's name search it matches email, phone, order reference,
 * code and serial too, and shows the holder's contact — so it needs ticket:read, never door staff.
 */
export const TicketSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Name, email, phone, order reference, human code or serial; empty: every ticket' })),
  ...PageQueryFields,
}, { additionalProperties: false });
export type TicketSearchQuery = Static<typeof TicketSearchQuery>;

/** A ticket in the organizer's list: who, what, where it stands — no PIN or QR (those are on its own page). */
export const TicketListItem = Type.Object({
  id: Uuid,
  serial: Type.Integer(),
  status: TicketStatus,
  presence: Type.Union([Type.Literal('outside'), Type.Literal('inside')]),
  entryCount: Type.Integer(),
  type: Type.Object({ no: Type.Integer(), name: Type.String() }),
  holder: Type.Object({ name: Type.String(), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  orderRef: Nullable(Type.String()),
  code: Type.String(),
  issuedAt: Instant,
});
export type TicketListItem = Static<typeof TicketListItem>;
export const TicketListPage = Page(TicketListItem);

/** One recorded scan of a ticket, refused ones too, with where, by whom and what became of it. */
export const TicketScan = Type.Object({
  id: Uuid,
  at: Instant,
  recordedAt: Instant,
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  input: Type.String({ description: 'qr, code, pin, sms, kiosk or search' }),
  verdict: Verdict,
  reason: Reason,
  serverVerdict: Nullable(Verdict, { description: 'Offline scans: the server’s replayed verdict' }),
  serverReason: Nullable(Reason),
  gate: Nullable(Type.String()),
  zone: Nullable(Type.String()),
  device: Nullable(Type.String()),
  staff: Nullable(Type.String()),
  offline: Type.Boolean(),
  conflict: Type.Boolean({ description: 'An offline scan the server judged otherwise: it did not count' }),
  moved: Type.Boolean({ description: 'The scan let the ticket in or out (karibu_moved_ticket)' }),
  undoneAt: Nullable(Instant, { description: 'When the scan was undone; it no longer counts' }),
  attentionNote: Nullable(Type.String(), { description: 'The note for door staff shown with this verdict' }),
});
export type TicketScan = Static<typeof TicketScan>;
export const TicketScanPage = Page(TicketScan);

/** One thing that happened to a ticket besides its scans: issued, transferred, cancelled, resent. */
export const TicketHistoryEntry = Type.Object({
  at: Instant,
  action: Type.Union([
    Type.Literal('issued'), Type.Literal('transferred'), Type.Literal('cancelled'), Type.Literal('refunded'), Type.Literal('resent'),
    // The note for door staff was set or changed, or removed (what it says is not kept here).
    Type.Literal('note_set'), Type.Literal('note_cleared'),
  ]),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('staff'), Type.Literal('device'), Type.Literal('api_key'), Type.Literal('system'), Type.Literal('attendee')], {
      description: 'attendee: the holder, from their own ticket page',
    }),
    name: Nullable(Type.String(), { description: 'The staff member’s or API key’s name, where there is one' }),
  }),
  source: Nullable(Type.String({ description: 'issued: api, import, registration, transfer…' })),
  /** transferred: the ticket that replaced this one; issued by transfer: the ticket it replaced. */
  relatedTicketId: Nullable(Uuid),
});
export type TicketHistoryEntry = Static<typeof TicketHistoryEntry>;
export const TicketHistory = Type.Object({ entries: Type.Array(TicketHistoryEntry) });
export type TicketHistory = Static<typeof TicketHistory>;

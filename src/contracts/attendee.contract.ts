import { Type, type Static } from 'typebox';
import { Instant, Nullable } from './common.contract.ts';
import { Language } from './organizer.contract.ts';
import { HolderFields, PhoneRegion, TicketStatus } from './tickets.contract.ts';

/** The attendee's own ticket page on the wire (`/api/v1/attendee/t/{linkSecret}`): public, the secret is the credential. */

/** Link secrets are 18 random bytes in base64url (24 characters); anything else cannot match. */
export const LINK_SECRET_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

export const AttendeeTicketParams = Type.Object({
  linkSecret: Type.String({ pattern: LINK_SECRET_PATTERN, description: 'The secret part of the attendee link' }),
});

export const AttendeeTicket = Type.Object({
  ticket: Type.Object({
    serial: Type.Integer(),
    code: Type.String({ description: 'Human code, e.g. K7QF-93XM: staff can type it at the door' }),
    pin: Type.String({ description: '6-digit PIN (feature phones, manual entry)' }),
    status: TicketStatus,
    holderName: Type.String(),
    type: Type.Object({ name: Type.String(), zones: Type.Array(Type.String()), allowStatic: Type.Boolean() }),
    qr: Nullable(Type.String(), { description: 'Static QR text; null unless the ticket is valid' }),
    rotation: Nullable(Type.Object({
      key: Type.String({ description: 'Per-ticket rotation key (base64url); the page appends core rotatingCode(key, now)' }),
      stepMs: Type.Integer(),
    }), { description: 'Present when the ticket must show a rotating code (its type allows no static code)' }),
    printable: Type.Boolean({ description: 'A static printable version (PDF) exists' }),
    transferable: Type.Boolean({ description: 'The holder may transfer it from this page (valid, and its type allows it)' }),
    emailOnFile: Nullable(Type.String(), { description: 'Where "send my ticket again" goes, masked (a•••@example.com)' }),
    phoneOnFile: Nullable(Type.String(), { description: 'Where "send my ticket by SMS" goes, masked (+•••••••••123); null when the ticket has no phone or the event sends no SMS' }),
    photoCheck: Type.Optional(Type.Boolean({ description: 'Door staff check the holder’s photo: the page offers to add one' })),
    hasPhoto: Type.Optional(Type.Boolean({ description: 'A photo is on file (the image itself is never sent back)' })),
  }),
  event: Type.Object({
    name: Type.String(), startsAt: Instant, endsAt: Instant, doorsOpenAt: Instant,
    timezone: Type.String(), venueName: Type.String(), organizerName: Type.String(),
  }),
  serverTime: { ...Instant, description: 'Lets the page correct a wrong phone clock for the rotating code' },
});
export type AttendeeTicket = Static<typeof AttendeeTicket>;

export const TicketPdfQuery = Type.Object({ lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' })) });
export const TicketPdf = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'application/pdf' });

/** Transfer from the ticket page: the new holder's name and email (where their fresh ticket is sent). */
export const AttendeeTransferBody = Type.Object({
  name: HolderFields.name,
  email: Type.String({ minLength: 3, maxLength: 254 }),
  phone: HolderFields.phone,
  phoneRegion: Type.Optional(PhoneRegion),
  lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$', description: 'Language of the page (for the emails)' })),
}, { additionalProperties: false });
export type AttendeeTransferBody = Static<typeof AttendeeTransferBody>;

export const AttendeeTransferAnswer = Type.Object({
  newHolderName: Type.String(),
  sentTo: Type.String({ description: 'The new holder’s email, masked' }),
  emailed: Type.Boolean({ description: 'false: the ticket was transferred but the email did not go out (the organizer can resend it)' }),
});
export type AttendeeTransferAnswer = Static<typeof AttendeeTransferAnswer>;

export const AttendeeResendBody = Type.Object({
  lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' })),
  /** email (the default): the ticket's email and PDF; phone: an SMS with the link, code and PIN. */
  to: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('phone')])),
}, { additionalProperties: false });
export const AttendeeResendAnswer = Type.Object({
  sentTo: Type.String({ description: 'The email or phone on the ticket, masked' }),
  via: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
});
export type AttendeeResendAnswer = Static<typeof AttendeeResendAnswer>;

export const TicketCalendar = Type.Unsafe<string>({ type: 'string', description: 'text/calendar (RFC 5545), times in the venue’s time zone' });

export const AttendeeLanguageBody = Type.Object({ language: Language }, { additionalProperties: false });
export type AttendeeLanguageBody = Static<typeof AttendeeLanguageBody>;

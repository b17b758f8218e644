import { Type, type Static } from 'typebox';
import { Instant, Nullable, Uuid } from './common.contract.ts';

/**
 * Session attendance and CPD credits on the wire: who was in a session and for how long
 * (`/api/v1/events/{eventId}/sessions/{sessionId}/attendance`), what a ticket earned
 * (`…/tickets/{ticketId}/credits`, and the attendee's own `/api/v1/attendee/t/{secret}/credits`),
 * and the public check of a certificate's code (`/api/v1/certificates/{code}`).
 *
 * Minutes are whole minutes inside during the session, rounded down; whether credits are earned
 * is decided on the exact time (core session-attendance.ts), so a statement can show 47 minutes
 * earned for a session that needs 46.5.
 */

const Minutes = Type.Integer({ minimum: 0, description: 'Whole minutes inside during the session' });
const Credits = Type.Number({ minimum: 0, description: 'CPD/CE credits, in hundredths' });

export const AttendanceParams = Type.Object({ eventId: Uuid, sessionId: Uuid });
export const TicketCreditsParams = Type.Object({ eventId: Uuid, ticketId: Uuid });

export const SessionAttendee = Type.Object({
  ticketId: Uuid,
  serial: Type.Integer(),
  holderName: Type.String(),
  type: Type.String({ description: 'Ticket type name' }),
  minutes: Minutes,
  firstEntry: Nullable(Instant),
  lastExit: Nullable(Instant),
  earnedCredits: Credits,
});
export type SessionAttendee = Static<typeof SessionAttendee>;

export const SessionAttendance = Type.Object({
  session: Type.Object({
    id: Uuid, name: Type.String(), startsAt: Instant, endsAt: Instant,
    credits: Nullable(Credits), minShare: Nullable(Type.Integer()),
    minutesNeeded: Nullable(Type.Integer({ description: 'Minutes a ticket needs for the credits (rounded up); null without credits' })),
  }),
  attendees: Type.Array(SessionAttendee, { description: 'Tickets with a standing move into or out of the session, by serial' }),
});
export type SessionAttendance = Static<typeof SessionAttendance>;

export const CreditLine = Type.Object({
  sessionId: Uuid,
  name: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  minutes: Minutes,
  minutesNeeded: Type.Integer(),
  credits: Credits,
  earned: Type.Boolean(),
  earnedCredits: Credits,
});
export type CreditLine = Static<typeof CreditLine>;

export const CreditStatement = Type.Object({
  ticket: Type.Object({ serial: Type.Integer(), holderName: Type.String(), type: Type.String() }),
  event: Type.Object({ name: Type.String(), timezone: Type.String() }),
  sessions: Type.Array(CreditLine, { description: 'Every session of the event that gives credits, by start time' }),
  totalCredits: Credits,
});
export type CreditStatement = Static<typeof CreditStatement>;

export const CertificateParams = Type.Object({
  code: Type.String({ pattern: '^[0-9A-Za-z-]{20,32}$', description: 'Verification code printed on the certificate' }),
});

/** All the public check confirms: what the paper says, nothing a stranger could use beyond it. */
export const CertificateCheck = Type.Object({
  holderInitials: Type.String(),
  eventName: Type.String(),
  credits: Credits,
  issuedOn: Type.String({ format: 'date', description: 'The day it was issued (UTC), e.g. 2026-12-05' }),
});
export type CertificateCheck = Static<typeof CertificateCheck>;

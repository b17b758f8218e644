import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  AttendeeLanguageBody, AttendeeResendAnswer, AttendeeResendBody, AttendeeTicket, AttendeeTicketParams, AttendeeTransferAnswer, AttendeeTransferBody,
  TicketCalendar, TicketPdf, TicketPdfQuery,
} from '../../contracts/attendee.contract.ts';
import type { Feature } from '../app-context.ts';
import { sendError, ERROR_RESPONSE } from '../http/api-error.ts';
import { installAuth } from '../auth/auth-guard.ts';
import { emailLocale } from '../notifications/ticket-messages.ts';
import { ticketDocumentByLinkSecret, type TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { isTransferable, maskEmail, resendFromLink, setLanguageFromLink, transferFromLink } from './attendee-self-service.service.ts';
import { ticketCalendar } from './ticket-calendar.ts';
import { eventSendsSms } from '../sms/sms-ticket.service.ts';
import { maskPhone } from '../sms/sms-phone.ts';
import { photoStateOf } from '../photos/photo.service.ts';

// pdf-lib is large (~0.3 s to load): loaded on the first PDF, not at server start.
const renderTicketPdf = async (...args: Parameters<typeof import('../notifications/ticket-pdf.ts').renderTicketPdf>) =>
  (await import('../notifications/ticket-pdf.ts')).renderTicketPdf(...args);

/**
 * The attendee's own ticket, opened by the unguessable secret of their link /t/{secret}. Public (the
 * secret is the credential), rate-limited per IP, never cached by browsers or proxies, and the path
 * sits under /t/ so the request logger's redaction cuts the secret out of every log line.
 */
const ATTENDEE_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

function toJson(doc: TicketDocument, now: Date, textsTickets: boolean): AttendeeTicket {
  return {
    ticket: {
      serial: doc.serial, code: doc.code, pin: doc.pin, status: doc.status, holderName: doc.holderName,
      type: { name: doc.type.name, zones: doc.type.zones, allowStatic: doc.type.allowStatic },
      qr: doc.qr,
      rotation: doc.rotationKey ? { key: Buffer.from(doc.rotationKey).toString('base64url'), stepMs: 30_000 } : null,
      printable: isPrintable(doc),
      transferable: isTransferable(doc),
      emailOnFile: doc.status === 'valid' && doc.holderEmail ? maskEmail(doc.holderEmail) : null,
      phoneOnFile: doc.status === 'valid' && doc.holderPhone && textsTickets ? maskPhone(doc.holderPhone) : null,
    },
    event: {
      name: doc.event.name, startsAt: doc.event.startsAt.toISOString(), endsAt: doc.event.endsAt.toISOString(),
      doorsOpenAt: doc.event.doorsOpenAt.toISOString(), timezone: doc.event.timezone,
      venueName: doc.event.venueName, organizerName: doc.event.organizerName,
    },
    serverTime: now.toISOString(),
  };
}

/** Only a valid ticket whose type accepts static codes has a version that works on paper. */
function isPrintable(doc: TicketDocument): boolean {
  return doc.status === 'valid' && doc.type.allowStatic && doc.qr !== null;
}

const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' };

/**
 * Actions that send email are limited per link as well as per address: whoever holds a leaked link
 * (or a script) must not be able to flood the holder's inbox or hop a ticket between people. The
 * key is a hash of the secret, so the secret itself never sits in Redis.
 */
const perLink = (name: string, max: number, timeWindow: number) => ({
  max, timeWindow,
  keyGenerator: (request: FastifyRequest) => {
    const secret = (request.params as { linkSecret?: string }).linkSecret ?? '';
    return `attendee-${name}:${createHash('sha256').update(secret).digest('base64url').slice(0, 22)}`;
  },
});

export const attendeeFeature: Feature = {
  name: 'attendee',
  async register(app, ctx) {
    // Both routes are public (the link secret is the credential); the guard publishes that.
    installAuth(app, ctx);

    app.get('/api/v1/attendee/t/:linkSecret', {
      schema: {
        operationId: 'getAttendeeTicket', tags: ['attendee'],
        summary: 'The attendee’s ticket by link secret: event, holder, codes, QR text and rotation key',
        params: AttendeeTicketParams,
        response: { 200: AttendeeTicket, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: ATTENDEE_RATE_LIMIT },
    }, async (request, reply) => {
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      reply.headers(PRIVATE_HEADERS);
      if (!doc) return sendError(reply, 'not_found', 'This ticket link is not valid (it may have been replaced after a transfer).');
      const texts = doc.status === 'valid' && doc.holderPhone !== null && await eventSendsSms(ctx, doc.tenantId, doc.eventId);
      const json = toJson(doc, new Date(), texts);
      // Photo check: the page offers a photo only where the door checks one; only flags, never the image.
      const photo = await photoStateOf(ctx, doc.tenantId, doc.ticketId);
      return photo.photoCheck ? { ...json, ticket: { ...json.ticket, ...photo } } : json;
    });

    app.get('/api/v1/attendee/t/:linkSecret/pdf', {
      schema: {
        operationId: 'getAttendeeTicketPdf', tags: ['attendee'],
        summary: 'The printable ticket (PDF), only where the ticket type allows static codes',
        params: AttendeeTicketParams,
        querystring: TicketPdfQuery,
        response: {
          200: TicketPdf,
          400: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE,
          409: ERROR_RESPONSE, 429: ERROR_RESPONSE,
        },
      },
      config: { auth: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
    }, async (request, reply) => {
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      reply.headers(PRIVATE_HEADERS);
      if (!doc) return sendError(reply, 'not_found', 'This ticket link is not valid (it may have been replaced after a transfer).');
      if (doc.status !== 'valid') return sendError(reply, 'conflict', `This ticket is ${doc.status}.`);
      if (!isPrintable(doc)) {
        return sendError(reply, 'forbidden', 'This ticket has no printable version: its QR code changes every 30 seconds, so show it on your phone.');
      }
      const locale = emailLocale(request.query.lang ?? doc.language);
      const pdf = await renderTicketPdf(doc, locale);
      return reply.type('application/pdf')
        .header('content-disposition', `inline; filename="ticket-${doc.code}.pdf"`)
        .send(Buffer.from(pdf));
    });

    app.get('/api/v1/attendee/t/:linkSecret/calendar.ics', {
      schema: {
        operationId: 'getAttendeeTicketCalendar', tags: ['attendee'],
        summary: 'The event as a calendar entry (.ics) in the venue’s time zone',
        params: AttendeeTicketParams, querystring: TicketPdfQuery,
        response: { 200: TicketCalendar, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
    }, async (request, reply) => {
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      reply.headers(PRIVATE_HEADERS);
      if (!doc) return sendError(reply, 'not_found', 'This ticket link is not valid (it may have been replaced after a transfer).');
      const locale = emailLocale(request.query.lang ?? doc.language);
      return reply.type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${doc.event.slug || 'event'}.ics"`)
        .send(ticketCalendar(doc, locale, new Date()));
    });

    app.post('/api/v1/attendee/t/:linkSecret/transfer', {
      schema: {
        operationId: 'transferAttendeeTicket', tags: ['attendee'],
        summary: 'Pass the ticket on: the new holder gets a fresh ticket by email, this one is refused from now on',
        params: AttendeeTicketParams, body: AttendeeTransferBody,
        response: {
          200: AttendeeTransferAnswer,
          400: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE,
          422: ERROR_RESPONSE, 429: ERROR_RESPONSE, 503: ERROR_RESPONSE,
        },
      },
      config: { auth: 'public', rateLimit: perLink('transfer', 5, 60 * 60_000) },
    }, async (request, reply) => {
      reply.headers(PRIVATE_HEADERS);
      return transferFromLink(ctx, request.params.linkSecret, request.body);
    });

    app.put('/api/v1/attendee/t/:linkSecret/language', {
      schema: {
        operationId: 'setAttendeeTicketLanguage', tags: ['attendee'],
        summary: 'Keep the holder’s language with the ticket: their emails, PDF and SMS replies use it',
        params: AttendeeTicketParams, body: AttendeeLanguageBody,
        response: { 204: { type: 'null' }, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: perLink('language', 20, 60 * 60_000) },
    }, async (request, reply) => {
      await setLanguageFromLink(ctx, request.params.linkSecret, request.body);
      return reply.code(204).headers(PRIVATE_HEADERS).send();
    });

    app.post('/api/v1/attendee/t/:linkSecret/resend', {
      schema: {
        operationId: 'resendAttendeeTicket', tags: ['attendee'],
        summary: 'Send the ticket again to the email address or, by SMS, the phone on it (never anywhere else)',
        params: AttendeeTicketParams, body: AttendeeResendBody,
        response: {
          202: AttendeeResendAnswer,
          400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE, 422: ERROR_RESPONSE, 429: ERROR_RESPONSE, 503: ERROR_RESPONSE,
        },
      },
      config: { auth: 'public', rateLimit: perLink('resend', 3, 60 * 60_000) },
    }, async (request, reply) => {
      reply.headers(PRIVATE_HEADERS);
      return reply.code(202).send(await resendFromLink(ctx, request.params.linkSecret, request.body ?? {}));
    });
  },
};

import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { sendError, ERROR_RESPONSE } from '../http/api-error.ts';
import { installAuth } from '../auth/auth-guard.ts';
import { emailLocale } from '../notifications/ticket-messages.ts';
import { LINK_SECRET_PATTERN, ticketDocumentByLinkSecret, type TicketDocument } from '../ticket-documents/ticket-document.service.ts';

// pdf-lib is large (~0.3 s to load): loaded on the first PDF, not at server start.
const renderTicketPdf = async (...args: Parameters<typeof import('../notifications/ticket-pdf.ts').renderTicketPdf>) =>
  (await import('../notifications/ticket-pdf.ts')).renderTicketPdf(...args);

/**
 * The attendee's own ticket, opened by the unguessable secret of their link /t/{secret}. Public (the
 * secret is the credential), rate-limited per IP, never cached by browsers or proxies, and the path
 * sits under /t/ so the request logger's redaction cuts the secret out of every log line.
 */
const ATTENDEE_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

const Params = Type.Object({ linkSecret: Type.String({ pattern: LINK_SECRET_PATTERN, description: 'The secret part of the attendee link' }) });
const DateTime = Type.String({ format: 'date-time' });

const AttendeeTicket = Type.Object({
  ticket: Type.Object({
    serial: Type.Integer(),
    code: Type.String({ description: 'Human code, e.g. K7QF-93XM: staff can type it at the door' }),
    pin: Type.String({ description: '6-digit PIN (feature phones, manual entry)' }),
    status: Type.Union(['valid', 'cancelled', 'refunded', 'transferred', 'void'].map((s) => Type.Literal(s))),
    holderName: Type.String(),
    type: Type.Object({ name: Type.String(), zones: Type.Array(Type.String()), allowStatic: Type.Boolean() }),
    qr: Type.Union([Type.String(), Type.Null()], { description: 'Static QR text; null unless the ticket is valid' }),
    rotation: Type.Union([
      Type.Object({
        key: Type.String({ description: 'Per-ticket rotation key (base64url); the page appends core rotatingCode(key, now)' }),
        stepMs: Type.Integer(),
      }),
      Type.Null(),
    ], { description: 'Present when the ticket must show a rotating code (its type allows no static code)' }),
    printable: Type.Boolean({ description: 'A static printable version (PDF) exists' }),
  }),
  event: Type.Object({
    name: Type.String(), startsAt: DateTime, endsAt: DateTime, doorsOpenAt: DateTime,
    timezone: Type.String(), venueName: Type.String(), organizerName: Type.String(),
  }),
  serverTime: Type.String({ format: 'date-time', description: 'Lets the page correct a wrong phone clock for the rotating code' }),
});

function toJson(doc: TicketDocument, now: Date) {
  return {
    ticket: {
      serial: doc.serial, code: doc.code, pin: doc.pin, status: doc.status, holderName: doc.holderName,
      type: { name: doc.type.name, zones: doc.type.zones, allowStatic: doc.type.allowStatic },
      qr: doc.qr,
      rotation: doc.rotationKey ? { key: Buffer.from(doc.rotationKey).toString('base64url'), stepMs: 30_000 } : null,
      printable: isPrintable(doc),
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

export const attendeeFeature: Feature = {
  name: 'attendee',
  async register(app, ctx) {
    // Both routes are public (the link secret is the credential); the guard publishes that.
    installAuth(app, ctx);

    app.get('/api/v1/attendee/t/:linkSecret', {
      schema: {
        operationId: 'getAttendeeTicket', tags: ['attendee'],
        summary: 'The attendee’s ticket by link secret: event, holder, codes, QR text and rotation key',
        params: Params,
        response: { 200: AttendeeTicket, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: ATTENDEE_RATE_LIMIT },
    }, async (request, reply) => {
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      reply.headers(PRIVATE_HEADERS);
      if (!doc) return sendError(reply, 'not_found', 'This ticket link is not valid (it may have been replaced after a transfer).');
      return toJson(doc, new Date());
    });

    app.get('/api/v1/attendee/t/:linkSecret/pdf', {
      schema: {
        operationId: 'getAttendeeTicketPdf', tags: ['attendee'],
        summary: 'The printable ticket (PDF), only where the ticket type allows static codes',
        params: Params,
        querystring: Type.Object({ lang: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' })) }),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }),
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
      const locale = emailLocale(request.query.lang ?? request.headers['accept-language']?.split(',')[0]);
      const pdf = await renderTicketPdf(doc, locale);
      return reply.type('application/pdf')
        .header('content-disposition', `inline; filename="ticket-${doc.code}.pdf"`)
        .send(Buffer.from(pdf));
    });
  },
};

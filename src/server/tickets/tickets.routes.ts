import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { DomainError } from '../shared/domain-error.ts';
import { issueViaApi, MAX_API_TICKETS, type Actor } from './ticket-intake.service.ts';
import { importTicketsCsv, MAX_IMPORT_ROWS } from './ticket-import.service.ts';
import { cancelTicket, refundTicket, resendTicket, transferTicket } from './ticket-lifecycle.service.ts';
import { TicketOut, viewOfRow } from './ticket-view.ts';
import { ticketsForView } from './tickets-in.repository.ts';
import { ERROR_RESPONSE as err, errorResponses } from '../http/api-error.ts';
import { EventParams } from '../../contracts/events.contract.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const TicketParams = Type.Object({ eventId: Type.String({ format: 'uuid' }), ticketId: Type.String({ format: 'uuid' }) });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$',
    description: 'Makes a retry safe: the same key with the same request returns the first answer and issues nothing (kept 24 h); with another request → 409 idempotency_mismatch.',
  })),
});
const PhoneRegion = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166 country for phone numbers without +country code (default NG)' });
const Nullable = (s: ReturnType<typeof Type.String>) => Type.Optional(Type.Union([s, Type.Null()]));
const HolderFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Nullable(Type.String({ maxLength: 254 })),
  phone: Nullable(Type.String({ maxLength: 40, description: 'Normalised to E.164' })),
};
const ImportProblem = Type.Object({
  line: Type.Integer(),
  reason: Type.Union(['missing_name', 'name_too_long', 'bad_email', 'bad_phone', 'duplicate_in_file', 'duplicate_in_event', 'unknown_type', 'bad_row']
    .map((r) => Type.Literal(r))),
  message: Type.String(),
});

const actorFor = (request: FastifyRequest): Actor => {
  const a = actorOf(principalOf(request));
  return { kind: a.actorKind, id: a.actorId };
};

/** Tickets in: issuance API, CSV import, reading one ticket, and its lifecycle. */
export const ticketsInFeature: Feature = {
  name: 'tickets-in',
  async register(app, ctx) {
    installAuth(app, ctx);
    // CSV bodies for imports, as text (this scope only).
    app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 16 * 1_048_576 }, (_req, body, done) => done(null, body));

    app.post('/api/v1/events/:eventId/tickets', {
      schema: {
        operationId: 'issueTickets', tags: ['tickets'],
        summary: `Issue 1–${MAX_API_TICKETS} tickets (API key or manager); each comes back with its QR text, human code, PIN and attendee link`,
        params: EventParams, headers: IdempotencyHeaders,
        body: Type.Object({
          phoneRegion: Type.Optional(PhoneRegion),
          tickets: Type.Array(Type.Object({
            type: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.String({ minLength: 1, maxLength: 100 })], {
              description: 'Ticket type number, name or id (optional when the event has one type)',
            })),
            ...HolderFields,
            orderRef: Nullable(Type.String({ maxLength: 200 })),
          }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_API_TICKETS }),
        }, { additionalProperties: false }),
        response: { 201: Type.Object({ tickets: Type.Array(TicketOut) }), ...errors },
      },
      config: { auth: { action: 'ticket:issue', resource: 'event' } },
    }, async (request, reply) => {
      const result = await issueViaApi(ctx, principalOf(request).tenantId, request.params.eventId, actorFor(request), request.body,
        request.headers['idempotency-key']);
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ tickets: result.tickets });
    });

    app.post('/api/v1/events/:eventId/imports', {
      schema: {
        operationId: 'importTickets', tags: ['tickets'],
        summary: `Import tickets from a CSV file (text/csv, ≤ ${MAX_IMPORT_ROWS} rows): a report with the line and reason of every bad row; valid rows go in, or with strict=true nothing unless all are valid`,
        params: EventParams, headers: IdempotencyHeaders,
        querystring: Type.Object({
          strict: Type.Optional(Type.Boolean({ default: false })),
          type: Type.Optional(Type.String({ maxLength: 100, description: 'Ticket type (number, name or id) for rows without a type column' })),
          phoneRegion: Type.Optional(PhoneRegion),
        }),
        body: { content: { 'text/csv': { schema: Type.String({ description: 'Header row: name,email,phone,type,order_ref' }) } } },
        response: {
          200: Type.Object({
            rows: Type.Integer(), valid: Type.Integer(), imported: Type.Integer(),
            committed: Type.Boolean({ description: 'false: strict import with bad rows, nothing went in' }), strict: Type.Boolean(),
            rejected: Type.Array(ImportProblem), ignoredColumns: Type.Array(Type.String()),
            tickets: Type.Array(Type.Intersect([TicketOut, Type.Object({ line: Type.Integer() })])),
          }),
          ...errors, 413: err, 415: err,
        },
      },
      bodyLimit: 16 * 1_048_576,
      config: { auth: { action: 'ticket:issue', resource: 'event' } },
    }, async (request, reply) => {
      if (typeof request.body !== 'string') throw new DomainError('unsupported_media_type', 'Send the CSV file as the body with Content-Type: text/csv.');
      const { replayed, ...report } = await importTicketsCsv(ctx, principalOf(request).tenantId, request.params.eventId, actorFor(request),
        request.body, { strict: request.query.strict, defaultType: request.query.type, phoneRegion: request.query.phoneRegion },
        request.headers['idempotency-key']);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return report;
    });

    app.get('/api/v1/events/:eventId/tickets/:ticketId', {
      schema: {
        operationId: 'getTicket', tags: ['tickets'], summary: 'One ticket with its QR text, human code, PIN, link and status',
        params: TicketParams, response: { 200: TicketOut, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request) => {
      const { eventId, ticketId } = request.params;
      return withTenant(ctx.db, principalOf(request).tenantId, async (trx) => {
        const [row] = await ticketsForView(trx, [ticketId]);
        if (!row || row.event_id !== eventId) throw new DomainError('not_found', 'No such ticket in this event.');
        return viewOfRow(ctx, trx, row);
      });
    });

    for (const [verb, operationId, summary, change] of [
      ['cancel', 'cancelTicket', 'Cancel a valid ticket: its QR, code and PIN are refused (reason cancelled) online at once and in the next manifest', cancelTicket],
      ['refund', 'refundTicket', 'Mark a valid or cancelled ticket refunded: refused at the door (reason refunded)', refundTicket],
    ] as const) {
      app.post(`/api/v1/events/:eventId/tickets/:ticketId/${verb}`, {
        schema: { operationId, tags: ['tickets'], summary, params: TicketParams, response: { 200: TicketOut, ...errors } },
        config: { auth: { action: 'ticket:manage', resource: 'event' } },
      }, async (request) => change(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId, actorFor(request)));
    }

    app.post('/api/v1/events/:eventId/tickets/:ticketId/transfer', {
      schema: {
        operationId: 'transferTicket', tags: ['tickets'],
        summary: 'Transfer to a new holder: the old ticket becomes transferred (refused at the door), a new ticket with a new QR, code and PIN is issued',
        params: TicketParams,
        body: Type.Object({
          ...HolderFields,
          phoneRegion: Type.Optional(PhoneRegion),
          notify: Type.Optional(Type.Boolean({ description: 'Email the new holder (default: when SMTP is configured)' })),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ previous: TicketOut, ticket: TicketOut, emailed: Type.Boolean() }), ...errors },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request) => transferTicket(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId,
      actorFor(request), request.body));

    app.post('/api/v1/events/:eventId/tickets/:ticketId/resend', {
      schema: {
        operationId: 'resendTicket', tags: ['tickets'],
        summary: 'Email the ticket to its holder again (503 not_configured when the server has no SMTP)',
        params: TicketParams,
        response: { 202: Type.Object({ deliveryId: Type.String({ format: 'uuid' }) }), ...errors, 503: err },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request, reply) => reply.code(202).send(await resendTicket(ctx, principalOf(request).tenantId, request.params.eventId,
      request.params.ticketId, actorFor(request))));
  },
};

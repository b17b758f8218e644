import type { FastifyRequest } from 'fastify';
import type { Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { DomainError } from '../shared/domain-error.ts';
import { issueViaApi, type Actor } from './ticket-intake.service.ts';
import { importTicketsCsv, MAX_IMPORT_ROWS } from './ticket-import.service.ts';
import { cancelTicket, refundTicket, resendTicket, setAttentionNote, transferTicket } from './ticket-lifecycle.service.ts';
import { searchEventTickets, ticketHistory, ticketScans } from './ticket-records.service.ts';
import { viewOfRow } from './ticket-view.ts';
import { ticketsForView } from './tickets-in.repository.ts';
import { ERROR_RESPONSE as err, errorResponses } from '../http/api-error.ts';
import { PageQuery, Queued } from '../../contracts/common.contract.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import {
  AttentionNoteBody, IdempotencyHeaders, ImportBody, ImportQuery, ImportReport, IssueAnswer, IssueBody, MAX_API_TICKETS, TicketListPage, TicketParams,
  TicketHistory, TicketScanPage, TicketSearchQuery, TicketView, TransferAnswer, TransferBody,
} from '../../contracts/tickets.contract.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

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
        body: IssueBody,
        response: { 201: IssueAnswer, ...errors },
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
        querystring: ImportQuery,
        body: ImportBody,
        response: {
          200: ImportReport,
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

    // The manager's list and search; the door's name search (GET …/tickets?q=) shows no contact details.
    app.get('/api/v1/events/:eventId/tickets/search', {
      schema: {
        operationId: 'listTickets', tags: ['tickets'],
        summary: 'The event’s tickets, newest first, optionally searched by name, email, phone, order reference, human code or serial (paged)',
        params: EventParams, querystring: TicketSearchQuery, response: { 200: TicketListPage, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request) => searchEventTickets(ctx, principalOf(request).tenantId, request.params.eventId, request.query));

    app.get('/api/v1/events/:eventId/tickets/:ticketId/scans', {
      schema: {
        operationId: 'listTicketScans', tags: ['tickets'],
        summary: 'Every recorded scan of one ticket, refused, offline and undone ones too, oldest first (paged)',
        params: TicketParams, querystring: PageQuery, response: { 200: TicketScanPage, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request) => ticketScans(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId, request.query));

    app.get('/api/v1/events/:eventId/tickets/:ticketId/history', {
      schema: {
        operationId: 'getTicketHistory', tags: ['tickets'],
        summary: 'What happened to one ticket besides its scans — issued, transferred (by whom), cancelled, refunded, resent — oldest first',
        params: TicketParams, response: { 200: TicketHistory, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request) => ticketHistory(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId));

    app.get('/api/v1/events/:eventId/tickets/:ticketId', {
      schema: {
        operationId: 'getTicket', tags: ['tickets'], summary: 'One ticket with its QR text, human code, PIN, link and status',
        params: TicketParams, response: { 200: TicketView, ...errors },
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
        schema: { operationId, tags: ['tickets'], summary, params: TicketParams, response: { 200: TicketView, ...errors } },
        config: { auth: { action: 'ticket:manage', resource: 'event' } },
      }, async (request) => change(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId, actorFor(request)));
    }

    app.put('/api/v1/events/:eventId/tickets/:ticketId/attention-note', {
      schema: {
        operationId: 'setTicketAttentionNote', tags: ['tickets'],
        summary: 'Set (1–200 characters) or clear (null) the ticket’s own note for door staff; shown with its verdicts instead of its type’s note',
        params: TicketParams, body: AttentionNoteBody, response: { 200: TicketView, ...errors },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request) => setAttentionNote(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId,
      actorFor(request), request.body.note));

    app.post('/api/v1/events/:eventId/tickets/:ticketId/transfer', {
      schema: {
        operationId: 'transferTicket', tags: ['tickets'],
        summary: 'Transfer to a new holder: the old ticket becomes transferred (refused at the door), a new ticket with a new QR, code and PIN is issued',
        params: TicketParams,
        body: TransferBody,
        response: { 200: TransferAnswer, ...errors },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request) => transferTicket(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId,
      actorFor(request), request.body));

    app.post('/api/v1/events/:eventId/tickets/:ticketId/resend', {
      schema: {
        operationId: 'resendTicket', tags: ['tickets'],
        summary: 'Email the ticket to its holder again (503 not_configured when the server has no SMTP)',
        params: TicketParams,
        response: { 202: Queued, ...errors, 503: err },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request, reply) => reply.code(202).send(await resendTicket(ctx, principalOf(request).tenantId, request.params.eventId,
      request.params.ticketId, actorFor(request))));
  },
};

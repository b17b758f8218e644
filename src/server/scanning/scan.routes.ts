import type { FastifyReply } from 'fastify';
import { EventParams } from '../../contracts/events.contract.ts';
import {
  GroupAnswer, GroupBody, ScanAnswer, ScanBody, TicketSearchAnswer, TicketSearchQuery, UndoAnswer, UndoParams,
} from '../../contracts/scanning.contract.ts';
import type { Feature } from '../app-context.ts';
import { sendError, errorResponses } from '../http/api-error.ts';
import { claimsOf, installAuth, principalOf } from '../auth/auth-guard.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ScanInput } from '../judging/scan-input.ts';
import { closeFastScanPool } from './scan-fast-path.ts';
import { LockoutRefusal } from '../judging/lockout-refusal.ts';
import { lockoutBlocked, scanGuarded } from './scan.service.ts';
import { ORDER_LIMIT, SEARCH_LIMIT, searchTickets } from './ticket-search.service.ts';
import { undoScan } from './undo.service.ts';
import { photoFlags } from '../photos/scan-photo-flag.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429, 503);
type Ref = { qr?: string | undefined; code?: string | undefined; pin?: string | undefined; serial?: number | undefined };

function inputOf(ref: Ref): ScanInput {
  const given = [ref.qr, ref.code, ref.pin, ref.serial].filter((v) => v !== undefined).length;
  if (given !== 1) throw new DomainError('validation_failed', 'Send exactly one of qr, code, pin or serial.');
  if (ref.qr !== undefined) return { kind: 'qr', qr: ref.qr };
  if (ref.code !== undefined) return { kind: 'code', code: ref.code };
  if (ref.pin !== undefined) return { kind: 'pin', pin: ref.pin };
  return { kind: 'serial', serial: ref.serial! };
}

function deviceTimeOf(scannedAt: string | undefined): number | null {
  if (scannedAt === undefined) return null;
  const t = Date.parse(scannedAt);
  return Number.isFinite(t) ? t : null;
}

/** A lockout refusal as 429 with Retry-After. */
function sendLockout(reply: FastifyReply, err: LockoutRefusal) {
  return sendError(reply, err.code, err.message, { 'retry-after': String(err.retryAfterSeconds) });
}

/** Online door scanning: single and group check-in, undo, and the door's name search. */
export const scanningFeature: Feature = {
  name: 'scanning',
  async close(ctx) {
    await closeFastScanPool(ctx);
  },
  async register(app, ctx) {
    installAuth(app, ctx);

    app.post('/api/v1/events/:eventId/scans', {
      schema: {
        operationId: 'scanTicket', tags: ['scanning'],
        summary: 'Check a ticket in or out (QR, human code, PIN or a serial from the name search)',
        description: 'Needs a device session. The verdict comes from the decision engine on the locked ticket; every attempt is recorded. Retrying with the same scanId returns the first answer and changes nothing.',
        params: EventParams, body: ScanBody, response: { 200: ScanAnswer, ...errors },
      },
      config: { auth: { action: 'scan:create', resource: 'event', check: 'handler' } },
    }, async (request, reply) => {
      const claims = claimsOf(request);
      if (!claims) return sendError(reply, 'forbidden', 'Scanning needs a staff member signed in on a paired device.');
      const { body } = request;
      const input = inputOf(body);
      if (body.gateId === undefined && body.sessionId === undefined) return sendError(reply, 'validation_failed', 'Send gateId, or sessionId for a session scan.');
      try {
        const result = await scanGuarded(ctx, request.log, claims, {
          scanId: body.scanId, eventId: request.params.eventId, gateId: body.gateId ?? '', direction: body.direction,
          input, deviceTime: deviceTimeOf(body.scannedAt), ...(body.sessionId !== undefined ? { sessionId: body.sessionId } : {}),
        });
        // Photo check: only to a door phone (never a kiosk), only for a verdict that names the ticket.
        const toDoor = claims.device?.kind === 'door' && result.answer.ticket !== undefined;
        return { ...result.answer, ...await photoFlags(ctx, claims.tenantId, request.params.eventId, result.ticketId, toDoor) };
      } catch (err) {
        if (err instanceof LockoutRefusal) return sendLockout(reply, err);
        throw err;
      }
    });

    app.post('/api/v1/events/:eventId/scans/group', {
      schema: {
        operationId: 'scanGroup', tags: ['scanning'],
        summary: 'Check several tickets in at once (a bus of delegates, one order): one verdict per ticket',
        description: 'Not all-or-nothing: each ticket is judged and recorded on its own, in order.',
        params: EventParams, body: GroupBody,
        response: { 200: GroupAnswer, ...errors },
      },
      // Authorized by the guard, not in the handler: a group is not the hot path, and a caller who
      // may not scan this event must hear 403 before any lockout or per-item answer.
      config: { auth: { action: 'scan:create', resource: 'event' } },
    }, async (request, reply) => {
      const claims = claimsOf(request);
      if (!claims) return sendError(reply, 'forbidden', 'Scanning needs a staff member signed in on a paired device.');
      const blocked = claims.device ? await lockoutBlocked(ctx, request.log, claims.device.id) : null;
      if (blocked) return sendLockout(reply, blocked);
      const { body } = request;
      const inputs = body.items.map((item) => ({ scanId: item.scanId, input: inputOf(item) }));
      const results: GroupAnswer['results'] = [];
      for (const item of inputs) {
        try {
          // Each item reserves its own unit of the guessing budget: a group is no way around it.
          const r = await scanGuarded(ctx, request.log, claims, {
            scanId: item.scanId, eventId: request.params.eventId, gateId: body.gateId, direction: body.direction,
            input: item.input, deviceTime: deviceTimeOf(body.scannedAt),
          });
          results.push({ scanId: item.scanId, ...r.answer });
        } catch (err) {
          // Who-may-do-what failures concern the whole request; per-item problems stay per item.
          if (!(err instanceof DomainError) || ['unauthorized', 'forbidden', 'not_found', 'unprocessable', 'database_unavailable'].includes(err.code)) throw err;
          results.push({ scanId: item.scanId, error: { code: err.code, message: err.message } });
        }
      }
      return { results };
    });

    app.post('/api/v1/events/:eventId/scans/:scanId/undo', {
      schema: {
        operationId: 'undoScan', tags: ['scanning'],
        summary: 'Undo an admission or exit: own scan from the same device within 15 minutes, managers any time',
        params: UndoParams,
        response: { 200: UndoAnswer, ...errors },
      },
      config: { auth: { action: 'scan:annul', resource: 'event' } },
    }, async (request) => undoScan(ctx, principalOf(request), request.params.eventId, request.params.scanId));

    app.get('/api/v1/events/:eventId/tickets', {
      schema: {
        operationId: 'searchTickets', tags: ['scanning'],
        summary: `Door name search: up to ${SEARCH_LIMIT} tickets whose holder's name (or a word of it) starts with q, then the rest of their orders`,
        description: `Returns only what the door needs; check a found ticket in with its serial. The other tickets of each matched ticket's order follow (up to ${ORDER_LIMIT}, sameOrder: true), so the door can check a whole order in together.`,
        params: EventParams,
        querystring: TicketSearchQuery,
        response: { 200: TicketSearchAnswer, ...errors },
      },
      config: { auth: { action: 'ticket:search', resource: 'event' } },
    }, async (request) => ({ tickets: await searchTickets(ctx, principalOf(request), request.params.eventId, request.query.q) }));
  },
};

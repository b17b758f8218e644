import { AttendanceParams, CertificateCheck, CertificateParams, CreditStatement, SessionAttendance, TicketCreditsParams } from '../../contracts/attendance.contract.ts';
import { CsvExportQuery, CsvFile, ExportParams } from '../../contracts/exports.contract.ts';
import type { Feature } from '../app-context.ts';
import { errorResponses, ERROR_RESPONSE, sendError } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { sessionAttendanceView, ticketCreditStatement } from './attendance.service.ts';
import { checkCertificate } from './certificate.service.ts';
import { creditsExport } from './credits-export.service.ts';

const errors = errorResponses(400, 401, 403, 404, 429);

/**
 * Session attendance and CPD credits for the organizer, and the public check of a certificate.
 * Attendance names people, so it needs ticket:read (managers and integrations, not door staff);
 * the CSV is an export and needs the manager's ticket:export, as the other exports do.
 */
export const attendanceFeature: Feature = {
  name: 'attendance',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/sessions/:sessionId/attendance', {
      schema: {
        operationId: 'getSessionAttendance', tags: ['events'],
        summary: 'Who attended a session: minutes inside, first entry, last exit, credits earned, per ticket',
        params: AttendanceParams, response: { 200: SessionAttendance, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return sessionAttendanceView(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.sessionId);
    });

    app.get('/api/v1/events/:eventId/tickets/:ticketId/credits', {
      schema: {
        operationId: 'getTicketCredits', tags: ['tickets'],
        summary: 'A ticket’s credit statement: each session that gives credits, minutes attended, credits earned',
        params: TicketCreditsParams, response: { 200: CreditStatement, ...errors },
      },
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return ticketCreditStatement(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.ticketId);
    });

    app.get('/api/v1/events/:eventId/exports/credits.csv', {
      schema: {
        operationId: 'exportCredits', tags: ['exports'],
        summary: 'CPD credits: one row per attendee and session that gives credits (CSV, venue time)',
        params: ExportParams, querystring: CsvExportQuery, response: { 200: CsvFile, ...errors, 503: ERROR_RESPONSE },
      },
      config: { auth: { action: 'ticket:export', resource: 'event' } },
    }, async (request, reply) => {
      const file = await creditsExport(ctx, callerOf(principalOf(request)), request.params.eventId, { bom: request.query.bom ?? true });
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    });

    app.get('/api/v1/certificates/:code', {
      schema: {
        operationId: 'checkCertificate', tags: ['attendee'],
        summary: 'Confirm a CPD certificate by its code: holder initials, event, credits, issue date — nothing more',
        params: CertificateParams, response: { 200: CertificateCheck, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      // Public (the code is what the paper carries); per IP, so nobody can try codes at speed.
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
    }, async (request, reply) => {
      const found = await checkCertificate(ctx, request.params.code);
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      if (!found) return sendError(reply, 'not_found', 'No certificate was issued with this code.');
      return found;
    });
  },
};

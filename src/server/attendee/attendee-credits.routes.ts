import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CreditStatement } from '../../contracts/attendance.contract.ts';
import { AttendeeTicketParams, TicketPdf, TicketPdfQuery } from '../../contracts/attendee.contract.ts';
import type { Feature } from '../app-context.ts';
import { ERROR_RESPONSE, sendError } from '../http/api-error.ts';
import { installAuth } from '../auth/auth-guard.ts';
import { withTenant } from '../db/database.ts';
import { emailLocale } from '../notifications/ticket-messages.ts';
import { ticketDocumentByLinkSecret } from '../ticket-documents/ticket-document.service.ts';
import { findCreditTicket } from '../attendance/attendance.repository.ts';
import { creditStatementFor } from '../attendance/attendance.service.ts';
import { certificateFor, verificationUrl } from '../attendance/certificate.service.ts';

// pdf-lib is large (~0.3 s to load): loaded on the first certificate, not at server start.
const renderCertificatePdf = async (...args: Parameters<typeof import('../attendance/certificate-pdf.ts').renderCertificatePdf>) =>
  (await import('../attendance/certificate-pdf.ts')).renderCertificatePdf(...args);

const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' };
const NO_LINK = 'This ticket link is not valid (it may have been replaced after a transfer).';

/** Per link as well as per IP: a certificate is a PDF render, and each new total writes a row. */
const perLink = (name: string, max: number, timeWindow: number) => ({
  max, timeWindow,
  keyGenerator: (request: FastifyRequest) => {
    const secret = (request.params as { linkSecret?: string }).linkSecret ?? '';
    return `attendee-${name}:${createHash('sha256').update(secret).digest('base64url').slice(0, 22)}`;
  },
});

/**
 * The attendee's own CPD credits from their ticket link: the statement (JSON, for the ticket page)
 * and the certificate (PDF) in their language — the ticket's, else ?lang=, else English.
 */
export const attendeeCreditsFeature: Feature = {
  name: 'attendee-credits',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/attendee/t/:linkSecret/credits', {
      schema: {
        operationId: 'getAttendeeCredits', tags: ['attendee'],
        summary: 'The attendee’s CPD credits: each session that gives credits, minutes attended, credits earned',
        params: AttendeeTicketParams, response: { 200: CreditStatement, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
    }, async (request, reply) => {
      reply.headers(PRIVATE_HEADERS);
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      if (!doc) return sendError(reply, 'not_found', NO_LINK);
      return withTenant(ctx.db, doc.tenantId, async (trx) => {
        const ticket = await findCreditTicket(trx, doc.eventId, doc.ticketId);
        if (!ticket) return sendError(reply, 'not_found', NO_LINK);
        return creditStatementFor(trx, doc.eventId, ticket);
      });
    });

    app.get('/api/v1/attendee/t/:linkSecret/certificate.pdf', {
      schema: {
        operationId: 'getAttendeeCertificate', tags: ['attendee'],
        summary: 'The attendee’s CPD certificate (PDF) with its verification code; the same code while the credits are unchanged',
        params: AttendeeTicketParams, querystring: TicketPdfQuery,
        response: { 200: TicketPdf, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE, 429: ERROR_RESPONSE },
      },
      config: { auth: 'public', rateLimit: perLink('certificate', 20, 60 * 60_000) },
    }, async (request, reply) => {
      reply.headers(PRIVATE_HEADERS);
      const doc = await ticketDocumentByLinkSecret(ctx, request.params.linkSecret);
      if (!doc) return sendError(reply, 'not_found', NO_LINK);
      const cert = await certificateFor(ctx, doc);
      // The holder's own language first: the certificate is theirs, whoever's browser asks.
      const locale = emailLocale(cert.language ?? request.query.lang ?? 'en');
      const pdf = await renderCertificatePdf(doc, cert, verificationUrl(ctx, cert.code), locale);
      return reply.type('application/pdf')
        .header('content-disposition', `inline; filename="certificate-${doc.code}.pdf"`)
        .send(Buffer.from(pdf));
    });
  },
};

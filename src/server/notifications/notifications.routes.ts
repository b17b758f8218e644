import { Type } from 'typebox';
import type { AppContext, Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { closeMailTransport } from './mailer.ts';
import { eventTicketEmailDeliveries } from './ticket-email.service.ts';
import { ERROR_RESPONSE as err } from '../http/api-error.ts';


const Delivery = Type.Object({
  id: Type.String({ format: 'uuid' }),
  recipient: Type.String({ description: 'The address the message went to at the time' }),
  kind: Type.Union([Type.Literal('ticket'), Type.Literal('transfer_notice')], {
    description: 'ticket: the ticket itself; transfer_notice: the old holder told that the ticket now belongs to someone else',
  }),
  status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
  messageId: Type.Union([Type.String(), Type.Null()], { description: 'The SMTP server’s id for the message (sent)' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'SMTP code and stage (failed); never the server’s text' }),
  locale: Type.String(),
  attemptedAt: Type.String({ format: 'date-time' }),
});

/**
 * Ticket email. Sending lives with the callers (registration, transfer, resend call
 * sendTicketEmail); this feature says at start whether email works, closes the SMTP pool, and
 * shows organizers the delivery log ("I never got my ticket" answered with facts).
 */
export const notificationsFeature: Feature = {
  name: 'notifications',
  async register(app, ctx) {
    announceEmail(ctx);
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/tickets/:ticketId/emails', {
      schema: {
        operationId: 'listTicketEmails', tags: ['tickets'],
        summary: 'Delivery log of a ticket’s emails: every attempt, sent or failed, newest first',
        params: Type.Object({ eventId: Type.String({ format: 'uuid' }), ticketId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), 400: err, 401: err, 403: err, 404: err, 429: err },
      },
      // Recipients are personal data: managers and integrations (ticket:read), not door staff.
      config: { auth: { action: 'ticket:read', resource: 'event' } },
    }, async (request) => {
      const rows = await eventTicketEmailDeliveries(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId);
      return {
        deliveries: rows.map((r) => ({
          id: r.id, recipient: r.recipient, kind: r.kind, status: r.status, messageId: r.message_id, error: r.error, locale: r.locale,
          attemptedAt: r.attempted_at.toISOString(),
        })),
      };
    });
  },
  async close(ctx) {
    closeMailTransport(ctx.config);
  },
};

/** Says at start whether ticket emails work: an organizer must not find out from a guest. */
export function announceEmail(ctx: Pick<AppContext, 'config' | 'log'>): void {
  if (!ctx.config.smtpUrl) {
    ctx.log.warn('SMTP_URL is not set: ticket emails are OFF — registrations get no email and "resend" answers 503 not_configured. Set SMTP_URL=smtp://user:pass@host:587 to send them.');
  } else {
    ctx.log.info('ticket email is on (SMTP_URL set)');
  }
}

import type { Feature } from '../app-context.ts';
import { closeMailTransport, mailTransport } from './mailer.ts';

/**
 * Ticket email. No routes of its own (resend lives with the ticket lifecycle, which calls
 * sendTicketEmail); this feature says at start whether email works and closes the SMTP pool.
 */
export const notificationsFeature: Feature = {
  name: 'notifications',
  async register(_app, ctx) {
    if (!mailTransport(ctx.config)) {
      ctx.log.warn('SMTP_URL is not set: ticket emails are OFF — registrations get no email and "resend" answers 503 not_configured. Set SMTP_URL=smtp://user:pass@host:587 to send them.');
    } else {
      ctx.log.info('ticket email is on (SMTP_URL set)');
    }
  },
  async close(ctx) {
    closeMailTransport(ctx.config);
  },
};

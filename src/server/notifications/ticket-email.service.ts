import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { ticketDocument } from '../ticket-documents/ticket-document.service.ts';
import { insertEmailDelivery, listEmailDeliveries } from './email-delivery.repository.ts';
import { mailTransport } from './mailer.ts';
import { buildTicketEmail } from './ticket-email.ts';
import { emailLocale } from './ticket-messages.ts';

export type TicketEmailDeps = Pick<AppContext, 'db' | 'keys' | 'config' | 'log'>;

export interface SendTicketEmailOptions {
  /** BCP 47 tag of the attendee's language (e.g. the registration page's); English otherwise. */
  locale?: string | null;
}

export interface TicketEmailSent {
  deliveryId: string;
  /** The SMTP server's id for the message. */
  messageId: string;
  recipient: string;
}

/**
 * Sends a ticket to its holder's email address: the link, the QR inline and the PDF attached.
 * It really sends or it throws — never a silent success:
 *   not_configured  no SMTP_URL on this server
 *   not_found       no such ticket in this tenant
 *   conflict        the ticket is not valid (cancelled, refunded, transferred, void)
 *   unprocessable   the ticket has no email address
 *   unavailable     the mail server did not accept the message (the attempt is logged as failed)
 * Every attempt that reached the mail server is in email_deliveries.
 */
export async function sendTicketEmail(
  ctx: TicketEmailDeps, tenantId: string, ticketId: string, options: SendTicketEmailOptions = {},
): Promise<TicketEmailSent> {
  const transport = mailTransport(ctx.config);
  if (!transport) {
    throw new DomainError('not_configured', 'Email is not configured on this server (SMTP_URL is not set), so the ticket was not sent.');
  }
  const doc = await ticketDocument(ctx, tenantId, ticketId);
  if (!doc) throw new DomainError('not_found', 'No such ticket.');
  if (doc.status !== 'valid') throw new DomainError('conflict', `The ticket is ${doc.status}; only valid tickets are sent.`);
  if (!doc.holderEmail) throw new DomainError('unprocessable', 'The ticket has no email address.');

  const locale = emailLocale(options.locale ?? doc.language);
  const email = await buildTicketEmail(doc, locale);
  const deliveryId = randomUUID();
  const record = (status: 'sent' | 'failed', messageId: string | null, error: string | null) =>
    withTenant(ctx.db, tenantId, (trx) => insertEmailDelivery(trx, {
      id: deliveryId, tenant_id: tenantId, event_id: doc.eventId, ticket_id: doc.ticketId, recipient: doc.holderEmail!,
      status, message_id: messageId, error, locale,
    }));

  let messageId: string;
  try {
    const info = await transport.sendMail({
      from: ctx.config.smtpFrom,
      to: { name: doc.holderName, address: doc.holderEmail },
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments,
      // One id per attempt: a client threading by Message-ID keeps resends apart.
      messageId: `<${deliveryId}@karibu>`,
    });
    messageId = String(info.messageId ?? `<${deliveryId}@karibu>`);
    if (Array.isArray(info.rejected) && info.rejected.length > 0) throw new Error('recipient rejected');
  } catch (err) {
    const reason = smtpReason(err);
    await record('failed', null, reason).catch((logErr) => ctx.log.error({ err: logErr }, 'could not log a failed ticket email'));
    ctx.log.warn({ ticketId, deliveryId, reason }, 'ticket email failed');
    throw new DomainError('unavailable', 'The mail server did not accept the ticket email; try again later.');
  }
  await record('sent', messageId, null);
  ctx.log.info({ ticketId, deliveryId }, 'ticket email sent');
  return { deliveryId, messageId, recipient: doc.holderEmail };
}

export async function ticketEmailDeliveries(ctx: Pick<AppContext, 'db'>, tenantId: string, ticketId: string) {
  return withTenant(ctx.db, tenantId, (trx) => listEmailDeliveries(trx, ticketId));
}

/** The delivery log of one ticket of an event, for organizers; not_found outside the event. */
export async function eventTicketEmailDeliveries(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, ticketId: string) {
  return withTenant(ctx.db, tenantId, async (trx) => {
    const ticket = await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).where('event_id', '=', eventId).executeTakeFirst();
    if (!ticket) throw new DomainError('not_found', 'No such ticket in this event.');
    return listEmailDeliveries(trx, ticketId, eventId);
  });
}

/**
 * A short reason for the log: the SMTP response code and class, never the message text (it can
 * echo the recipient's address) nor credentials from the connection URL.
 */
export function smtpReason(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; command?: unknown; message?: unknown };
  const parts = [
    typeof e.code === 'string' ? e.code : undefined,
    typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : undefined,
    typeof e.command === 'string' ? `at ${e.command}` : undefined,
  ].filter(Boolean);
  if (parts.length === 0 && e.message === 'recipient rejected') return 'recipient rejected';
  return (parts.join(' ') || 'send failed').slice(0, 500);
}

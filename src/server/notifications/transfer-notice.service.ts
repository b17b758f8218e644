import { randomUUID } from 'node:crypto';
import { withTenant } from '../db/database.ts';
import { ticketDocument } from '../ticket-documents/ticket-document.service.ts';
import { insertEmailDelivery } from './email-delivery.repository.ts';
import { mailTransport } from './mailer.ts';
import { escapeHtml } from './ticket-email.ts';
import { smtpReason, type TicketEmailDeps } from './ticket-email.service.ts';
import { emailLocale, translator } from './ticket-messages.ts';

/**
 * Tells the old holder of a transferred ticket that it now belongs to someone else and that what
 * they hold no longer opens the door. It carries no link, code or QR of the new ticket: those go to
 * the new holder only. Best effort: the transfer stands whatever the mail server says; the attempt
 * is logged with the ticket's emails (kind transfer_notice) so the organizer sees it either way.
 */
export async function sendTransferNotice(
  ctx: TicketEmailDeps, tenantId: string, oldTicketId: string, newHolderName: string, localeTag?: string | null,
): Promise<boolean> {
  const transport = mailTransport(ctx.config);
  const doc = await ticketDocument(ctx, tenantId, oldTicketId);
  if (!transport || !doc?.holderEmail) return false;
  const locale = emailLocale(localeTag ?? doc.language);
  const t = translator(locale);
  const lines = [
    t('greeting', { name: doc.holderName }),
    t('transferBody', { event: doc.event.name, name: newHolderName }),
    t('transferNotYou', { organizer: doc.event.organizerName }),
  ];
  const text = [...lines, '', t('footer', { organizer: doc.event.organizerName })].join('\n\n');
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head>`
    + '<body style="font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;color:#0f172a;font-size:15px;line-height:1.5">'
    + lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')
    + `<p style="color:#55607a;font-size:12px">${escapeHtml(t('footer', { organizer: doc.event.organizerName }))}</p></body></html>`;
  const deliveryId = randomUUID();
  let status: 'sent' | 'failed' = 'sent';
  let messageId: string | null = null;
  let error: string | null = null;
  try {
    const info = await transport.sendMail({
      from: ctx.config.smtpFrom, to: { name: doc.holderName, address: doc.holderEmail },
      subject: t('transferSubject', { event: doc.event.name }), text, html, messageId: `<${deliveryId}@karibu>`,
    });
    messageId = String(info.messageId ?? `<${deliveryId}@karibu>`);
  } catch (err) {
    status = 'failed';
    error = smtpReason(err);
    ctx.log.warn({ ticketId: oldTicketId, deliveryId, reason: error }, 'transfer notice email failed');
  }
  await withTenant(ctx.db, tenantId, (trx) => insertEmailDelivery(trx, {
    id: deliveryId, tenant_id: tenantId, event_id: doc.eventId, ticket_id: doc.ticketId, recipient: doc.holderEmail!,
    kind: 'transfer_notice', status, message_id: messageId, error, locale,
  }));
  return status === 'sent';
}

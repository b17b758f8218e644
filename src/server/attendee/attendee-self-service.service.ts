import type { AttendeeLanguageBody, AttendeeResendAnswer, AttendeeTransferAnswer, AttendeeTransferBody } from '../../contracts/attendee.contract.ts';
import type { AppContext } from '../app-context.ts';
import { sendTransferNotice } from '../notifications/transfer-notice.service.ts';
import { languageOf } from '../../core/languages.ts';
import { DomainError } from '../shared/domain-error.ts';
import { textTicket } from '../sms/sms-ticket.service.ts';
import { maskPhone } from '../sms/sms-phone.ts';
import { ticketDocumentByLinkSecret, type TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { withTenant } from '../db/database.ts';
import { normalizeEmail } from '../tickets/holder-input.ts';
import { setTicketLanguage } from '../tickets/tickets-in.repository.ts';
import { resendTicket, transferTicket } from '../tickets/ticket-lifecycle.service.ts';

/**
 * What a holder can do from their own ticket page, the link secret being the credential: pass the
 * ticket on, or have it sent again. Both go through the organizer's own lifecycle code (the same
 * lock, status change, webhooks and audit), with the attendee as the actor, so the ticket's history
 * in the console shows who did it.
 */

type Deps = AppContext;
const ATTENDEE = { kind: 'attendee' as const, id: null };
const NO_LINK = 'This ticket link is not valid (it may have been replaced after a transfer).';

/** "ngozi@example.ng" → "n•••@example.ng": enough for the holder to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

export function isTransferable(doc: Pick<TicketDocument, 'status' | 'type'>): boolean {
  return doc.status === 'valid' && doc.type.allowTransfer;
}

async function openTicket(deps: Deps, linkSecret: string): Promise<TicketDocument> {
  const doc = await ticketDocumentByLinkSecret(deps, linkSecret);
  if (!doc) throw new DomainError('not_found', NO_LINK);
  return doc;
}

export async function transferFromLink(deps: Deps, linkSecret: string, body: AttendeeTransferBody): Promise<AttendeeTransferAnswer> {
  const doc = await openTicket(deps, linkSecret);
  // The old link keeps opening the old ticket, now "transferred": it can never move the new one.
  if (doc.status !== 'valid') throw new DomainError('conflict', `This ticket is ${doc.status}; it cannot be transferred.`);
  if (!doc.type.allowTransfer) {
    throw new DomainError('forbidden', 'The organizer does not allow this ticket to be transferred. Contact them if you cannot go.');
  }
  // The new ticket must reach its holder and only them, so without email there is no transfer.
  if (!deps.config.smtpUrl) {
    throw new DomainError('not_configured', 'This server cannot send email, so the new holder could not receive the ticket. Ask the organizer to transfer it.');
  }
  const email = normalizeEmail(body.email);
  if (email === null || email === 'invalid') throw new DomainError('unprocessable', 'email: this is not an email address.', { field: 'email' });
  if (email === doc.holderEmail) throw new DomainError('unprocessable', 'email: this is already your own address; give the new holder’s.', { field: 'email' });

  const answer = await transferTicket(deps, doc.tenantId, doc.eventId, doc.ticketId, ATTENDEE, {
    name: body.name, email, phone: body.phone ?? null, ...(body.phoneRegion ? { phoneRegion: body.phoneRegion } : {}), notify: true,
  }, { locale: body.lang ?? null });
  await sendTransferNotice(deps, doc.tenantId, doc.ticketId, answer.ticket.holder.name, body.lang);
  return { newHolderName: answer.ticket.holder.name, sentTo: maskEmail(email), emailed: answer.emailed };
}

export async function resendFromLink(deps: Deps, linkSecret: string, body: { lang?: string | undefined; to?: 'email' | 'phone' | undefined } = {}): Promise<AttendeeResendAnswer> {
  const doc = await openTicket(deps, linkSecret);
  if (doc.status !== 'valid') throw new DomainError('conflict', `This ticket is ${doc.status}; only a valid ticket is sent.`);
  // Always to the address or phone on the ticket: a link that leaked must not become a way to send it anywhere.
  if (body.to === 'phone') {
    if (!doc.holderPhone) throw new DomainError('unprocessable', 'This ticket has no phone number. Ask the organizer to add one, or keep this page.');
    const queued = await textTicket(deps, {
      tenantId: doc.tenantId, eventId: doc.eventId, ticketId: doc.ticketId, phone: doc.holderPhone,
      language: languageOf(body.lang) ?? doc.language, eventName: doc.event.name, link: doc.link, code: doc.code, pin: doc.pin,
    });
    if (!queued) throw new DomainError('not_configured', 'This event sends no SMS. Ask the organizer, or send the ticket to your email.');
    return { sentTo: maskPhone(doc.holderPhone), via: 'sms' };
  }
  if (!doc.holderEmail) {
    throw new DomainError('unprocessable', 'This ticket has no email address. Ask the organizer to add one, or keep this page.');
  }
  const sent = await resendTicket(deps, doc.tenantId, doc.eventId, doc.ticketId, ATTENDEE, { locale: body.lang ?? null });
  return { sentTo: maskEmail(sent.recipient), via: 'email' };
}

/** Any status: a transferred ticket's old holder still reads their notice in their language. */
export async function setLanguageFromLink(deps: Deps, linkSecret: string, body: AttendeeLanguageBody): Promise<void> {
  const doc = await openTicket(deps, linkSecret);
  await withTenant(deps.db, doc.tenantId, (trx) => setTicketLanguage(trx, doc.ticketId, body.language));
}

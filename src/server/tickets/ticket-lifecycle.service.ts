import { languageOf, type TicketState } from '../../core/index.ts';
import type { TicketView, TransferAnswer, TransferBody } from '../../contracts/tickets.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { TicketStatus } from '../db/schema.ts';
import { sendTicketEmail } from '../notifications/ticket-email.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { enqueueWebhookEvent, webhookTicket } from '../webhooks/webhook-outbox.ts';
import { checkHolder, DEFAULT_PHONE_REGION, isPhoneRegion } from './holder-input.ts';
import { issueAndAnnounce, type Actor } from './ticket-intake.service.ts';
import { factsOfIssued, factsOfRow, viewOfIssued, viewOfRow } from './ticket-view.ts';
import { attentionNoteOf } from '../shared/attention-note.ts';
import { lockTicket, setTicketAttentionNote, setTicketStatus, type TicketViewRow } from './tickets-in.repository.ts';

/**
 * Cancel, refund, transfer, resend. Each change locks the ticket row (a concurrent scan waits and
 * then sees the new status), keeps tickets.status and the engine state's status equal — the
 * online scan and the next manifest refuse the ticket with that reason at once — and is audited
 * and announced to webhooks in the same transaction.
 */

export type LifecycleDeps = Pick<AppContext, 'db' | 'keys' | 'config' | 'log'>;

function parseState(row: TicketViewRow): TicketState {
  const raw = typeof row.state === 'string' ? JSON.parse(row.state) : row.state;
  if (!raw) throw new Error(`ticket ${row.id} has no engine state`);
  return raw as TicketState;
}

async function changeStatus(
  deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor,
  to: 'cancelled' | 'refunded', allowedFrom: readonly TicketStatus[],
): Promise<TicketView> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await lockTicket(trx, eventId, ticketId);
    if (!row) throw new DomainError('not_found', 'No such ticket in this event.');
    if (!allowedFrom.includes(row.status)) throw new DomainError('conflict', `The ticket is ${row.status}; it cannot be ${to}.`);
    await setTicketStatus(trx, row.id, to, { ...parseState(row), status: to });
    const after = { ...row, status: to };
    await enqueueWebhookEvent(trx, tenantId, to === 'cancelled' ? 'ticket.cancelled' : 'ticket.refunded', {
      ticket: webhookTicket(factsOfRow(after)), previousStatus: row.status,
    });
    await audit(trx, {
      tenantId, actorKind: actor.kind, actorId: actor.id, action: `ticket.${to}`, subjectId: row.id,
      detail: { eventId, serial: row.serial, from: row.status },
    });
    return viewOfRow(deps, trx, after);
  });
}

export function cancelTicket(deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor): Promise<TicketView> {
  return changeStatus(deps, tenantId, eventId, ticketId, actor, 'cancelled', ['valid']);
}

/** A refund may follow a cancellation (money goes back after the ticket was stopped). */
export function refundTicket(deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor): Promise<TicketView> {
  return changeStatus(deps, tenantId, eventId, ticketId, actor, 'refunded', ['valid', 'cancelled']);
}


/**
 * The old ticket becomes 'transferred' (its QR, code and PIN are refused from now on) and a new
 * ticket — new serial, so a new signed token, human code, PIN and link — is issued to the new
 * holder with the same type and order reference. Entries already made carry over, so a transfer
 * never resets what the policy counts (a used single-entry ticket stays used). A ticket whose
 * holder is inside cannot be transferred: scan them out first.
 */
export async function transferTicket(
  deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor, req: TransferBody,
  options: { locale?: string | null } = {},
): Promise<TransferAnswer> {
  const region = req.phoneRegion ?? DEFAULT_PHONE_REGION;
  if (!isPhoneRegion(region)) throw new DomainError('unprocessable', `phoneRegion "${region}" is not a known ISO 3166 country code.`);
  const holder = checkHolder(req, region);
  if (!holder.ok) throw new DomainError('unprocessable', `${holder.field}: ${holder.message}`);

  const result = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await lockTicket(trx, eventId, ticketId);
    if (!row) throw new DomainError('not_found', 'No such ticket in this event.');
    if (row.status !== 'valid') throw new DomainError('conflict', `The ticket is ${row.status}; only a valid ticket can be transferred.`);
    const oldState = parseState(row);
    if (oldState.presence === 'inside') {
      throw new DomainError('conflict', 'The ticket holder is inside the venue; scan the ticket out before transferring it.');
    }
    const [issued] = await issueAndAnnounce(deps, trx, tenantId, eventId, [{
      ticketTypeId: row.ticket_type_id, holderName: holder.holder.name, holderEmail: holder.holder.email,
      holderPhone: holder.holder.phone, orderRef: row.order_ref,
      // The new holder's language is the one the transfer was made in, else the old holder's.
      language: languageOf(options.locale) ?? languageOf(row.language),
    }], actor, 'transfer', { replaces: row.id });
    const fresh = issued!;
    if (oldState.entryCount > 0) {
      await carryEntries(trx, fresh.id, oldState);
    }
    await setTicketStatus(trx, row.id, 'transferred', { ...oldState, status: 'transferred' }, fresh.id);
    // The old holder's photo went with the status change (migration 0032's trigger).
    const previous = { ...row, status: 'transferred' as const, replaced_by: fresh.id, has_photo: false };
    await enqueueWebhookEvent(trx, tenantId, 'ticket.transferred', {
      ticket: webhookTicket(factsOfRow(previous)), replacement: webhookTicket(factsOfIssued(eventId, fresh)),
    });
    await audit(trx, {
      tenantId, actorKind: actor.kind, actorId: actor.id, action: 'ticket.transferred', subjectId: row.id,
      detail: { eventId, serial: row.serial, newTicketId: fresh.id, newSerial: fresh.serial },
    });
    return { previous: await viewOfRow(deps, trx, previous), ticket: viewOfIssued(eventId, fresh) };
  });

  const wantsEmail = req.notify ?? Boolean(deps.config.smtpUrl);
  let emailed = false;
  if (wantsEmail && result.ticket.holder.email) {
    // The transfer stands whatever happens to the email; the answer says whether it went out.
    emailed = await sendTicketEmail(deps, tenantId, result.ticket.id, { locale: options.locale ?? null }).then(() => true, (err: unknown) => {
      deps.log.warn({ err, ticketId: result.ticket.id }, 'transferred ticket email not sent');
      return false;
    });
  }
  return { ...result, emailed };
}

/** The new ticket inherits the old one's entry history (not its presence: the old holder is outside). */
async function carryEntries(trx: Trx, newTicketId: string, old: TicketState): Promise<void> {
  const row = await trx.selectFrom('tickets').select(['state', 'status']).where('id', '=', newTicketId).executeTakeFirstOrThrow();
  const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as TicketState;
  const next: TicketState = {
    ...state, entryCount: old.entryCount,
    ...(old.lastEntryAt !== undefined ? { lastEntryAt: old.lastEntryAt } : {}),
    ...(old.lastExitAt !== undefined ? { lastExitAt: old.lastExitAt } : {}),
    ...(old.entryDays ? { entryDays: [...old.entryDays] } : {}),
  };
  await trx.updateTable('tickets').set({ state: JSON.stringify(next), entry_count: old.entryCount }).where('id', '=', newTicketId).execute();
}

/**
 * Sets or clears (null) one ticket's own note for door staff. The next online scan shows it at
 * once (the scan reads it from the locked row); phones get it with the next manifest delta (the
 * change bumps name_version, migration 0029). The audit entry says that the note changed, never
 * what it says: a note may be about the holder's health.
 */
export async function setAttentionNote(
  deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor, raw: string | null,
): Promise<TicketView> {
  const note = attentionNoteOf(raw, 'note');
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await lockTicket(trx, eventId, ticketId);
    if (!row) throw new DomainError('not_found', 'No such ticket in this event.');
    if (note === row.attention_note) return viewOfRow(deps, trx, row);
    await setTicketAttentionNote(trx, row.id, note);
    await audit(trx, {
      tenantId, actorKind: actor.kind, actorId: actor.id, action: note === null ? 'ticket.note_cleared' : 'ticket.note_set', subjectId: row.id,
      detail: { eventId, serial: row.serial, length: note?.length ?? 0 },
    });
    return viewOfRow(deps, trx, { ...row, attention_note: note });
  });
}

/** Sends the ticket email again. Without SMTP → not_configured; a refusal by the mail server → unavailable. */
export async function resendTicket(
  deps: LifecycleDeps, tenantId: string, eventId: string, ticketId: string, actor: Actor,
  options: { locale?: string | null } = {},
): Promise<{ deliveryId: string; recipient: string }> {
  const exists = await withTenant(deps.db, tenantId, (trx) =>
    trx.selectFrom('tickets').select('id').where('id', '=', ticketId).where('event_id', '=', eventId).executeTakeFirst());
  if (!exists) throw new DomainError('not_found', 'No such ticket in this event.');
  const sent = await sendTicketEmail(deps, tenantId, ticketId, { locale: options.locale ?? null });
  await withTenant(deps.db, tenantId, (trx) => audit(trx, {
    tenantId, actorKind: actor.kind, actorId: actor.id, action: 'ticket.resent', subjectId: ticketId,
    detail: { eventId, deliveryId: sent.deliveryId },
  }));
  return { deliveryId: sent.deliveryId, recipient: sent.recipient };
}

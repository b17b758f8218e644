// What may still be done to a ticket, through the lifecycle routes: cancel and refund (asked
// first: the door refuses the ticket at once), transfer to a new holder (a new ticket with a new
// QR, code and PIN — shown once made), and email it again. Only what its status allows is offered.
import { useState } from 'preact/hooks';
import { api, type TicketView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { onLinkClick } from '../../router.ts';
import { confirmThen, Field, Notice, useAction } from '../../ui.tsx';

export function TicketActions({ eventId, ticket, onChanged }: { eventId: string; ticket: TicketView; onChanged: (t: TicketView) => void }) {
  const { busy, outcome, run } = useAction({
    conflict: 'tickets.action.conflict', not_configured: 'tickets.action.noEmail', unavailable: 'tickets.action.mailRefused',
    unprocessable: 'tickets.action.unprocessable',
  });
  const [transferring, setTransferring] = useState(false);
  const [newTicket, setNewTicket] = useState<TicketView | null>(null);
  const name = ticket.holder.name;
  const change = (verb: 'cancel' | 'refund') => confirmThen(t(verb === 'cancel' ? 'tickets.action.cancelConfirm' : 'tickets.action.refundConfirm', { name }),
    () => void run(async () => {
      onChanged(await api.changeTicket(eventId, ticket.id, verb));
      return t(verb === 'cancel' ? 'tickets.action.cancelled' : 'tickets.action.refunded', { name });
    }));
  const resend = () => void run(async () => {
    await api.resendTicket(eventId, ticket.id);
    return t('tickets.action.resent', { email: ticket.holder.email ?? '' });
  });
  const valid = ticket.status === 'valid';
  const refundable = valid || ticket.status === 'cancelled';
  return (
    <div class="card" aria-labelledby="ticket-actions-title">
      <h2 id="ticket-actions-title">{t('tickets.action.title')}</h2>
      {!valid && !refundable ? <p class="muted">{t('tickets.action.none')}</p> : null}
      <div class="actions">
        {valid && ticket.holder.email ? <button type="button" class="btn" disabled={busy} onClick={resend} data-testid="resend">{t('tickets.action.resend')}</button> : null}
        {valid ? (
          <button type="button" class="btn" disabled={busy} aria-expanded={transferring} aria-controls="transfer-form"
            onClick={() => setTransferring(!transferring)} data-testid="transfer-open">{t('tickets.action.transfer')}</button>
        ) : null}
        {valid ? <button type="button" class="btn btn--danger" disabled={busy} onClick={() => change('cancel')} data-testid="cancel-ticket">{t('tickets.action.cancel')}</button> : null}
        {refundable ? <button type="button" class="btn btn--danger" disabled={busy} onClick={() => change('refund')} data-testid="refund-ticket">{t('tickets.action.refund')}</button> : null}
      </div>
      {transferring && valid ? (
        <TransferForm busy={busy} name={name} onSubmit={(body) => void run(async () => {
          const answer = await api.transferTicket(eventId, ticket.id, body);
          setTransferring(false);
          setNewTicket(answer.ticket);
          onChanged(answer.previous);
          return t(answer.emailed ? 'tickets.action.transferredEmailed' : 'tickets.action.transferred', { name: answer.ticket.holder.name });
        })} />
      ) : null}
      <Notice outcome={outcome} />
      {newTicket ? (
        <p data-testid="new-ticket">
          <a href={`/console/events/${eventId}/tickets/${newTicket.id}`} onClick={(e) => onLinkClick(e, `/events/${eventId}/tickets/${newTicket.id}`)}>
            {t('tickets.action.openNewTicket', { name: newTicket.holder.name, code: newTicket.code })}</a>
        </p>
      ) : null}
    </div>
  );
}

interface TransferInput { name: string; email?: string | null; phone?: string | null }

function TransferForm({ busy, name, onSubmit }: { busy: boolean; name: string; onSubmit: (body: TransferInput) => void }) {
  const [f, setF] = useState({ name: '', email: '', phone: '' });
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    confirmThen(t('tickets.action.transferConfirm', { name, to: f.name.trim() }), () => onSubmit({
      name: f.name.trim(), email: f.email.trim() || null, phone: f.phone.trim() || null,
    }));
  };
  return (
    <form id="transfer-form" class="subform" onSubmit={submit} aria-labelledby="transfer-title">
      <h3 id="transfer-title">{t('tickets.action.transferTitle')}</h3>
      <p class="muted">{t('tickets.action.transferIntro')}</p>
      <Field label={t('tickets.field.newHolder')}>
        <input name="transferName" required maxLength={200} value={f.name} onInput={set('name')} autoComplete="off" />
      </Field>
      <Field label={t('tickets.field.email')}>
        <input name="transferEmail" type="email" maxLength={254} value={f.email} onInput={set('email')} autoComplete="off" />
      </Field>
      <Field label={t('tickets.field.phone')} hint={t('tickets.field.phoneHint')}>
        <input name="transferPhone" type="tel" maxLength={40} value={f.phone} onInput={set('phone')} autoComplete="off" />
      </Field>
      <button type="submit" class="btn btn--primary" disabled={busy || f.name.trim() === ''} data-testid="transfer-submit">{t('tickets.action.transferSubmit')}</button>
    </form>
  );
}

// What the holder can do with their ticket besides showing it: put the event in their calendar,
// have the ticket emailed again (to the address on it, never another), and — where the organizer
// allows it — pass it on to someone else. A transfer is final, so it asks once more in plain words.
import { useState } from 'preact/hooks';
import type { AttendeeTicket } from './attendee-api.ts';
import { resendTicket, ticketCalendarUrl, transferTicket, type Fetched } from './attendee-api.ts';
import { i18n, t } from './i18n.ts';
import type { MessageKey } from './messages/en.ts';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

/** The server's error codes in the reader's language; its own English message is never shown. */
function problemText(result: Extract<Fetched<unknown>, { ok: false }>, to: 'email' | 'phone' = 'email'): string {
  if (to === 'phone' && result.code === 'unprocessable') return t('actions.error.noEmail');
  const known: Record<string, MessageKey> = {
    network: 'actions.error.network', rate_limited: 'actions.error.rateLimited', forbidden: 'actions.error.notAllowed',
    not_configured: 'actions.error.noEmail', unprocessable: 'actions.error.badEmail', conflict: 'actions.error.notValid',
    unavailable: 'actions.error.mailDown',
  };
  return t(known[result.code] ?? 'error.generic');
}

export function TicketActions({ secret, data, offline, onChanged }: {
  secret: string; data: AttendeeTicket; offline: boolean; onChanged: () => void;
}) {
  const { ticket } = data;
  const locale = i18n.locale.value;
  const [resend, setResend] = useState<Status>({ kind: 'idle' });
  const [open, setOpen] = useState(false);
  // Kept here, not in the form: after the transfer the page reloads a ticket that is no longer
  // valid, the form goes, and this is what the holder still needs to read.
  const [transferred, setTransferred] = useState<string | null>(null);
  if (transferred) return <p class="success notes-success" role="status" data-testid="transfer-done">{transferred}</p>;
  if (ticket.status !== 'valid' || offline) return null;

  const onResend = async (to: 'email' | 'phone') => {
    setResend({ kind: 'busy' });
    const result = await resendTicket(secret, locale, to);
    if (!result.ok) { setResend({ kind: 'error', text: problemText(result, to) }); return; }
    const text = result.data.via === 'sms' ? t('actions.resentSms', { phone: result.data.sentTo }) : t('actions.resent', { email: result.data.sentTo });
    setResend({ kind: 'done', text });
  };

  return (
    <section class="notes ticket-actions" aria-labelledby="actions-title">
      <h2 id="actions-title" class="actions-title">{t('actions.title')}</h2>
      <div class="actions">
        <a class="btn secondary" href={ticketCalendarUrl(secret, locale)} download data-testid="add-calendar">{t('actions.calendar')}</a>
        {ticket.emailOnFile && (
          <button type="button" class="btn secondary" disabled={resend.kind === 'busy'} onClick={() => void onResend('email')} data-testid="resend">
            {t('actions.resend', { email: ticket.emailOnFile })}
          </button>
        )}
        {ticket.phoneOnFile && (
          <button type="button" class="btn secondary" disabled={resend.kind === 'busy'} onClick={() => void onResend('phone')} data-testid="resend-sms">
            <bdi>{t('actions.resendSms', { phone: ticket.phoneOnFile })}</bdi>
          </button>
        )}
        {ticket.transferable && (
          <button type="button" class="btn secondary" aria-expanded={open} aria-controls="transfer-form" onClick={() => setOpen(!open)}
            data-testid="transfer-open">{t('actions.transfer')}</button>
        )}
      </div>
      {resend.kind === 'done' && <p class="success" role="status" data-testid="resend-done">{resend.text}</p>}
      {resend.kind === 'error' && <p class="form-error" role="alert">{resend.text}</p>}
      {open && ticket.transferable && (
        <TransferForm secret={secret} holderName={ticket.holderName} onDone={(text) => { setTransferred(text); onChanged(); }} />
      )}
    </section>
  );
}

function TransferForm({ secret, holderName, onDone }: { secret: string; holderName: string; onDone: (text: string) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!confirming) { setConfirming(true); return; }
    setStatus({ kind: 'busy' });
    const result = await transferTicket(secret, { name: name.trim(), email: email.trim(), lang: i18n.locale.value });
    if (!result.ok) { setConfirming(false); setStatus({ kind: 'error', text: problemText(result) }); return; }
    onDone(t('actions.transferred', { name: result.data.newHolderName, email: result.data.sentTo }));
  };

  return (
    <form id="transfer-form" class="form transfer-form" onSubmit={(e) => void submit(e)}>
      <p>{t('actions.transferIntro')}</p>
      <label>{t('actions.newName')}
        <input name="newName" required maxLength={200} autoComplete="off" value={name} disabled={confirming}
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <label>{t('actions.newEmail')}
        <input name="newEmail" type="email" required maxLength={254} autoComplete="off" inputMode="email" dir="ltr" value={email} disabled={confirming}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
      </label>
      {confirming && <p class="form-error" role="alert" data-testid="transfer-confirm">{t('actions.transferConfirm', { from: holderName, to: name.trim() })}</p>}
      {status.kind === 'error' && <p class="form-error" role="alert">{status.text}</p>}
      <div class="actions">
        {confirming && <button type="button" class="btn secondary" onClick={() => setConfirming(false)}>{t('actions.back')}</button>}
        <button type="submit" class="btn" disabled={status.kind === 'busy' || name.trim() === '' || email.trim() === ''} data-testid="transfer-submit">
          {confirming ? t('actions.transferYes') : t('actions.transferNext')}
        </button>
      </div>
    </form>
  );
}

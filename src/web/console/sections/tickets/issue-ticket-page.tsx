// Issue one ticket by hand (a guest at the box office, a speaker's plus-one): type and holder,
// through the issuing route with an Idempotency-Key, so a second click or a retry after a lost
// answer issues nothing more. The new ticket is linked once it exists.
import { useState } from 'preact/hooks';
import { api, type TicketView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { onLinkClick } from '../../router.ts';
import { Field, Notice, useAction } from '../../ui.tsx';
import { EventFrame, type EventFrameData } from '../events/event-frame.tsx';
import { newIdempotencyKey } from './idempotency-key.ts';
import { NOTE_MAX } from './attention-note-editor.tsx';

export function IssueTicketPage({ eventId }: { eventId: string }) {
  return (
    <EventFrame eventId={eventId} title={() => t('tickets.issue.title')}>
      {(frame) => <IssueForm eventId={eventId} frame={frame} />}
    </EventFrame>
  );
}

const EMPTY = { name: '', email: '', phone: '', note: '' };

function IssueForm({ eventId, frame }: { eventId: string; frame: EventFrameData }) {
  const types = frame.ticketTypes;
  const [typeNo, setTypeNo] = useState(String(types[0]?.typeNo ?? ''));
  const [f, setF] = useState(EMPTY);
  // One key per ticket being entered: kept across retries, renewed once a ticket was issued.
  const [key, setKey] = useState(() => newIdempotencyKey('console'));
  const [issued, setIssued] = useState<TicketView | null>(null);
  const { busy, outcome, run } = useAction({ unprocessable: 'tickets.issue.unprocessable', idempotency_mismatch: 'tickets.issue.changed' });
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const { tickets } = await api.issueTicket(eventId, {
        type: Number(typeNo), name: f.name.trim(), email: f.email.trim() || null, phone: f.phone.trim() || null,
        attentionNote: f.note.trim() || null,
      }, key);
      setIssued(tickets[0]!);
      setF(EMPTY);
      setKey(newIdempotencyKey('console'));
      return t('tickets.issue.done', { name: tickets[0]!.holder.name, code: tickets[0]!.code });
    });
  };
  // A changed form is another request: a new key, or the server would call it a mismatch.
  const edit = (k: keyof typeof EMPTY) => (e: Event) => {
    // A note is one line on the door's banner.
    setF({ ...f, [k]: (e.target as HTMLInputElement).value.replace(/[\r\n]+/g, ' ') });
    setKey(newIdempotencyKey('console'));
  };
  if (types.length === 0) return <p class="empty">{t('events.tickets.none')}</p>;
  return (
    <form class="card" onSubmit={submit} aria-labelledby="issue-title" data-testid="issue-form">
      <h2 id="issue-title">{t('tickets.issue.formTitle')}</h2>
      <Field label={t('tickets.field.type')}>
        <select name="issueType" value={typeNo} onChange={(e) => { setTypeNo((e.target as HTMLSelectElement).value); setKey(newIdempotencyKey('console')); }}>
          {types.map((tt) => <option key={tt.id} value={tt.typeNo}>{tt.name}</option>)}
        </select>
      </Field>
      <Field label={t('tickets.field.holder')}>
        <input name="issueName" required maxLength={200} value={f.name} onInput={edit('name')} autoComplete="off" />
      </Field>
      <Field label={t('tickets.field.email')} hint={t('tickets.issue.emailHint')}>
        <input name="issueEmail" type="email" maxLength={254} value={f.email} onInput={edit('email')} autoComplete="off" />
      </Field>
      <Field label={t('tickets.field.phone')} hint={t('tickets.field.phoneHint')}>
        <input name="issuePhone" type="tel" maxLength={40} value={f.phone} onInput={edit('phone')} autoComplete="off" />
      </Field>
      <Field label={t('tickets.note.title')} hint={t('tickets.note.ticketHint')}>
        <textarea name="issueNote" rows={2} maxLength={NOTE_MAX} dir="auto" value={f.note} onInput={edit('note')} />
      </Field>
      <button type="submit" class="btn btn--primary" disabled={busy || f.name.trim() === ''} data-testid="issue-submit">
        {busy ? t('common.working') : t('tickets.issue.submit')}
      </button>
      <Notice outcome={outcome} />
      {issued ? (
        <p data-testid="issued-ticket">
          <a href={`/console/events/${eventId}/tickets/${issued.id}`} onClick={(e) => onLinkClick(e, `/events/${eventId}/tickets/${issued.id}`)}>
            {t('tickets.issue.open', { name: issued.holder.name })}</a>
        </p>
      ) : null}
    </form>
  );
}

// Conflicts: offline scans the server disagreed with (two phones admitted one ticket while the
// network was down). Each one shows both sides — what the phone decided, and the scan(s) the
// server counted — and is closed with a note; the counts never change.
import { useState } from 'preact/hooks';
import { api, type Conflict, type Verdict } from '../console-api.ts';
import { dateTime, t } from '../i18n.ts';
import type { MessageKey } from '../messages/en.ts';
import { Field, Notice, SectionHeader, useAction, useLoad } from '../ui.tsx';
import { EventChoice } from './venue-choice.tsx';

type Status = 'open' | 'resolved' | 'all';
const verdict = (v: Verdict) => t(`verdict.${v}` as MessageKey);
const reason = (code: string) => {
  const text = t(`reason.${code}` as MessageKey);
  return text.startsWith('reason.') ? code : text;
};

export default function ConflictsSection() {
  const [eventId, setEventId] = useState('');
  const [status, setStatus] = useState<Status>('open');
  return (
    <section class="section">
      <SectionHeader title={t('conflicts.title')} intro={t('conflicts.intro')} />
      <div class="card grid">
        <EventChoice value={eventId} onChange={setEventId} name="eventId" />
        <Field label={t('conflicts.show')}>
          <select name="status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as Status)}>
            {(['open', 'resolved', 'all'] as const).map((s) => <option key={s} value={s}>{t(`conflicts.status.${s}` as MessageKey)}</option>)}
          </select>
        </Field>
      </div>
      {/^[0-9a-f-]{36}$/i.test(eventId) ? <ConflictList key={`${eventId}/${status}`} eventId={eventId} status={status} /> : null}
    </section>
  );
}

function ConflictList({ eventId, status }: { eventId: string; status: Status }) {
  const list = useLoad(() => api.conflicts(eventId, status));
  if (list.error) return <p class="notice notice--error" role="alert">{list.error}</p>;
  if (!list.data) return <p role="status">{t('common.loading')}</p>;
  if (list.data.conflicts.length === 0) return <p class="empty" data-testid="no-conflicts">{t('conflicts.none')}</p>;
  return <ul class="cards" data-testid="conflicts">{list.data.conflicts.map((c) => <ConflictCard key={c.scanId} eventId={eventId} conflict={c} />)}</ul>;
}

function ConflictCard({ eventId, conflict: initial }: { eventId: string; conflict: Conflict }) {
  const [conflict, setConflict] = useState(initial);
  const [note, setNote] = useState('');
  const { busy, outcome, run } = useAction();
  const c = conflict;
  const resolve = (e: Event) => {
    e.preventDefault();
    void run(async () => { setConflict(await api.resolveConflict(eventId, c.scanId, note.trim())); return t('conflicts.resolved'); });
  };
  const ticket = c.ticket ? t('conflicts.ticket', { name: c.ticket.holderName, type: c.ticket.typeName, code: c.ticket.code }) : t('conflicts.unknownTicket');
  return (
    <li class="card" data-testid="conflict" data-scan-id={c.scanId}>
      <h3>{ticket}</h3>
      <div class="sides">
        <section class="side" aria-label={t('conflicts.phoneSide')}>
          <h4>{t('conflicts.phoneSide')}</h4>
          <dl class="facts">
            <dt>{t('conflicts.device')}</dt><dd>{c.device?.name ?? '—'}</dd>
            <dt>{t('conflicts.gate')}</dt><dd>{c.gate?.name ?? '—'} · {t(c.direction === 'in' ? 'conflicts.in' : 'conflicts.out')}</dd>
            <dt>{t('conflicts.when')}</dt><dd>{dateTime(c.at)}</dd>
            <dt>{t('conflicts.phoneShowed')}</dt><dd>{verdict(c.deviceVerdict)} — {reason(c.deviceReason)}</dd>
          </dl>
        </section>
        <section class="side" aria-label={t('conflicts.serverSide')}>
          <h4>{t('conflicts.serverSide')}</h4>
          <dl class="facts">
            <dt>{t('conflicts.serverSaid')}</dt><dd>{verdict(c.serverVerdict)} — {reason(c.serverReason)}</dd>
          </dl>
          <ul class="plain">
            {c.counted.map((s) => (
              <li key={s.scanId}>{t(s.offline ? 'conflicts.countedOffline' : 'conflicts.counted', { verdict: verdict(s.verdict), time: dateTime(s.at) })}</li>
            ))}
          </ul>
        </section>
      </div>
      {c.resolution ? (
        <p class="notice notice--ok" data-testid="resolution">
          {t('conflicts.resolvedBy', { name: c.resolution.by?.name ?? '—', time: dateTime(c.resolution.at) })} “{c.resolution.note}”
        </p>
      ) : (
        <form onSubmit={resolve}>
          <Field label={t('conflicts.note')} hint={t('conflicts.noteHint')}>
            <textarea name="note" required maxLength={2000} rows={2} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </Field>
          <button class="btn btn--primary" type="submit" disabled={busy || note.trim() === ''}>{t('conflicts.resolve')}</button>
        </form>
      )}
      <Notice outcome={outcome} />
    </li>
  );
}

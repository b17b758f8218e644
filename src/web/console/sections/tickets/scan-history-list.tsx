// A ticket's whole scan history, newest first: every attempt, refused ones too, with its time in
// the venue's zone, the answer in words, where (gate and zone), on which phone and by whom — and
// what became of it: scanned offline, a conflict the server did not count, undone.
import type { TicketScan } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import type { VenueClock } from '../events/event-frame.tsx';
import { scanAnswer } from './ticket-words.tsx';

export function ScanHistoryList({ scans, clock }: { scans: TicketScan[]; clock: VenueClock }) {
  if (scans.length === 0) return <p class="empty" data-testid="no-scans">{t('tickets.history.none')}</p>;
  const newestFirst = [...scans].reverse();
  return (
    <ol class="plain history" data-testid="scan-history" reversed>
      {newestFirst.map((s) => <ScanEntry key={s.id} scan={s} clock={clock} />)}
    </ol>
  );
}

function ScanEntry({ scan: s, clock }: { scan: TicketScan; clock: VenueClock }) {
  const where = [
    s.gate ? t('tickets.history.gate', { gate: s.gate, zone: s.zone ?? '—' }) : t('tickets.history.noGate'),
    t(s.direction === 'in' ? 'tickets.history.in' : 'tickets.history.out'),
    s.device ? t('tickets.history.device', { device: s.device }) : null,
    s.staff ? t('tickets.history.staff', { staff: s.staff }) : null,
  ].filter(Boolean).join(' · ');
  // An offline scan answered what the phone decided; what counted is the server's judgment.
  const counted = s.offline && s.serverVerdict && s.serverReason ? scanAnswer(s.serverVerdict, s.serverReason) : null;
  const kind = s.undoneAt || s.conflict ? 'void' : s.verdict === 'refused' ? 'refused' : 'ok';
  return (
    <li class={`log__row history__row history__row--${kind}`} data-testid="scan-entry" data-scan-id={s.id} data-verdict={s.verdict} data-reason={s.reason}>
      <p>
        <time dateTime={s.at}>{clock.exact(s.at)}</time>{' · '}
        <strong data-testid="scan-answer">{scanAnswer(s.verdict, s.reason)}</strong>
      </p>
      <p class="muted">{where}</p>
      {s.attentionNote ? <p data-testid="scan-note"><span class="badge">{t('tickets.note.shown')}</span> <span dir="auto">{s.attentionNote}</span></p> : null}
      {s.offline ? (
        <p>
          <span class="badge" data-testid="mark-offline">{t('tickets.history.offline')}</span>{' '}
          {counted ? <span>{t('tickets.history.serverSaid', { answer: counted })}</span> : null}
          <span class="muted">{' '}{t('tickets.history.recorded', { time: clock.exact(s.recordedAt) })}</span>
        </p>
      ) : null}
      {s.conflict ? <p><span class="badge badge--bad" data-testid="mark-conflict">{t('tickets.history.conflict')}</span></p> : null}
      {s.undoneAt ? (
        <p><span class="badge badge--bad" data-testid="mark-undone">{t('tickets.history.undone', { time: clock.exact(s.undoneAt) })}</span></p>
      ) : null}
    </li>
  );
}

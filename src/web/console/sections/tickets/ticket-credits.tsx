// One ticket's CPD statement on its console page: each session that gives credits, the minutes
// this holder was inside against what earning it needs, and what they earned — what the holder's
// certificate will say. Hidden when no session of the event gives credits.
import { api } from '../../console-api.ts';
import { i18n, t } from '../../i18n.ts';
import { useLoad } from '../../ui.tsx';
import type { VenueClock } from '../events/event-frame.tsx';

export function TicketCredits({ eventId, ticketId, clock }: { eventId: string; ticketId: string; clock: VenueClock }) {
  const statement = useLoad(() => api.ticketCredits(eventId, ticketId), [eventId, ticketId]);
  if (statement.error) return <p class="notice notice--error" role="alert">{statement.error}</p>;
  const s = statement.data;
  if (!s || s.sessions.length === 0) return null;
  return (
    <section class="card" aria-labelledby="credits-title" data-testid="ticket-credits">
      <h2 id="credits-title">{t('sessions.ticket.title')}</h2>
      <p data-testid="ticket-credits-total"><strong>{t('sessions.ticket.total', { credits: i18n.number(Number(s.totalCredits)) })}</strong></p>
      <table class="live-table">
        <thead>
          <tr><th scope="col">{t('sessions.col.name')}</th><th scope="col">{t('sessions.col.minutes')}</th><th scope="col">{t('sessions.col.credits')}</th></tr>
        </thead>
        <tbody>
          {s.sessions.map((line) => (
            <tr key={line.sessionId} data-testid="ticket-credit" data-earned={String(line.earned)}>
              <th scope="row">{line.name}<br /><span class="muted"><bdi>{clock.at(line.startsAt)}</bdi></span></th>
              <td>{t('sessions.ticket.minutes', { minutes: i18n.number(line.minutes), needed: i18n.number(line.minutesNeeded) })}</td>
              <td>{i18n.number(Number(line.earnedCredits))} / {i18n.number(Number(line.credits))} · {t(line.earned ? 'sessions.ticket.earned' : 'sessions.ticket.notEarned')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// The event's sessions on the live overview: who is in each room now against its capacity (with
// its level in words, like the zones), and how many have attended, at the venue's clock.
import type { Dashboard } from '../../../console-api.ts';
import { i18n, t } from '../../../i18n.ts';
import type { MessageKey } from '../../../messages/en.ts';
import { venueClock } from './venue-clock.ts';

export function SessionsCard({ d, locale }: { d: Dashboard; locale: string }) {
  if (d.sessions.length === 0) return null;
  const tz = d.timezone;
  return (
    <section class="card live-card live-card--wide" aria-labelledby="live-sessions" data-testid="live-sessions">
      <h2 id="live-sessions">{t('live.sessions.title')}</h2>
      <table class="live-table">
        <thead>
          <tr>
            <th scope="col">{t('live.sessions.session')}</th><th scope="col">{t('live.sessions.time')}</th>
            <th scope="col">{t('live.sessions.inside')}</th><th scope="col">{t('live.sessions.attended')}</th>
          </tr>
        </thead>
        <tbody>
          {d.sessions.map((s) => (
            <tr key={s.sessionId} data-testid="live-session" data-session-id={s.sessionId}>
              <th scope="row">{s.name}</th>
              <td><bdi>{venueClock(s.startsAt, tz, locale)}–{venueClock(s.endsAt, tz, locale)}</bdi></td>
              <td data-testid="live-session-inside">
                {s.capacity === null ? i18n.number(s.insideNow)
                  : t('live.capacityOf', { inside: i18n.number(s.insideNow), capacity: i18n.number(s.capacity) })}
                {s.capacity !== null && s.level > 0
                  ? <> <span class={`badge ${s.level === 100 ? 'badge--bad' : 'badge--warn'}`}>{t(`live.level.${s.level}` as MessageKey)}</span></> : null}
              </td>
              <td>{i18n.number(s.attended)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

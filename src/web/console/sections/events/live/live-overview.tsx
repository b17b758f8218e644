// One event's live overview (/console/events/{id}/live): the figures from the dashboard stream,
// redrawn as each snapshot arrives, readable on a phone at the door and, in large type, on a
// projector. When the stream is lost the page says so, with the time its figures are from, and
// keeps showing them while it reconnects. Leaving the page closes the stream.
import './live.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../../console-api.ts';
import { regionalTag, t } from '../../../i18n.ts';
import { onLinkClick } from '../../../router.ts';
import { SectionHeader, errorText } from '../../../ui.tsx';
import { zoneLabel } from '../event-time.ts';
import { ArrivalChart } from './arrival-chart.tsx';
import { BigNumbers } from './big-numbers.tsx';
import { DashboardStream, type LiveState } from './dashboard-stream.ts';
import { AlertsCard, ConflictsCard, DevicesCard, GatesCard, NoShowsCard, TicketTypesCard, ZonesCard } from './live-cards.tsx';
import { LiveFeed } from './live-feed.tsx';
import { SessionsCard } from './live-sessions-card.tsx';
import { venueClock, venueClockSeconds } from './venue-clock.ts';

const BIG_KEY = 'karibu.console.liveBigType';

function useLiveDashboard(eventId: string) {
  const stream = useRef<DashboardStream | null>(null);
  const [state, setState] = useState<LiveState>({ status: 'connecting', dashboard: null, confirmedAt: null, error: null });
  useEffect(() => {
    const s = new DashboardStream({
      open: (lastEventId, signal) => api.dashboardStream(eventId, lastEventId, signal),
      freshen: api.freshenTokens,
    }, setState);
    stream.current = s;
    s.start();
    return () => { s.stop(); stream.current = null; };
  }, [eventId]);
  return { state, serverNow: () => stream.current?.serverNow() ?? Date.now() };
}

function useBigType(): [boolean, (on: boolean) => void] {
  const [big, setBig] = useState(() => { try { return localStorage.getItem(BIG_KEY) === '1'; } catch { return false; } });
  return [big, (on) => {
    setBig(on);
    try { localStorage.setItem(BIG_KEY, on ? '1' : '0'); } catch { /* private mode: this visit only */ }
  }];
}

export default function LiveOverview({ eventId }: { eventId: string }) {
  const { state, serverNow } = useLiveDashboard(eventId);
  const [big, setBig] = useBigType();
  const d = state.dashboard;
  const locale = regionalTag();
  const tz = d?.timezone ?? 'UTC';
  const lost = state.status === 'lost';
  return (
    <section class={`section live${big ? ' live--big' : ''}`} data-testid="live-overview" data-status={state.status}>
      <SectionHeader title={d ? d.name : t('live.title')} intro={d ? t('live.timesIn', { zone: zoneLabel(d.asOf, tz, locale) }) : undefined} />
      <div class="live__bar">
        <a href={`/console/events/${eventId}`} onClick={(e) => onLinkClick(e, `/events/${eventId}`)}>{t('live.backToEvent')}</a>
        {state.status === 'live' && state.confirmedAt ? (
          <span class="live__pulse" data-testid="live-updated"><span aria-hidden="true">● </span>
            {t('live.updated', { time: venueClockSeconds(state.confirmedAt, tz, locale) })}</span>
        ) : null}
        <button type="button" class="btn btn--small" aria-pressed={big} onClick={() => setBig(!big)} data-testid="big-type">{t('live.bigType')}</button>
      </div>
      {/* Always in the page, so screen readers hear the banner come and go. */}
      <div role="status" class="live__status">
        {lost ? (
          <p class="live-banner" data-testid="stale-banner">
            <span aria-hidden="true">⚠ </span>
            {d && state.confirmedAt ? t('live.lost', { time: venueClock(state.confirmedAt, tz, locale) }) : t('live.lostNoFigures')}
          </p>
        ) : null}
      </div>
      {state.status === 'failed' ? <p class="notice notice--error" role="alert">{errorText(state.error)}</p>
        : !d ? <p role="status">{t('live.connecting')}</p>
        : (
          <div class={lost ? 'live__body live__body--stale' : 'live__body'}>
            <BigNumbers d={d} />
            <ArrivalChart d={d} big={big} locale={locale} />
            <div class="live__grid">
              <AlertsCard d={d} locale={locale} />
              <ZonesCard d={d} locale={locale} />
              <SessionsCard d={d} locale={locale} />
              <GatesCard d={d} locale={locale} />
              <TicketTypesCard d={d} locale={locale} />
              <ConflictsCard d={d} locale={locale} />
              <DevicesCard d={d} locale={locale} serverNow={serverNow()} />
              <NoShowsCard d={d} locale={locale} />
            </div>
            <LiveFeed d={d} locale={locale} />
          </div>
        )}
    </section>
  );
}

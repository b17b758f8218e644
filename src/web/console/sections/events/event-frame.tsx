// The frame of an event's sub-pages (its tickets, one ticket, issuing, import, registration): the
// event and its venue loaded once, a way back to the event, the pages' own navigation, and the
// venue's zone — every time on these pages is the venue's, and the frame says which zone that is.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, type EventView, type TicketTypeView, type VenueRecord } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { onLinkClick, path } from '../../router.ts';
import { SectionHeader, useLoad } from '../../ui.tsx';
import { venueDateTime, zoneLabel } from './event-time.ts';

/** What an event's sub-page gets: the event, and the rest of the path after /events/{id}/{page}. */
export interface EventPageProps { eventId: string; rest: string[] }

export interface EventFrameData { event: EventView; venue: VenueRecord; ticketTypes: TicketTypeView[] }

/** Instants of this event shown in its venue's time (`exact` with seconds, for scans), with the zone's label. */
export interface VenueClock { tz: string; at: (iso: string) => string; exact: (iso: string) => string; zone: string }

export function venueClock(data: EventFrameData): VenueClock {
  const tz = data.venue.timezone;
  const locale = regionalTag();
  const exact = new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: 'medium', timeStyle: 'medium' });
  return {
    tz, at: (iso) => venueDateTime(iso, tz, locale), exact: (iso) => exact.format(new Date(iso)),
    zone: zoneLabel(new Date().toISOString(), tz, locale),
  };
}

const PAGES: { sub: string; label: MessageKey; testId: string }[] = [
  { sub: 'tickets', label: 'tickets.nav.list', testId: 'nav-tickets' },
  { sub: 'tickets/new', label: 'tickets.nav.issue', testId: 'nav-issue' },
  { sub: 'tickets/import', label: 'tickets.nav.import', testId: 'nav-import' },
  { sub: 'registration', label: 'tickets.nav.registration', testId: 'nav-registration' },
  { sub: 'door-policy', label: 'policy.nav', testId: 'nav-door-policy' },
  { sub: 'door-setup', label: 'doorSetup.nav', testId: 'nav-door-setup' },
  { sub: 'sms', label: 'sms.event.nav', testId: 'nav-sms' },
  { sub: 'sessions', label: 'sessions.nav', testId: 'nav-sessions' },
];

export function EventFrame({ eventId, title, children }: {
  eventId: string; title: (data: EventFrameData) => string; children: (data: EventFrameData, clock: VenueClock) => ComponentChildren;
}) {
  const data = useLoad(async () => {
    const event = await api.event(eventId);
    const [venue, ticketTypes] = await Promise.all([api.venue(event.venueId), api.ticketTypes(eventId)]);
    return { event, venue, ticketTypes };
  }, [eventId]);
  const here = path.value.split('/').slice(3).join('/');
  const root = useRef<HTMLElement>(null);
  // The real heading appears once the event is loaded: that is where focus belongs after a move.
  useEffect(() => { if (data.data) root.current?.querySelector<HTMLElement>('h1')?.focus(); }, [data.data !== null]);
  if (!data.data) {
    return (
      <section class="section">
        <SectionHeader title={t('tickets.title')} />
        {data.error ? <p class="notice notice--error" role="alert">{data.error}</p> : <p role="status">{t('common.loading')}</p>}
      </section>
    );
  }
  const clock = venueClock(data.data);
  const eventPath = `/events/${eventId}`;
  return (
    <section class="section" data-event-id={eventId} ref={root}>
      <SectionHeader title={title(data.data)} />
      <p><a href={`/console${eventPath}`} onClick={(e) => onLinkClick(e, eventPath)} data-testid="back-to-event">
        {t('tickets.backToEvent', { name: data.data.event.name })}</a></p>
      <nav aria-label={t('tickets.nav.label')} class="subnav">
        <ul>
          {PAGES.map((p) => (
            <li key={p.sub}>
              <a href={`/console${eventPath}/${p.sub}`} aria-current={here === p.sub ? 'page' : undefined} data-testid={p.testId}
                onClick={(e) => onLinkClick(e, `${eventPath}/${p.sub}`)}>{t(p.label)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="muted" data-testid="venue-zone">{t('tickets.timesIn', { zone: clock.zone })}</p>
      {children(data.data, clock)}
    </section>
  );
}

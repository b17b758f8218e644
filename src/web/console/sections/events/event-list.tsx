// The events list: upcoming (on now included), past and drafts, each row with its venue and its
// times in the venue's own zone, and a way into the guided "New event" flow — the only thing on
// the page when there is no event yet.
import { api, type EventView, type VenueRecord } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { onLinkClick } from '../../router.ts';
import { SectionHeader, useLoad } from '../../ui.tsx';
import { groupEvents, isLive } from './event-groups.ts';
import { venueRange, zoneLabel } from './event-time.ts';

export function EventList() {
  const data = useLoad(async () => {
    const [events, venues] = await Promise.all([api.allEvents(), api.allVenues()]);
    return { events, venues: new Map(venues.map((v) => [v.id, v])) };
  });
  const now = Date.now();
  const groups = data.data ? groupEvents(data.data.events, now) : null;
  return (
    <section class="section">
      <SectionHeader title={t('events.title')} intro={t('events.intro')} />
      {data.error ? <p class="notice notice--error" role="alert">{data.error}</p> : null}
      {!groups ? (data.error ? null : <p role="status">{t('common.loading')}</p>)
        : data.data!.events.length === 0 ? <EmptyState />
        : (
          <>
            <NewEventLink />
            {(['upcoming', 'past', 'drafts'] as const).map((g) => (
              <section key={g} aria-labelledby={`events-${g}`} data-testid={`group-${g}`}>
                <h2 id={`events-${g}`}>{t(`events.group.${g}` as MessageKey)}</h2>
                {groups[g].length === 0 ? <p class="empty">{t(`events.group.${g}.none` as MessageKey)}</p> : (
                  <ul class="cards">
                    {groups[g].map((e) => <EventRow key={e.id} event={e} venue={data.data!.venues.get(e.venueId)} live={isLive(e, now)} />)}
                  </ul>
                )}
              </section>
            ))}
          </>
        )}
    </section>
  );
}

function NewEventLink({ big = false }: { big?: boolean }) {
  return (
    <a href="/console/events/new" class={`btn btn--primary${big ? ' btn--big' : ''}`} data-testid="new-event"
      onClick={(e) => onLinkClick(e, '/events/new')}>{t('events.new')}</a>
  );
}

function EmptyState() {
  return (
    <div class="card empty-state" data-testid="events-empty">
      <h2>{t('events.empty.title')}</h2>
      <p>{t('events.empty.text')}</p>
      <NewEventLink big />
    </div>
  );
}

export function statusWord(e: Pick<EventView, 'status'>, live: boolean): string {
  return live ? t('events.status.live') : t(`events.status.${e.status}` as MessageKey);
}

function EventRow({ event, venue, live }: { event: EventView; venue: VenueRecord | undefined; live: boolean }) {
  const tz = venue?.timezone ?? 'UTC';
  return (
    <li class="card event-row" data-testid="event-row" data-event-id={event.id}>
      <h3>
        <a href={`/console/events/${event.id}`} onClick={(e) => onLinkClick(e, `/events/${event.id}`)}>{event.name}</a>
        {' '}<span class={`badge badge--${live ? 'live' : event.status}`}>{statusWord(event, live)}</span>
      </h3>
      <p class="muted">{venue?.name ?? t('events.unknownVenue')}</p>
      <p data-testid="event-times">
        {venueRange(event.startsAt, event.endsAt, tz, regionalTag())}
        {' · '}<span class="muted">{zoneLabel(event.startsAt, tz, regionalTag())}</span>
      </p>
      {live ? (
        <p>
          <a class="btn btn--primary" href={`/console/events/${event.id}/live`} data-testid="event-live"
            onClick={(e) => onLinkClick(e, `/events/${event.id}/live`)}
            aria-label={t('live.openOf', { name: event.name })}>{t('live.open')}</a>
        </p>
      ) : null}
    </li>
  );
}

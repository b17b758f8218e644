// One event's page: when (in the venue's time), where, how many, which tickets, the way into its
// live overview, and the next thing to do — pair the door phones. A draft can be published here.
import { signal } from '@preact/signals';
import { api } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { onLinkClick } from '../../router.ts';
import { Notice, SectionHeader, useAction, useLoad } from '../../ui.tsx';
import { statusWord } from './event-list.tsx';
import { isLive } from './event-groups.ts';
import { AttentionNoteEditor } from '../tickets/attention-note-editor.tsx';
import { venueDateTime, venueRange, zoneLabel } from './event-time.ts';
import { ExportsCard } from './exports-card.tsx';

/** The event the flow has just published: its page says so once. */
export const justPublished = signal<string | null>(null);

export function EventDetail({ eventId }: { eventId: string }) {
  const data = useLoad(async () => {
    const event = await api.event(eventId);
    const [venue, zones, ticketTypes] = await Promise.all([api.venue(event.venueId), api.zones(event.venueId), api.ticketTypes(eventId)]);
    return { event, venue, zones, ticketTypes };
  }, [eventId]);
  const { busy, outcome, run } = useAction();
  const fresh = justPublished.value === eventId;
  const back = (
    <p><a href="/console/events" onClick={(e) => onLinkClick(e, '/events')}>{t('events.backToList')}</a></p>
  );
  if (!data.data) {
    return (
      <section class="section">
        <SectionHeader title={t('events.title')} />
        {data.error ? <p class="notice notice--error" role="alert">{data.error}</p> : <p role="status">{t('common.loading')}</p>}
        {back}
      </section>
    );
  }
  const { event, venue, zones, ticketTypes } = data.data;
  const locale = regionalTag();
  const tz = venue.timezone;
  const zoneName = (code: string) => zones.find((z) => z.code === code)?.name ?? code;
  // Whether holders may give their ticket away is the one setting organizers change after the
  // flow (a guest asks, "can I send it to my sister?"); the rest of a type is set when made.
  const toggleTransfer = (typeId: string, allowTransfer: boolean) => void run(async () => {
    const updated = await api.updateTicketType(event.id, typeId, { allowTransfer });
    data.setData({ ...data.data!, ticketTypes: ticketTypes.map((x) => (x.id === typeId ? updated : x)) });
    return t(allowTransfer ? 'events.tickets.transferAllowed' : 'events.tickets.transferStopped', { name: updated.name });
  });
  const togglePhotoCheck = (typeId: string, photoCheck: boolean) => void run(async () => {
    const updated = await api.updateTicketType(event.id, typeId, { photoCheck });
    data.setData({ ...data.data!, ticketTypes: ticketTypes.map((x) => (x.id === typeId ? updated : x)) });
    return t(photoCheck ? 'tickets.photo.checkStarted' : 'tickets.photo.checkStopped', { name: updated.name });
  });
  const publish = () => void run(async () => {
    data.setData({ ...data.data!, event: await api.updateEvent(event.id, { status: 'published' }) });
    return t('events.detail.published');
  });
  return (
    <section class="section" data-testid="event-detail" data-event-id={event.id}>
      <SectionHeader title={event.name} />
      {back}
      {fresh ? <p class="notice notice--ok" role="status" data-testid="published-notice">{t('events.detail.published')}</p> : null}
      <div class="card">
        <p><span class={`badge badge--${isLive(event, Date.now()) ? 'live' : event.status}`} data-testid="event-status">{statusWord(event, isLive(event, Date.now()))}</span></p>
        <dl class="facts">
          <dt>{t('events.detail.when')}</dt>
          <dd data-testid="detail-times">{venueRange(event.startsAt, event.endsAt, tz, locale)}</dd>
          <dt>{t('events.detail.zone')}</dt><dd>{zoneLabel(event.startsAt, tz, locale)}</dd>
          <dt>{t('events.detail.doors')}</dt><dd>{venueDateTime(event.doorsOpenAt, tz, locale)}</dd>
          <dt>{t('venue.label')}</dt><dd>{venue.name}{venue.address ? `, ${venue.address}` : ''}</dd>
          <dt>{t('events.event.capacity')}</dt><dd>{event.capacity ?? t('events.noLimit')}</dd>
          <dt>{t('events.policy.legend')}</dt>
          <dd>{event.policyTemplate ? t(`events.policy.${event.policyTemplate}` as MessageKey) : '—'}</dd>
          <dt>{t('events.detail.issued')}</dt><dd>{event.ticketsIssued}</dd>
        </dl>
        {event.status === 'draft' ? (
          <div class="actions">
            <button type="button" class="btn btn--primary" disabled={busy} onClick={publish} data-testid="publish">{t('events.review.publish')}</button>
          </div>
        ) : null}
        <Notice outcome={outcome} />
      </div>
      {event.status !== 'draft' ? <LiveLink eventId={event.id} live={isLive(event, Date.now())} /> : null}
      {event.status !== 'draft' ? <ExportsCard eventId={event.id} slug={event.slug} /> : null}
      <nav class="card" aria-labelledby="event-pages-title">
        <h2 id="event-pages-title">{t('policy.eventPages')}</h2>
        <div class="actions">
          <a class="btn" href={`/console/events/${event.id}/tickets`} onClick={(e) => onLinkClick(e, `/events/${event.id}/tickets`)}
            data-testid="open-tickets">{t('tickets.nav.list')}</a>
          <a class="btn" href={`/console/events/${event.id}/registration`} onClick={(e) => onLinkClick(e, `/events/${event.id}/registration`)}
            data-testid="open-registration">{t('tickets.nav.registration')}</a>
          <a class="btn" href={`/console/events/${event.id}/door-policy`} onClick={(e) => onLinkClick(e, `/events/${event.id}/door-policy`)}
            data-testid="open-door-policy">{t('policy.nav')}</a>
          <a class="btn" href={`/console/events/${event.id}/door-setup`} onClick={(e) => onLinkClick(e, `/events/${event.id}/door-setup`)}
            data-testid="open-door-setup">{t('doorSetup.nav')}</a>
          <a class="btn" href={`/console/events/${event.id}/sms`} onClick={(e) => onLinkClick(e, `/events/${event.id}/sms`)}
            data-testid="open-sms">{t('sms.event.nav')}</a>
        </div>
      </nav>
      <h2>{t('events.step.tickets')}</h2>
      {ticketTypes.length === 0 ? <p class="empty">{t('events.tickets.none')}</p> : (
        <ul class="cards" data-testid="detail-ticket-types">
          {ticketTypes.map((tt) => (
            <li key={tt.id} class="card">
              <h3>{tt.name}</h3>
              <p class="muted">{tt.zones.map(zoneName).join(', ')} · {tt.capacity === null ? t('events.noLimit') : t('events.tickets.quantityOf', { count: tt.capacity })}
                {' · '}{t(tt.allowStatic ? 'events.tickets.printedYes' : 'events.tickets.printedNo')}</p>
              <p>{t(tt.allowTransfer ? 'events.tickets.transferOn' : 'events.tickets.transferOff')}{' '}
                <button type="button" class="btn btn--small" disabled={busy} data-testid="toggle-transfer"
                  onClick={() => toggleTransfer(tt.id, !tt.allowTransfer)}>
                  {t(tt.allowTransfer ? 'events.tickets.transferStop' : 'events.tickets.transferAllow')}</button></p>
              <p>{t(tt.photoCheck ? 'tickets.photo.checkOn' : 'tickets.photo.checkOff')}{' '}
                <button type="button" class="btn btn--small" disabled={busy} data-testid="toggle-photo-check"
                  onClick={() => togglePhotoCheck(tt.id, !tt.photoCheck)}>
                  {t(tt.photoCheck ? 'tickets.photo.checkStop' : 'tickets.photo.checkStart')}</button></p>
              <AttentionNoteEditor note={tt.attentionNote} hint={t('tickets.note.typeHint')} testId="type-note"
                onSave={async (attentionNote) => {
                  const updated = await api.updateTicketType(event.id, tt.id, { attentionNote });
                  data.setData({ ...data.data!, ticketTypes: ticketTypes.map((x) => (x.id === tt.id ? updated : x)) });
                }} />
            </li>
          ))}
        </ul>
      )}
      <div class="card next-step">
        <h2>{t('events.detail.nextTitle')}</h2>
        <p>{t('events.detail.nextText')}</p>
        <a class="btn btn--primary" href="/console/devices" onClick={(e) => onLinkClick(e, '/devices')} data-testid="add-door-phone">{t('devices.add')}</a>
      </div>
    </section>
  );
}

/** The way into the live overview: the page's main button while the event is on. */
function LiveLink({ eventId, live }: { eventId: string; live: boolean }) {
  return (
    <div class={`card${live ? ' next-step' : ''}`}>
      <h2>{t('live.title')}</h2>
      <p>{t('live.openHint')}</p>
      <a class={`btn${live ? ' btn--primary btn--big' : ''}`} href={`/console/events/${eventId}/live`} data-testid="open-live"
        onClick={(e) => onLinkClick(e, `/events/${eventId}/live`)}>{t('live.open')}</a>
    </div>
  );
}

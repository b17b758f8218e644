// One ticket as a manager sees it: status, holder, type, code and PIN, its QR (drawn as the
// attendee page and the email draw it), the attendee link and the PDF, what may still be done
// to it, and every scan it had.
import { QrCode } from '../../../shared/qr-code.tsx';
import { api, type TicketView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { onLinkClick } from '../../router.ts';
import { session, can } from '../../session.ts';
import { useLoad } from '../../ui.tsx';
import { EventFrame } from '../events/event-frame.tsx';
import { ScanHistoryList } from './scan-history-list.tsx';
import { TicketCredits } from './ticket-credits.tsx';
import { TicketLifeList } from './ticket-life-list.tsx';
import { TicketActions } from './ticket-actions-panel.tsx';
import { AttentionNoteEditor } from './attention-note-editor.tsx';
import { TicketPhotoPanel } from './ticket-photo-panel.tsx';
import { StatusBadge } from './ticket-words.tsx';

export function TicketPage({ eventId, ticketId }: { eventId: string; ticketId: string }) {
  const data = useLoad(async () => {
    const [ticket, scans, life] = await Promise.all([
      api.ticket(eventId, ticketId), api.ticketScans(eventId, ticketId), api.ticketHistory(eventId, ticketId),
    ]);
    return { ticket, scans, life };
  }, [eventId, ticketId]);
  return (
    <EventFrame eventId={eventId} title={() => data.data?.ticket.holder.name ?? t('tickets.ticketTitle')}>
      {(_frame, clock) => (
        data.error ? <p class="notice notice--error" role="alert">{data.error}</p>
          : !data.data ? <p role="status">{t('common.loading')}</p>
          : (
            <div data-testid="ticket-page" data-ticket-id={data.data.ticket.id}>
              <TicketFacts ticket={data.data.ticket} />
              <TicketActions eventId={eventId} ticket={data.data.ticket}
                onChanged={(ticket) => { data.setData({ ...data.data!, ticket }); data.reload(); }} />
              {can(session.value, 'events') ? (
                <div class="card">
                  <AttentionNoteEditor note={data.data.ticket.attentionNote} hint={t('tickets.note.ticketHint')} testId="ticket-note"
                    onSave={async (note) => { data.setData({ ...data.data!, ticket: await api.setTicketAttentionNote(eventId, ticketId, note) }); }} />
                </div>
              ) : null}
              {can(session.value, 'events') ? <TicketPhotoPanel eventId={eventId} ticket={data.data.ticket} onChanged={data.reload} /> : null}
              <TicketCredits eventId={eventId} ticketId={ticketId} clock={clock} />
              <h2 id="life-title">{t('tickets.life.title')}</h2>
              <TicketLifeList eventId={eventId} entries={data.data.life} clock={clock} />
              <h2 id="history-title">{t('tickets.history.title')}</h2>
              <p class="muted">{t('tickets.history.intro', { zone: clock.zone })}</p>
              <ScanHistoryList scans={data.data.scans} clock={clock} />
              <button type="button" class="btn btn--ghost" onClick={data.reload} data-testid="refresh-ticket">{t('common.refresh')}</button>
            </div>
          )
      )}
    </EventFrame>
  );
}

/** The attendee PDF is served by the attendee route, keyed by the link's secret (no sign-in needed). */
export const pdfPath = (link: string): string => `/api/v1/attendee/t/${encodeURIComponent(link.slice(link.lastIndexOf('/t/') + 3))}/pdf`;

function TicketFacts({ ticket }: { ticket: TicketView }) {
  const managers = can(session.value, 'events');
  const back = `/events/${ticket.eventId}/tickets`;
  return (
    <div class="card ticket-facts">
      <p><a href={`/console${back}`} onClick={(e) => onLinkClick(e, back)}>{t('tickets.backToList')}</a></p>
      <p><StatusBadge status={ticket.status} /></p>
      <div class="ticket-card">
        <dl class="facts">
          <dt>{t('tickets.field.holder')}</dt><dd data-testid="ticket-holder">{ticket.holder.name}</dd>
          <dt>{t('tickets.field.email')}</dt><dd>{ticket.holder.email ?? '—'}</dd>
          <dt>{t('tickets.field.phone')}</dt><dd>{ticket.holder.phone ?? '—'}</dd>
          <dt>{t('tickets.field.type')}</dt><dd>{ticket.type.name}</dd>
          <dt>{t('tickets.field.code')}</dt><dd class="code" data-testid="ticket-code">{ticket.code}</dd>
          {managers ? <><dt>{t('tickets.field.pin')}</dt><dd class="code" data-testid="ticket-pin">{ticket.pin}</dd></> : null}
          <dt>{t('tickets.field.serial')}</dt><dd>{ticket.serial}</dd>
          <dt>{t('tickets.field.order')}</dt><dd>{ticket.orderRef ?? '—'}</dd>
          {ticket.replacedBy ? (
            <>
              <dt>{t('tickets.field.replacedBy')}</dt>
              <dd><a href={`/console/events/${ticket.eventId}/tickets/${ticket.replacedBy}`} data-testid="replaced-by"
                onClick={(e) => onLinkClick(e, `/events/${ticket.eventId}/tickets/${ticket.replacedBy}`)}>{t('tickets.openNew')}</a></dd>
            </>
          ) : null}
        </dl>
        <figure class="ticket-qr">
          <QrCode text={ticket.qr} label={t('tickets.qrLabel', { name: ticket.holder.name })} class="ticket-qr__svg" testId="ticket-qr" />
          <figcaption class="muted">{t('tickets.qrCaption')}</figcaption>
        </figure>
      </div>
      <div class="actions">
        <a class="btn" href={ticket.link} target="_blank" rel="noopener" data-testid="attendee-link">{t('tickets.attendeePage')}</a>
        <a class="btn" href={pdfPath(ticket.link)} download={`ticket-${ticket.serial}.pdf`} data-testid="ticket-pdf">{t('tickets.pdf')}</a>
      </div>
      <p class="muted break" data-testid="attendee-url">{ticket.link}</p>
    </div>
  );
}

// What happened to a ticket besides its scans — issued (and how), transferred (by the holder from
// their page, or by staff, with a link to the other ticket), cancelled, refunded, resent — oldest
// first, in the venue's time. This is where an organizer answers "who gave my ticket away?".
import type { TicketHistoryEntry } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { onLinkClick } from '../../router.ts';
import type { VenueClock } from '../events/event-frame.tsx';

const ACTION: Record<TicketHistoryEntry['action'], MessageKey> = {
  issued: 'tickets.life.issued', transferred: 'tickets.life.transferred', cancelled: 'tickets.life.cancelled',
  refunded: 'tickets.life.refunded', resent: 'tickets.life.resent', note_set: 'tickets.life.noteSet', note_cleared: 'tickets.life.noteCleared',
};
const ACTOR: Record<TicketHistoryEntry['actor']['kind'], MessageKey> = {
  attendee: 'tickets.life.byHolder', staff: 'tickets.life.byStaff', api_key: 'tickets.life.byKey',
  device: 'tickets.life.byDevice', system: 'tickets.life.bySystem',
};

const SOURCE: Record<string, MessageKey> = {
  api: 'tickets.life.sourceApi', import: 'tickets.life.sourceImport', registration: 'tickets.life.sourceRegistration',
  transfer: 'tickets.life.sourceTransfer',
};

export function TicketLifeList({ eventId, entries, clock }: { eventId: string; entries: TicketHistoryEntry[]; clock: VenueClock }) {
  if (entries.length === 0) return null;
  return (
    <ol class="plain history" data-testid="ticket-life">
      {entries.map((e, i) => {
        const other = e.relatedTicketId ? `/events/${eventId}/tickets/${e.relatedTicketId}` : null;
        return (
          <li key={i} class="log__row history__row" data-testid="life-entry" data-action={e.action} data-actor={e.actor.kind}>
            <p><time dateTime={e.at}>{clock.exact(e.at)}</time>{' · '}<strong>{t(ACTION[e.action])}</strong>
              {e.source && SOURCE[e.source] ? <span class="muted">{' · '}{t(SOURCE[e.source]!)}</span> : null}</p>
            <p class="muted">{t(ACTOR[e.actor.kind], { name: e.actor.name ?? '' })}
              {other ? <>{' · '}<a href={`/console${other}`} onClick={(ev) => onLinkClick(ev, other)} data-testid="life-related">
                {t(e.action === 'transferred' ? 'tickets.life.toNew' : 'tickets.life.fromOld')}</a></> : null}</p>
          </li>
        );
      })}
    </ol>
  );
}

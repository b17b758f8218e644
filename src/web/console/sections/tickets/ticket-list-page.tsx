// The event's tickets, newest first, searched by name, email, phone, order reference or code —
// the manager's search (with contact details), not the door's. The last search is kept per
// event, so coming back from a ticket's page shows the same results.
import { useEffect, useState } from 'preact/hooks';
import { api, type TicketListItem } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { onLinkClick } from '../../router.ts';
import { errorText, Field } from '../../ui.tsx';
import { EventFrame } from '../events/event-frame.tsx';
import { StatusBadge } from './ticket-words.tsx';

const lastSearch = new Map<string, string>();

export function TicketListPage({ eventId }: { eventId: string }) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('tickets.listTitle', { name: d.event.name })}>
      {() => <TicketSearch eventId={eventId} />}
    </EventFrame>
  );
}

interface Results { query: string; items: TicketListItem[]; nextCursor: string | null }

function TicketSearch({ eventId }: { eventId: string }) {
  const [q, setQ] = useState(lastSearch.get(eventId) ?? '');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async (query: string, more: Results | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.searchTickets(eventId, query, more?.nextCursor ?? null);
      setResults({ query, items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => { void load(q.trim(), null); }, [eventId]);
  const submit = (e: Event) => {
    e.preventDefault();
    lastSearch.set(eventId, q);
    void load(q.trim(), null);
  };
  return (
    <>
      <form class="card search" role="search" onSubmit={submit}>
        <Field label={t('tickets.search.label')} hint={t('tickets.search.hint')}>
          <input type="search" name="q" value={q} maxLength={200} autoComplete="off" aria-describedby="ticket-results"
            onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </Field>
        <button class="btn btn--primary" type="submit" disabled={busy} data-testid="search-tickets">{t('tickets.search.submit')}</button>
      </form>
      {error ? <p class="notice notice--error" role="alert">{error}</p> : null}
      <p id="ticket-results" role="status" class="muted" data-testid="results-summary">
        {busy && !results ? t('common.loading') : results ? resultWords(results) : ''}
      </p>
      {results && results.items.length > 0 ? (
        <ul class="cards" data-testid="ticket-results">
          {results.items.map((item) => <TicketRow key={item.id} eventId={eventId} item={item} />)}
        </ul>
      ) : null}
      {results?.nextCursor ? (
        <button type="button" class="btn" disabled={busy} onClick={() => void load(results.query, results)} data-testid="more-tickets">
          {busy ? t('common.working') : t('tickets.search.more')}
        </button>
      ) : null}
    </>
  );
}

function resultWords(r: Results): string {
  const count = r.items.length;
  if (count === 0) return r.query ? t('tickets.search.none', { query: r.query }) : t('tickets.search.empty');
  const shown = r.nextCursor ? t('tickets.search.shownMore', { count }) : t('tickets.search.shown', { count });
  return r.query ? `${shown} ${t('tickets.search.for', { query: r.query })}` : shown;
}

function TicketRow({ eventId, item }: { eventId: string; item: TicketListItem }) {
  const to = `/events/${eventId}/tickets/${item.id}`;
  const contact = [item.holder.email, item.holder.phone, item.orderRef ? t('tickets.order', { ref: item.orderRef }) : null].filter(Boolean).join(' · ');
  return (
    <li class="card ticket-row" data-testid="ticket-row" data-ticket-id={item.id}>
      <h3>
        <a href={`/console${to}`} onClick={(e) => onLinkClick(e, to)}>{item.holder.name}</a>{' '}
        <StatusBadge status={item.status} presence={item.presence} />
      </h3>
      <p><span class="code">{item.code}</span> · {item.type.name} · {t('tickets.serial', { serial: item.serial })}</p>
      {contact ? <p class="muted">{contact}</p> : null}
    </li>
  );
}

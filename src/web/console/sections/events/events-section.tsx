// Events: the organizer's events in three groups, the guided "New event" flow, one event's page
// and its live overview. Sub-paths of /console/events pick which; each change of page moves focus
// to its heading (the shell does so only when the section itself changes). The live overview and
// its chart library load only when opened, so the list stays light.
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { path } from '../../router.ts';
import { EventDetail } from './event-detail.tsx';
import { EventList } from './event-list.tsx';
import { NewEventFlow } from './new-event-flow.tsx';

type LivePage = ComponentType<{ eventId: string }>;

export default function EventsSection() {
  const [, , sub, leaf] = path.value.split('/');
  const page = sub === 'new' ? 'new' : sub && leaf === 'live' ? 'live' : sub ? 'detail' : 'list';
  const root = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  const live = useLivePage(page === 'live');
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    root.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page, sub, live === null]);
  return (
    <div ref={root}>
      {page === 'new' ? <NewEventFlow />
        : page === 'live' ? (live === 'failed' ? <p class="notice notice--error" role="alert">{t('error.network')}</p>
          : live ? <LiveLoaded Page={live} eventId={sub!} /> : <p role="status">{t('common.loading')}</p>)
        : page === 'detail' ? <EventDetail key={sub} eventId={sub!} /> : <EventList />}
    </div>
  );
}

function LiveLoaded({ Page, eventId }: { Page: LivePage; eventId: string }) {
  return <Page key={eventId} eventId={eventId} />;
}

function useLivePage(wanted: boolean): LivePage | 'failed' | null {
  const [page, setPage] = useState<LivePage | 'failed' | null>(null);
  useEffect(() => {
    if (!wanted || (page && page !== 'failed')) return;
    let on = true;
    import('./live/live-overview.tsx').then((m) => { if (on) setPage(() => m.default); }, () => { if (on) setPage('failed'); });
    return () => { on = false; };
  }, [wanted]);
  return page;
}

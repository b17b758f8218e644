// Events: the organizer's events in three groups, the guided "New event" flow, one event's page,
// and that event's live overview, tickets, registration and door-rules pages. Sub-paths of /console/events
// pick which; each change of page moves focus to its heading (the shell does so only when the
// section itself changes). The sub-pages load on demand (the live overview with its chart
// library): most visits never open them, so the list stays light.
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { path } from '../../router.ts';
import { EventDetail } from './event-detail.tsx';
import type { EventPageProps } from './event-frame.tsx';
import { EventList } from './event-list.tsx';
import { NewEventFlow } from './new-event-flow.tsx';

type PageModule = { default: ComponentType<EventPageProps> };
const SUBPAGES: Record<string, () => Promise<PageModule>> = {
  live: () => import('./live/live-overview.tsx'),
  tickets: () => import('../tickets/tickets-pages.tsx'),
  registration: () => import('../registration/registration-page.tsx'),
  'door-policy': () => import('./door-policy-page.tsx'),
  'door-setup': () => import('./door-setup-page.tsx'),
  sms: () => import('../sms/event-sms-page.tsx'),
  sessions: () => import('../sessions/sessions-page.tsx'),
};

export default function EventsSection() {
  const [, , sub, page, ...rest] = path.value.split('/');
  const kind = sub === 'new' ? 'new' : sub && page && SUBPAGES[page] ? 'subpage' : sub ? 'detail' : 'list';
  const root = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  const where = path.value;
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    root.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [where]);
  return (
    <div ref={root}>
      {kind === 'new' ? <NewEventFlow />
        : kind === 'subpage' ? <EventSubpage key={`${sub}/${page}`} page={page!} eventId={sub!} rest={rest} />
        : kind === 'detail' ? <EventDetail key={sub} eventId={sub!} /> : <EventList />}
    </div>
  );
}

function EventSubpage({ page, eventId, rest }: { page: string } & EventPageProps) {
  const [Page, setPage] = useState<ComponentType<EventPageProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    SUBPAGES[page]!().then((m) => { if (live) setPage(() => m.default); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [page]);
  if (failed) return <p class="notice notice--error" role="alert">{t('error.network')}</p>;
  return Page ? <Page eventId={eventId} rest={rest} /> : <p role="status">{t('common.loading')}</p>;
}

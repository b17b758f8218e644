// Events: the organizer's events in three groups, the guided "New event" flow, and one event's
// page. Sub-paths of /console/events pick which; each change of page moves focus to its heading
// (the shell does so only when the section itself changes).
import { useEffect, useRef } from 'preact/hooks';
import { path } from '../../router.ts';
import { EventDetail } from './event-detail.tsx';
import { EventList } from './event-list.tsx';
import { NewEventFlow } from './new-event-flow.tsx';

export default function EventsSection() {
  const [, , sub] = path.value.split('/');
  const page = sub === 'new' ? 'new' : sub ? 'detail' : 'list';
  const root = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    root.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page, sub]);
  return (
    <div ref={root}>
      {page === 'new' ? <NewEventFlow /> : page === 'detail' ? <EventDetail key={sub} eventId={sub!} /> : <EventList />}
    </div>
  );
}

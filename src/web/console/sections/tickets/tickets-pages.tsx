// An event's tickets, loaded on demand from the events section: the searchable list, one
// ticket's page, issuing one ticket and the CSV import — picked by the path after /tickets.
import type { EventPageProps } from '../events/event-frame.tsx';
import { ImportPage } from './ticket-import-page.tsx';
import { IssueTicketPage } from './issue-ticket-page.tsx';
import { TicketListPage } from './ticket-list-page.tsx';
import { TicketPage } from './ticket-page.tsx';

export default function TicketsPages({ eventId, rest }: EventPageProps) {
  const [sub] = rest;
  if (!sub) return <TicketListPage eventId={eventId} />;
  if (sub === 'new') return <IssueTicketPage eventId={eventId} />;
  if (sub === 'import') return <ImportPage eventId={eventId} />;
  return <TicketPage key={sub} eventId={eventId} ticketId={sub} />;
}

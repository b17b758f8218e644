// The ticket kept on the attendee's phone, so the page works with no network (a venue's mobile
// network often collapses at the doors). One localStorage entry per link: the API answer and the
// phone-clock correction measured when it was fetched. localStorage, not IndexedDB: it is
// synchronous, so a ticket opened offline renders in the first frame.
import { fetchTicket, type AttendeeTicket } from './attendee-api.ts';

const PREFIX = 'karibu.ticket.v1.';

export interface SavedTicket {
  data: AttendeeTicket;
  /** Server time minus phone time (ms): the rotating code must follow the server's clock. */
  clockOffsetMs: number;
  savedAt: number;
}

export function readSaved(linkSecret: string): SavedTicket | null {
  try {
    const raw = localStorage.getItem(PREFIX + linkSecret);
    if (!raw) return null;
    const saved = JSON.parse(raw) as SavedTicket;
    return saved?.data?.ticket ? saved : null;
  } catch {
    return null;
  }
}

function save(linkSecret: string, saved: SavedTicket): void {
  try { localStorage.setItem(PREFIX + linkSecret, JSON.stringify(saved)); } catch { /* storage full or private mode: online only */ }
}

export function forget(linkSecret: string): void {
  try { localStorage.removeItem(PREFIX + linkSecret); } catch { /* nothing stored */ }
}

export type Refresh =
  | { kind: 'fresh'; saved: SavedTicket }
  | { kind: 'not_found' }
  | { kind: 'offline' }
  | { kind: 'error'; status: number };

/**
 * Fetches the ticket and keeps it. A link that no longer exists (replaced on transfer) is
 * forgotten, so the old holder's phone stops showing a code; a network failure keeps what is saved.
 */
export async function refreshTicket(linkSecret: string): Promise<Refresh> {
  const result = await fetchTicket(linkSecret);
  if (result.ok) {
    // The server's clock at the midpoint of the round trip; a phone set minutes off still shows
    // a code the door accepts.
    const midpoint = (result.sentAt + result.receivedAt) / 2;
    const offset = Date.parse(result.data.serverTime) - midpoint;
    const saved: SavedTicket = { data: result.data, clockOffsetMs: Number.isFinite(offset) ? Math.round(offset) : 0, savedAt: Date.now() };
    save(linkSecret, saved);
    return { kind: 'fresh', saved };
  }
  if (result.status === 404 || result.status === 400) {
    forget(linkSecret);
    return { kind: 'not_found' };
  }
  if (result.status === 0) return { kind: 'offline' };
  return { kind: 'error', status: result.status };
}

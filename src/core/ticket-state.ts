// What the decision engine knows about one ticket. Plain JSON (no Dates, no Maps): the server keeps
// it in rows, the offline manifest carries it per ticket, and decide() returns the next one.
import type { ReasonCode, Verdict } from './reasons.ts';
import type { TokenPayload } from './token-payload.ts';

export type TicketStatus = 'valid' | 'cancelled' | 'refunded' | 'transferred' | 'void';
export type Presence = 'outside' | 'inside';
export type Direction = 'in' | 'out';

/** The last scan that changed the ticket (admitted or exited), kept for the duplicate window. */
export interface LastScan {
  at: number;
  gateId: string;
  direction: Direction;
  verdict: Verdict;
  reason: ReasonCode;
  /** The device that made the scan (absent for scans that come from no device, e.g. SMS). */
  deviceId?: string;
}

export interface TicketState {
  eventId: string;
  serial: number;
  typeNo: number;
  status: TicketStatus;
  presence: Presence;
  /** Admitted entries so far (duplicates not counted). */
  entryCount: number;
  /** Epoch ms of the last admitted entry. */
  lastEntryAt?: number;
  /** Epoch ms of the last exit. */
  lastExitAt?: number;
  lastScan?: LastScan;
  /** Venue-local day key ('YYYY-MM-DD') of each entry; kept only under per-day entry rules. */
  entryDays?: string[];
  /** Epoch ms; the ticket is not valid before (ticket-level window, on top of the event's). */
  validFrom?: number;
  /** Epoch ms; the ticket is not valid after. */
  validUntil?: number;
  /** Zone codes the ticket type grants. A ticket with no zones passes no gate. */
  zones: string[];
}

export interface Scan {
  eventId: string;
  gateId: string;
  /** Zone code of the gate. */
  gateZone: string;
  direction: Direction;
  /**
   * The door device making the scan; the duplicate window belongs to one device (a repeat from
   * another phone is a second presentation, judged as usual). Absent/null: no device (SMS).
   */
  deviceId?: string | null;
  /** Device clock reading, informational only: decide() uses its own `at` argument. */
  at?: number;
}

/**
 * State for a ticket known only from its verified token — issued after the phone's last manifest
 * sync. Zones come from the ticket type (the manifest carries types); validity from the token.
 */
export function ticketStateFromToken(payload: TokenPayload, context: { eventId: string; zones: readonly string[] }): TicketState {
  const state: TicketState = {
    eventId: context.eventId,
    serial: payload.serial,
    typeNo: payload.typeNo,
    status: 'valid',
    presence: 'outside',
    entryCount: 0,
    zones: [...context.zones],
  };
  if (payload.validFrom !== 0) state.validFrom = payload.validFrom * 1000;
  if (payload.validUntil !== 0) state.validUntil = payload.validUntil * 1000;
  return state;
}

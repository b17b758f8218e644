import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { TicketStatus } from '../db/schema.ts';

/**
 * SQL of the organizer's ticket records: the list with its search, and one ticket's scans. Both
 * page by keyset (never OFFSET), so page 100 costs what page 1 does.
 */

export interface TicketListRow {
  id: string; serial: number; status: TicketStatus; presence: 'outside' | 'inside'; entry_count: number;
  type_no: number; type_name: string; holder_name: string; holder_email: string | null; holder_phone: string | null;
  order_ref: string | null; code: string; created_at: Date;
}

/** What a search text may stand for, worked out once by the service (see ticket-records.service.ts). */
export interface TicketMatch {
  /** Lower-cased, LIKE wildcards escaped: a part of the name, email or order reference. */
  text: string;
  /** The human code without its dash, upper-cased, when the text could be (the start of) one. */
  codePrefix: string | null;
  /** Digits of a phone number without leading zeros ("0803 123 4567" → 8031234567), matched anywhere in E.164. */
  phoneDigits: string | null;
  serial: number | null;
}

/** Newest first: a manager usually looks for a ticket just issued or just imported. */
export function ticketListPage(trx: Trx, eventId: string, match: TicketMatch | null, beforeSerial: number | null, limit: number): Promise<TicketListRow[]> {
  let q = trx.selectFrom('tickets as t')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .select([
      't.id', 't.serial', 't.status', 't.presence', 't.entry_count', 'tt.type_no', 'tt.name as type_name', 't.holder_name', 't.holder_email',
      't.holder_phone', 't.order_ref', 't.code', 't.created_at',
    ])
    .where('t.event_id', '=', eventId);
  if (match) {
    const like = `%${match.text}%`;
    q = q.where((eb) => eb.or([
      eb(sql`lower(t.holder_name)`, 'like', like),
      eb(sql`lower(t.holder_email)`, 'like', like),
      eb(sql`lower(t.order_ref)`, 'like', like),
      ...(match.codePrefix ? [eb(sql`replace(t.code, '-', '')`, 'like', `${match.codePrefix}%`)] : []),
      ...(match.phoneDigits ? [eb('t.holder_phone', 'like', `%${match.phoneDigits}%`)] : []),
      ...(match.serial !== null ? [eb('t.serial', '=', match.serial)] : []),
    ]));
  }
  if (beforeSerial !== null) q = q.where('t.serial', '<', beforeSerial);
  return q.orderBy('t.serial', 'desc').limit(limit).execute() as Promise<TicketListRow[]>;
}

export async function ticketInEvent(trx: Trx, eventId: string, ticketId: string): Promise<boolean> {
  return (await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
}

export interface TicketScanRow {
  id: string; effective_time: Date; server_time: Date; direction: 'in' | 'out'; input_kind: string;
  verdict: 'admitted' | 'exited' | 'refused'; reason: string; server_verdict: 'admitted' | 'exited' | 'refused' | null; server_reason: string | null;
  gate: string | null; zone: string | null; device: string | null; staff: string | null;
  offline: boolean; conflict: boolean; moved: boolean; undone_at: Date | null; attention_note: string | null;
}

/**
 * Every recorded scan of one ticket — refused, offline, conflicting and undone ones too — in the
 * order they happened. Whether a scan moved the ticket is karibu_moved_ticket() (migration 0013),
 * the rule undo, the dashboard and the exports use; an undo is its scan_annulments row. The cursor
 * is the last scan's id, compared on that row's stored time (microseconds a Date would lose).
 */
export function ticketScanPage(trx: Trx, eventId: string, ticketId: string, afterScanId: string | null, limit: number): Promise<TicketScanRow[]> {
  let q = trx.selectFrom('scans as s')
    .leftJoin('gates as g', 'g.id', 's.gate_id')
    .leftJoin('zones as z', 'z.id', 'g.zone_id')
    .leftJoin('devices as d', 'd.id', 's.device_id')
    .leftJoin('staff as st', 'st.id', 's.staff_id')
    .leftJoin('scan_annulments as a', 'a.scan_id', 's.id')
    .select([
      's.id', 's.effective_time', 's.server_time', 's.direction', 's.input_kind', 's.verdict', 's.reason', 's.server_verdict', 's.server_reason',
      'g.name as gate', 'z.name as zone', 'd.name as device', 'st.display_name as staff', 's.offline', 's.conflict',
      // A session scan moved the ticket in or out of a room, never of the event.
      sql<boolean>`(s.session_id is null and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason))`.as('moved'),
      'a.at as undone_at', 's.attention_note',
    ])
    .where('s.ticket_id', '=', ticketId)
    .where('s.event_id', '=', eventId);
  if (afterScanId !== null) {
    const last = sql`(select p.effective_time from scans p where p.id = ${afterScanId})`;
    q = q.where(sql<boolean>`(s.effective_time, s.id) > (${last}, ${afterScanId}::uuid)`);
  }
  return q.orderBy('s.effective_time').orderBy('s.id').limit(limit).execute() as Promise<TicketScanRow[]>;
}

/** The audit actions that are a ticket's own history (its scans have their own list). */
export const TICKET_HISTORY_ACTIONS = [
  'tickets.issued', 'ticket.transferred', 'ticket.cancelled', 'ticket.refunded', 'ticket.resent', 'ticket.note_set', 'ticket.note_cleared',
] as const;

export interface TicketHistoryRow {
  at: Date; action: (typeof TICKET_HISTORY_ACTIONS)[number]; actor_kind: string; staff_name: string | null; key_name: string | null;
  detail: unknown;
}

/** Oldest first. audit_log_subject_idx makes this one index range per ticket. */
export function ticketHistoryRows(trx: Trx, ticketId: string): Promise<TicketHistoryRow[]> {
  return trx.selectFrom('audit_log as a')
    .leftJoin('staff as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'staff'))
    .leftJoin('api_keys as k', (j) => j.onRef('k.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'api_key'))
    .select(['a.at', 'a.action', 'a.actor_kind', 's.display_name as staff_name', 'k.name as key_name', 'a.detail'])
    .where('a.subject_id', '=', ticketId).where('a.action', 'in', [...TICKET_HISTORY_ACTIONS])
    .orderBy('a.at').orderBy('a.id')
    .execute() as Promise<TicketHistoryRow[]>;
}

/** The ticket a transfer replaced with this one, if any. */
export async function replacedTicketId(trx: Trx, ticketId: string): Promise<string | null> {
  const row = await trx.selectFrom('tickets').select('id').where('replaced_by', '=', ticketId).executeTakeFirst();
  return row?.id ?? null;
}

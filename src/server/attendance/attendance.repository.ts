import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import { EFFECT, SESSION_STANDING } from '../exports/exports.repository.ts';

/**
 * SQL of session attendance and credits, in the caller's tenant transaction. Only standing moves
 * count — scans that moved their ticket by the event's one rule (karibu_moved_ticket, migration
 * 0013) and were not undone — the exports' STANDING rule for session scans (SESSION_STANDING); what a move did is the judgment
 * that counted (the server's verdict for an offline replay). Pairing them into minutes is core's
 * sessionAttendance(), not SQL: one rule for the page, the statement, the CSV and the certificate.
 */

export interface AttendanceSessionRow {
  id: string;
  event_id: string;
  name: string;
  starts_at: Date;
  ends_at: Date;
  cpd_credits: string | null;
  cpd_min_share: number | null;
}

const SESSION_COLUMNS = ['id', 'event_id', 'name', 'starts_at', 'ends_at', 'cpd_credits', 'cpd_min_share'] as const;

export function findAttendanceSession(trx: Trx, eventId: string, sessionId: string): Promise<AttendanceSessionRow | undefined> {
  return trx.selectFrom('event_sessions').select(SESSION_COLUMNS).where('event_id', '=', eventId).where('id', '=', sessionId).executeTakeFirst();
}

/** The event's sessions that give credits, by start time. */
export function cpdSessions(trx: Trx, eventId: string): Promise<AttendanceSessionRow[]> {
  return trx.selectFrom('event_sessions').select(SESSION_COLUMNS)
    .where('event_id', '=', eventId).where('cpd_credits', 'is not', null)
    .orderBy('starts_at').orderBy('id').execute();
}

export interface MoveRow {
  ticket_id: string;
  session_id: string;
  effect: string;
  at: Date;
}

export interface AttendeeMoveRow extends MoveRow {
  serial: number;
  holder_name: string;
  type_name: string;
}

/** Every standing move of one session, with its ticket, by ticket serial then time. */
export async function sessionMoves(trx: Trx, eventId: string, sessionId: string): Promise<AttendeeMoveRow[]> {
  const { rows } = await sql<AttendeeMoveRow>`
    select s.ticket_id, s.session_id, ${EFFECT} as effect, s.effective_time as at, t.serial, t.holder_name, tt.name as type_name
      from scans s
      join tickets t on t.id = s.ticket_id
      join ticket_types tt on tt.id = t.ticket_type_id
     where s.session_id = ${sessionId} and s.event_id = ${eventId} and ${SESSION_STANDING}
     order by t.serial, s.effective_time, s.server_time`.execute(trx);
  return rows;
}

/** The standing session moves of some tickets of the event, into any session. */
export async function ticketsSessionMoves(trx: Trx, eventId: string, ticketIds: readonly string[]): Promise<MoveRow[]> {
  if (ticketIds.length === 0) return [];
  const { rows } = await sql<MoveRow>`
    select s.ticket_id, s.session_id, ${EFFECT} as effect, s.effective_time as at
      from scans s
     where s.ticket_id = any(${`{${ticketIds.join(',')}}`}::uuid[]) and s.event_id = ${eventId} and s.session_id is not null and ${SESSION_STANDING}
     order by s.effective_time, s.server_time`.execute(trx);
  return rows;
}

export interface CreditTicketRow {
  id: string;
  serial: number;
  code: string;
  holder_name: string;
  holder_email: string | null;
  type_name: string;
}

/** One ticket, with the language its holder chose (null: never said). */
export function findCreditTicket(trx: Trx, eventId: string, ticketId: string): Promise<(CreditTicketRow & { language: string | null }) | undefined> {
  return trx.selectFrom('tickets as t').innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .select(['t.id', 't.serial', 't.code', 't.holder_name', 't.holder_email', 'tt.name as type_name', 't.language'])
    .where('t.event_id', '=', eventId).where('t.id', '=', ticketId).executeTakeFirst();
}

/** One keyset page (by serial) of the tickets with a standing move in a session that gives credits. */
export async function creditTicketsPage(trx: Trx, eventId: string, afterSerial: number, limit: number): Promise<CreditTicketRow[]> {
  const { rows } = await sql<CreditTicketRow>`
    select t.id, t.serial, t.code, t.holder_name, t.holder_email, tt.name as type_name
      from tickets t
      join ticket_types tt on tt.id = t.ticket_type_id
     where t.event_id = ${eventId} and t.serial > ${afterSerial}
       and exists (select 1 from scans s join event_sessions es on es.id = s.session_id
                    where s.ticket_id = t.id and s.event_id = t.event_id and es.cpd_credits is not null and ${SESSION_STANDING})
     order by t.serial
     limit ${limit}`.execute(trx);
  return rows;
}

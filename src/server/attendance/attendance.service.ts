import type { CreditLine, CreditStatement, SessionAttendance } from '../../contracts/attendance.contract.ts';
import {
  earnsCredits, minutesNeeded, sessionAttendance, sumCredits, type CpdSettings, type SessionMove, type SessionWindow,
} from '../../core/session-attendance.ts';
import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { findExportEvent } from '../exports/exports.repository.ts';
import { DomainError } from '../shared/domain-error.ts';
import {
  cpdSessions, findAttendanceSession, findCreditTicket, sessionMoves, ticketsSessionMoves,
  type AttendanceSessionRow, type CreditTicketRow, type MoveRow,
} from './attendance.repository.ts';

/**
 * Session attendance and credit statements: the rows of attendance.repository.ts through core's
 * sessionAttendance() and earnsCredits(). Read-only; certificates (certificate.service.ts) build
 * on creditStatementFor().
 */

export const spanOf = (s: AttendanceSessionRow): SessionWindow => ({ startsAt: s.starts_at.getTime(), endsAt: s.ends_at.getTime() });
export const cpdOf = (s: AttendanceSessionRow): CpdSettings => ({ credits: s.cpd_credits === null ? null : Number(s.cpd_credits), minShare: s.cpd_min_share });

/** A move as core reads it; any other effect (none reach here: STANDING) would be no move. */
function toMove(m: MoveRow): SessionMove[] {
  if (m.effect === 'admitted') return [{ kind: 'in', at: m.at.getTime() }];
  if (m.effect === 'exited') return [{ kind: 'out', at: m.at.getTime() }];
  return [];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One ticket in one session: minutes, first entry, last exit and the credits it earned there. */
export function attendanceIn(session: AttendanceSessionRow, moves: readonly MoveRow[]) {
  const span = spanOf(session);
  const cpd = cpdOf(session);
  const a = sessionAttendance(moves.flatMap(toMove), span);
  const earned = earnsCredits(a.attendedMs, span, cpd);
  return { ...a, earned, earnedCredits: earned ? cpd.credits ?? 0 : 0 };
}

function sessionHead(s: AttendanceSessionRow) {
  const cpd = cpdOf(s);
  return {
    id: s.id, name: s.name, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(),
    credits: cpd.credits, minShare: cpd.minShare, minutesNeeded: cpd.credits === null ? null : minutesNeeded(spanOf(s), cpd),
  };
}

export async function sessionAttendanceView(ctx: AppContext, caller: Caller, eventId: string, sessionId: string): Promise<SessionAttendance> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    const session = await findAttendanceSession(trx, eventId, sessionId);
    if (!session) throw new DomainError('not_found', 'No such session in this event.');
    const byTicket = new Map<string, Awaited<ReturnType<typeof sessionMoves>>>();
    for (const m of await sessionMoves(trx, eventId, sessionId)) {
      const list = byTicket.get(m.ticket_id);
      if (list) list.push(m); else byTicket.set(m.ticket_id, [m]);
    }
    // The rows come ordered by serial, and a Map keeps insertion order.
    const attendees = [...byTicket.values()].map((moves) => {
      const first = moves[0]!;
      const a = attendanceIn(session, moves);
      return {
        ticketId: first.ticket_id, serial: first.serial, holderName: first.holder_name, type: first.type_name,
        minutes: a.minutes, firstEntry: iso(a.firstEntry), lastExit: iso(a.lastExit), earnedCredits: a.earnedCredits,
      };
    });
    return { session: sessionHead(session), attendees };
  });
}

/** A ticket's line for every session that gives credits, from that ticket's moves. */
export function creditLines(sessions: readonly AttendanceSessionRow[], moves: readonly MoveRow[]): (CreditLine & { firstEntry: number | null; lastExit: number | null })[] {
  return sessions.map((s) => {
    const a = attendanceIn(s, moves.filter((m) => m.session_id === s.id));
    const cpd = cpdOf(s);
    return {
      sessionId: s.id, name: s.name, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(),
      minutes: a.minutes, minutesNeeded: minutesNeeded(spanOf(s), cpd), credits: cpd.credits ?? 0,
      earned: a.earned, earnedCredits: a.earnedCredits, firstEntry: a.firstEntry, lastExit: a.lastExit,
    };
  });
}

/** The statement of one ticket, inside the caller's transaction; undefined for no such ticket. */
export async function creditStatementFor(trx: Trx, eventId: string, ticket: CreditTicketRow): Promise<CreditStatement> {
  const event = await findExportEvent(trx, eventId);
  const sessions = await cpdSessions(trx, eventId);
  const lines = creditLines(sessions, await ticketsSessionMoves(trx, eventId, [ticket.id]));
  return {
    ticket: { serial: ticket.serial, holderName: ticket.holder_name, type: ticket.type_name },
    event: { name: event?.name ?? '', timezone: event?.timezone ?? 'UTC' },
    sessions: lines.map(({ firstEntry: _f, lastExit: _l, ...line }) => line),
    totalCredits: sumCredits(lines.map((l) => l.earnedCredits)),
  };
}

export async function ticketCreditStatement(ctx: AppContext, caller: Caller, eventId: string, ticketId: string): Promise<CreditStatement> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    const ticket = await findCreditTicket(trx, eventId, ticketId);
    if (!ticket) throw new DomainError('not_found', 'No such ticket in this event.');
    return creditStatementFor(trx, eventId, ticket);
  });
}

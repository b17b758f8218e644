import { sumCredits } from '../../core/session-attendance.ts';
import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { csvStream, keysetPages } from '../exports/csv-stream.ts';
import type { CsvValue } from '../exports/csv-cell.ts';
import { openExport, timeHeading, type ExportFile } from '../exports/export-event.service.ts';
import { venueClock } from '../exports/venue-time.ts';
import { cpdSessions, creditTicketsPage, ticketsSessionMoves, type CreditTicketRow } from './attendance.repository.ts';
import { creditLines } from './attendance.service.ts';

/**
 * The credits CSV for the organizer's CPD records: one row per attendee and session that gives
 * credits, for every ticket with a standing move into one of them (sessions they never entered
 * are left out, so the file lists attendance, not absence). Streamed a page of tickets at a time,
 * through the exports' CSV helpers: every cell is formula-neutralised, times are on the venue clock.
 */
export async function creditsExport(ctx: AppContext, caller: Caller, eventId: string, opts: { bom: boolean }): Promise<ExportFile> {
  const { event, filename } = await openExport(ctx, caller, eventId, 'credits.csv');
  const clock = venueClock(event.timezone);
  const sessions = await withTenant(ctx.db, caller.tenantId, (trx) => cpdSessions(trx, eventId));
  const header = [
    'Serial', 'Ticket code', 'Holder name', 'Email', 'Ticket type', 'Session', timeHeading('Session starts', clock.timeZone),
    timeHeading('First entry', clock.timeZone), timeHeading('Last exit', clock.timeZone), 'Minutes', 'Minutes needed',
    'Session credits', 'Credits earned', 'Ticket total credits', 'Session id',
  ];
  const tickets = keysetPages<CreditTicketRow, number>(0,
    (after, limit) => withTenant(ctx.db, caller.tenantId, (trx) => creditTicketsPage(trx, eventId, after, limit)),
    (row) => row.serial);

  async function* lines(): AsyncGenerator<CsvValue[][]> {
    for await (const page of tickets) {
      const moves = await withTenant(ctx.db, caller.tenantId, (trx) => ticketsSessionMoves(trx, eventId, page.map((t) => t.id)));
      const out: CsvValue[][] = [];
      for (const t of page) {
        const own = moves.filter((m) => m.ticket_id === t.id);
        const attended = new Set(own.map((m) => m.session_id));
        const all = creditLines(sessions, own);
        const total = sumCredits(all.map((l) => l.earnedCredits));
        for (const l of all.filter((line) => attended.has(line.sessionId))) {
          out.push([
            t.serial, t.code, t.holder_name, t.holder_email, t.type_name, l.name, clock.iso(new Date(l.startsAt)),
            clock.iso(l.firstEntry === null ? null : new Date(l.firstEntry)), clock.iso(l.lastExit === null ? null : new Date(l.lastExit)),
            l.minutes, l.minutesNeeded, l.credits, l.earnedCredits, total, l.sessionId,
          ]);
        }
      }
      yield out;
    }
  }
  return { filename, body: csvStream(header, lines(), (cells) => cells, opts.bom) };
}

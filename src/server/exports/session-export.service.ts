import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { csvStream, keysetPages } from './csv-stream.ts';
import { openExport, timeHeading, type ExportFile } from './export-event.service.ts';
import { sessionAttendancePage, type SessionAttendanceRow } from './exports.repository.ts';
import { venueClock } from './venue-time.ts';

/**
 * Per-session attendance, one row per session by start time. Scans do not name a session (the door
 * scans into a gate, not a talk), so the counts are what the gates can tell: standing admissions
 * through gates into the session's room (its zone, or a zone inside it) from its start to its end,
 * and how many different tickets they were. A guest already in the room before the session began
 * is not counted; session check-in proper needs scans that carry the session.
 */
export async function sessionExport(ctx: AppContext, caller: Caller, eventId: string, opts: { bom: boolean }): Promise<ExportFile> {
  const { event, filename } = await openExport(ctx, caller, eventId, 'sessions.csv');
  const clock = venueClock(event.timezone);
  const header = [
    'Session', 'Room', timeHeading('Starts', clock.timeZone), timeHeading('Ends', clock.timeZone), 'Capacity',
    'Attendees (tickets admitted into the room during the session)', 'Admissions', 'Session id',
  ];
  const pages = keysetPages<SessionAttendanceRow, string | null>(null,
    (after, limit) => withTenant(ctx.db, caller.tenantId, (trx) => sessionAttendancePage(trx, eventId, after, limit)),
    (row) => row.id);
  const cells = (r: SessionAttendanceRow) => [
    r.name, r.room, clock.iso(r.starts_at), clock.iso(r.ends_at), r.capacity, r.attendees, r.admissions, r.id,
  ];
  return { filename, body: csvStream(header, pages, cells, opts.bom) };
}

import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { csvStream, keysetPages } from './csv-stream.ts';
import { openExport, timeHeading, type ExportFile } from './export-event.service.ts';
import { attendancePage, type AttendanceRow } from './exports.repository.ts';
import { venueClock } from './venue-time.ts';

/**
 * The attendance list: one row per ticket of the event, by serial, with what its standing scans
 * say (first entry, last exit, where and by whom it last moved) and its entry count and presence.
 * Cancelled, refunded and transferred tickets are listed too, with their status, so the file
 * accounts for every ticket ever issued.
 */
export async function attendanceExport(ctx: AppContext, caller: Caller, eventId: string, opts: { bom: boolean }): Promise<ExportFile> {
  const { event, filename } = await openExport(ctx, caller, eventId, 'attendance.csv');
  const clock = venueClock(event.timezone);
  const header = [
    'Ticket code', 'Serial', 'Holder name', 'Email', 'Phone', 'Ticket type', 'Status',
    timeHeading('First entry', clock.timeZone), timeHeading('Last exit', clock.timeZone),
    'Last gate', 'Last device', 'Last staff member', 'Entry count', 'Presence',
  ];
  const pages = keysetPages(0,
    (after: number, limit) => withTenant(ctx.db, caller.tenantId, (trx) => attendancePage(trx, eventId, after, limit)),
    (row) => row.serial);
  const cells = (r: AttendanceRow) => [
    r.code, r.serial, r.holder_name, r.holder_email, r.holder_phone, r.type_name, r.status,
    clock.iso(r.first_entry), clock.iso(r.last_exit), r.last_gate, r.last_device, r.last_staff, r.entry_count, r.presence,
  ];
  return { filename, body: csvStream(header, pages, cells, opts.bom) };
}

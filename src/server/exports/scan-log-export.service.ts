import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { csvStream, keysetPages } from './csv-stream.ts';
import { openExport, timeHeading, type ExportFile } from './export-event.service.ts';
import { scanLogPage, type ScanLogRow } from './exports.repository.ts';
import { venueClock } from './venue-time.ts';

/**
 * The scan log: every recorded scan of the event in the order it happened, refused, offline and
 * undone ones included. "Moved ticket" is karibu_moved_ticket() — whether the judgment that counted
 * admitted or exited the ticket — and "Undone" says a manager or the door annulled it since; a
 * scan counts in the attendance list when it moved the ticket and was not undone. For an offline
 * scan, Verdict and Reason are what the phone decided and the Server columns what the replay said.
 */
export async function scanLogExport(ctx: AppContext, caller: Caller, eventId: string, opts: { bom: boolean }): Promise<ExportFile> {
  const { event, filename } = await openExport(ctx, caller, eventId, 'scans.csv');
  const clock = venueClock(event.timezone);
  const header = [
    timeHeading('Time', clock.timeZone), 'Ticket code', 'Holder name', 'Verdict', 'Reason', 'Server verdict', 'Server reason',
    'Direction', 'Input', 'Gate', 'Zone', 'Device', 'Staff member', 'Offline', 'Conflict', 'Moved ticket', 'Undone',
    timeHeading('Received', clock.timeZone), 'Scan id',
  ];
  const pages = keysetPages<ScanLogRow, string | null>(null,
    (after, limit) => withTenant(ctx.db, caller.tenantId, (trx) => scanLogPage(trx, eventId, after, limit)),
    (row) => row.id);
  const cells = (r: ScanLogRow) => [
    clock.iso(r.effective_time), r.code, r.holder_name, r.verdict, r.reason, r.server_verdict, r.server_reason,
    r.direction, r.input_kind, r.gate, r.zone, r.device, r.staff, r.offline, r.conflict, r.moved, r.undone,
    clock.iso(r.server_time), r.id,
  ];
  return { filename, body: csvStream(header, pages, cells, opts.bom) };
}

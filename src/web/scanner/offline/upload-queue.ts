// What goes into the upload queue, and what the queue holds back from the server.
//
// A scan this phone decided offline is news to the server until the queue is uploaded. Asked about
// the same ticket before then (the network is back, the upload has not run yet), the server would
// judge it blind — "outside", admitted — and the door would let one ticket in twice; the upload
// would then land as a conflict on the guest's real first entry. So while the queue holds a scan of
// a ticket, this phone keeps deciding that ticket itself, on its replica (which already carries its
// own queued scans: commitLocal when they were decided, replayed over every manifest delta until
// they are uploaded), and queues the new scan behind the first. Other tickets go online as usual.
//
// Tickets are matched by serial — the ticket the replica resolved the QR, code or PIN to — so a QR
// and a typed code of one ticket are one ticket.
import type { ReasonCode } from '../../../core/index.ts';
import type { OfflineInput, ScanInput } from '../../shared/scan-input.ts';
import type { LocalVerdict } from './offline-verdict.ts';
import type { QueuedScan } from './scanner-db.ts';

/** Who judges a scan: the server; this phone, queuing the scan; or the server once the queue is uploaded. */
export type ScanRoute = 'online' | 'phone' | 'upload-first';

/** The queue entry of a scan this phone decided (what is uploaded, and the serial matched below). */
export function queuedScanOf(
  eventId: string,
  base: { scanId: string; gateId: string; direction: 'in' | 'out'; scannedAt: number },
  input: OfflineInput,
  local: LocalVerdict,
  localAt: number,
): QueuedScan {
  return {
    scanId: base.scanId, eventId, at: localAt,
    body: { ...base, ...input, verdict: local.verdict, reason: local.reason as ReasonCode },
    ...(local.serial !== undefined ? { serial: local.serial } : {}),
  };
}

/** The ticket a scan names: the serial picked from the name search, or the one the replica found. */
export function ticketNamed(input: ScanInput, local: LocalVerdict | null): number | undefined {
  return 'serial' in input ? input.serial : local?.serial;
}

/** Does the upload queue hold a scan of this event's ticket `serial` that the server has not answered? */
export function awaitsUpload(queue: readonly Pick<QueuedScan, 'eventId' | 'serial'>[], eventId: string, serial: number | undefined): boolean {
  return serial !== undefined && queue.some((q) => q.eventId === eventId && q.serial === serial);
}

/**
 * Where a scan that could go online is judged. `local` is the phone's own verdict for it (null
 * when the replica cannot decide); `queue` the upload queue. A ticket picked by serial is queued
 * behind its first scan only on a phone that can decide it (it holds the names: `local` is set);
 * elsewhere it waits for the upload instead.
 */
export function routeScan(
  eventId: string,
  input: ScanInput,
  local: LocalVerdict | null,
  queue: readonly Pick<QueuedScan, 'eventId' | 'serial'>[],
): ScanRoute {
  if (!awaitsUpload(queue, eventId, ticketNamed(input, local))) return 'online';
  return 'serial' in input && !local ? 'upload-first' : 'phone';
}

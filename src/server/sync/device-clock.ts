/**
 * Device clocks (docs/sync-protocol.md §4). The offset `receivedAt − sentAt` is applied exactly,
 * however large: budget phones restart at 1970 after a flat battery, and as long as the clock then
 * runs on (scans and upload read the same wrong clock) the offset places every scan at its true
 * time. It used to be clamped to ±2·10⁹ ms (the int4 column), which moved such a phone's scans
 * 23 days instead of 56 years.
 *
 * What the offset cannot fix is a clock that JUMPED between a scan and its upload: the corrected
 * time then lands after the upload arrived (impossible) or weeks before it. Such a scan's time is
 * unknown; it is placed at its arrival (server receive order) and flagged `clockUnknown`.
 */

/** A scan corrected to later than this past its arrival had a clock that jumped back before upload. */
export const FUTURE_TOLERANCE_MS = 60_000;
/** Offline queues hold hours or days of scans; corrected further back than this, the clock jumped ahead. */
export const MAX_SCAN_AGE_MS = 30 * 24 * 3_600_000;

/** The clock offset measured by one request (server minus device), exact. */
export function measureOffset(receivedAt: number, deviceTime: number): number {
  return Math.round(receivedAt - deviceTime);
}

/** When a scan happened on the server's clock, or unknown (then: its arrival). */
export function correctedTime(scannedAt: number, offset: number, receivedAt: number): { at: number; clockUnknown: boolean } {
  const at = scannedAt + offset;
  if (!Number.isFinite(at) || at > receivedAt + FUTURE_TOLERANCE_MS || at < receivedAt - MAX_SCAN_AGE_MS) {
    return { at: receivedAt, clockUnknown: true };
  }
  // Within the tolerance: a scan cannot have happened after it reached us.
  return { at: Math.min(at, receivedAt), clockUnknown: false };
}

const INT4_MAX = 2_147_483_647;

/** What devices.clock_offset_ms (int4) keeps: the offset, or null (unknown) when it does not fit. */
export function storableOffset(offset: number): number | null {
  return Math.abs(offset) <= INT4_MAX ? offset : null;
}

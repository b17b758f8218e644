import { sha256 } from '@noble/hashes/sha2.js';
import { asciiBytes, base64UrlToBytes, ByteReader, ByteWriter, bytesToBase64Url } from '../../core/sync-bytes.ts';

/**
 * The manifest cursor (docs/sync-protocol.md §2.7), opaque to clients:
 *
 *   "m1." base64url( u8 flags ‖ 4-byte event tag ‖ varint seq ‖ varint n ‖ n × varint xid delta )
 *
 * flags: bit 0 = a snapshot is in progress (pages keep saying full: true), bit 1 = cut for a device
 * with clear names, bit 2 = cut for a kiosk, bit 3 = the names carry order groups (sync format 3), bit 4 = attention notes travel (format 4). A cursor made for another event or another device
 * profile is not continued: the server starts a new snapshot instead.
 *
 * seq is the highest change position delivered. xids are the transactions that were still writing
 * when the page was read: their rows may sit below seq once they commit, so the next read looks
 * them up by writer (see manifest.repository.ts).
 */
export interface ManifestCursor {
  snapshot: boolean;
  names: boolean;
  kiosk: boolean;
  /** Names entries carry order groups (format 3): a format 2 replica lacks them, so it starts over. */
  groups: boolean;
  /** Notes travel (format 4): a replica built without them starts over, or it would miss the notes set before. */
  notes: boolean;
  eventTag: number;
  seq: number;
  /** xid8 values as decimal strings (64-bit). */
  inFlight: string[];
}

const PREFIX = 'm1.';
// A busy server has at most a few hundred writing transactions at once (connection limits).
const MAX_XIDS = 1024;

export function eventTag(eventId: string): number {
  const d = sha256(asciiBytes(eventId));
  return ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
}

export function encodeCursor(c: ManifestCursor): string {
  const w = new ByteWriter(32 + c.inFlight.length * 4);
  w.u8((c.snapshot ? 1 : 0) | (c.names ? 2 : 0) | (c.kiosk ? 4 : 0) | (c.groups ? 8 : 0) | (c.notes ? 16 : 0));
  w.u32(c.eventTag);
  w.varint(c.seq);
  const xids = c.inFlight.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  w.varint(xids.length);
  let previous = 0n;
  for (const x of xids) {
    w.varint(Number(x - previous));
    previous = x;
  }
  return PREFIX + bytesToBase64Url(w.finish());
}

/** Null for anything that is not a cursor of ours (the route answers 400). */
export function decodeCursor(text: string): ManifestCursor | null {
  if (!text.startsWith(PREFIX) || text.length > 16_000) return null;
  const bytes = base64UrlToBytes(text.slice(PREFIX.length));
  if (!bytes) return null;
  try {
    const r = new ByteReader(bytes);
    const flags = r.u8();
    if (flags > 31) return null;
    const tag = r.u32();
    const seq = r.varint();
    const n = r.varint();
    if (n > MAX_XIDS) return null;
    const inFlight: string[] = [];
    let x = 0n;
    for (let i = 0; i < n; i++) {
      x += BigInt(r.varint());
      inFlight.push(x.toString());
    }
    if (r.remaining !== 0) return null;
    return { snapshot: (flags & 1) === 1, names: (flags & 2) === 2, kiosk: (flags & 4) === 4, groups: (flags & 8) === 8, notes: (flags & 16) === 16, eventTag: tag, seq, inFlight };
  } catch {
    return null;
  }
}

export { MAX_XIDS };

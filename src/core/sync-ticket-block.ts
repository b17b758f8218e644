// The ticket block of a manifest page (docs/sync-protocol.md §2.3): every ticket of the page in a
// column-wise binary layout. Columns put similar bytes next to each other (serial deltas of 1,
// type numbers, zero entry counts, …) so gzip squeezes them to almost nothing, while the random
// parts (digests, lookup keys, sealed names) are stored raw instead of as base64 text in JSON.
// That is how 100,000 tickets fit the 3 MB budget.
//
// The server encodes, the scanner decodes, both with this file: the byte layout exists once.
import type { Presence, TicketState, TicketStatus } from './ticket-state.ts';
import { ByteFormatError, ByteReader, ByteWriter, utf8Decode, utf8Encode } from './sync-bytes.ts';
import { sealedByteLength, type SealedName } from './sync-seal.ts';

export const TICKET_BLOCK_VERSION = 1;
/** Bytes of core tokenDigest() a manifest carries (of 16): 2^64 work to forge a matching token. */
export const MANIFEST_DIGEST_LENGTH = 8;

const STATUSES: readonly TicketStatus[] = ['valid', 'cancelled', 'refunded', 'transferred', 'void'];
const F_INSIDE = 1 << 3;
const F_DIGEST = 1 << 4;
const F_SEALED = 1 << 5;
const F_EXTRA = 1 << 6;

/** One ticket as the manifest carries it. */
export interface ManifestRecord {
  state: TicketState;
  /** The first MANIFEST_DIGEST_LENGTH bytes of core tokenDigest() of the ticket's current QR. */
  digest?: Uint8Array;
  /** codeLookupKey() of the ticket's human code. */
  codeKey: number;
  /** pinLookupKey() of the ticket's PIN. */
  pinKey: number;
  /** The holder name, sealed under the ticket's QR (absent for devices that get no names). */
  sealed?: SealedName;
}

/** What the decoder needs to rebuild full TicketStates: the event and its ticket types. */
export interface BlockContext {
  eventId: string;
  types: readonly { typeNo: number; zones: readonly string[]; validFrom?: number | null; validUntil?: number | null }[];
}

export class TicketBlockError extends Error {
  constructor(message: string) {
    super(`ticket block: ${message}`);
    this.name = 'TicketBlockError';
  }
}

// TicketState fields outside the fixed columns; carried sparsely as JSON.
const EXTRA_KEYS = ['lastEntryAt', 'lastExitAt', 'lastScan', 'entryDays', 'validFrom', 'validUntil'] as const;
type Extra = Partial<Pick<TicketState, (typeof EXTRA_KEYS)[number]>>;

function extraOf(state: TicketState, type: BlockContext['types'][number] | undefined): Extra | null {
  const extra: Extra = {};
  let any = false;
  for (const key of EXTRA_KEYS) {
    const value = state[key];
    if (value === undefined) continue;
    // Validity equal to the type's is implied; only a ticket-specific window travels.
    if (key === 'validFrom' && value === (type?.validFrom ?? undefined)) continue;
    if (key === 'validUntil' && value === (type?.validUntil ?? undefined)) continue;
    (extra as Record<string, unknown>)[key] = value;
    any = true;
  }
  return any ? extra : null;
}

/** Encodes records (any order; sorted by serial here). Serials must be unique. */
export function encodeTicketBlock(records: readonly ManifestRecord[], context: BlockContext): Uint8Array {
  const list = [...records].sort((a, b) => a.state.serial - b.state.serial);
  const types = new Map(context.types.map((t) => [t.typeNo, t]));
  const n = list.length;
  const w = new ByteWriter(64 + n * 40);
  w.u8(TICKET_BLOCK_VERSION);
  w.varint(n);
  w.varint(MANIFEST_DIGEST_LENGTH);
  let previous = 0;
  for (const r of list) {
    if (r.state.serial <= previous && previous !== 0) throw new RangeError('encodeTicketBlock: duplicate serial');
    w.varint(r.state.serial - previous);
    previous = r.state.serial;
  }
  for (const r of list) w.varint(r.state.typeNo);
  const extras: Extra[] = [];
  for (const r of list) {
    const status = STATUSES.indexOf(r.state.status);
    if (status < 0) throw new RangeError(`encodeTicketBlock: unknown status ${r.state.status}`);
    const extra = extraOf(r.state, types.get(r.state.typeNo));
    if (extra) extras.push(extra);
    w.u8(status | (r.state.presence === 'inside' ? F_INSIDE : 0) | (r.digest ? F_DIGEST : 0) | (r.sealed ? F_SEALED : 0) | (extra ? F_EXTRA : 0));
  }
  for (const r of list) w.varint(r.state.entryCount);
  for (const r of list) {
    if (!r.digest) continue;
    if (r.digest.length < MANIFEST_DIGEST_LENGTH) throw new RangeError('encodeTicketBlock: digest too short');
    w.bytes(r.digest.subarray(0, MANIFEST_DIGEST_LENGTH));
  }
  for (const r of list) w.u32(r.codeKey);
  for (const r of list) w.u32(r.pinKey);
  for (const r of list) {
    const s = r.sealed;
    if (!s) continue;
    if (s.ciphertext.length !== sealedByteLength(s.packed, s.length)) throw new RangeError('encodeTicketBlock: sealed length mismatch');
    w.varint(s.nameVersion);
    w.varint(s.length * 2 + (s.packed ? 1 : 0));
    w.bytes(s.ciphertext);
  }
  const json = utf8Encode(extras.length > 0 ? JSON.stringify(extras) : '');
  w.varint(json.length);
  w.bytes(json);
  return w.finish();
}

/**
 * Decodes a ticket block into records with full TicketStates (zones and validity from the types).
 * Throws TicketBlockError for anything malformed: a half-read manifest would make offline
 * verdicts silently wrong, so the page is rejected as a whole.
 */
export function decodeTicketBlock(bytes: Uint8Array, context: BlockContext): ManifestRecord[] {
  try {
    return decode(bytes, context);
  } catch (err) {
    if (err instanceof ByteFormatError) throw new TicketBlockError(err.message);
    if (err instanceof SyntaxError) throw new TicketBlockError('extra states are not valid JSON');
    throw err;
  }
}

function decode(bytes: Uint8Array, context: BlockContext): ManifestRecord[] {
  const r = new ByteReader(bytes);
  const version = r.u8();
  if (version !== TICKET_BLOCK_VERSION) throw new TicketBlockError(`unknown version ${version}`);
  const n = r.varint();
  const digestLength = r.varint();
  if (n > bytes.length) throw new TicketBlockError('record count exceeds the block');
  if (digestLength < 4 || digestLength > 32) throw new TicketBlockError('digest length out of range');
  const types = new Map(context.types.map((t) => [t.typeNo, t]));

  const serials = new Array<number>(n);
  let serial = 0;
  for (let i = 0; i < n; i++) {
    const delta = r.varint();
    if (delta === 0 && i > 0) throw new TicketBlockError('serials must increase');
    serial += delta;
    if (serial > 0xffffffff) throw new TicketBlockError('serial out of range');
    serials[i] = serial;
  }
  const typeNos = new Array<number>(n);
  for (let i = 0; i < n; i++) typeNos[i] = r.varint();
  const flags = r.bytes(n);
  const out: ManifestRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    const status = STATUSES[f & 7];
    if (!status) throw new TicketBlockError(`unknown status in record ${i}`);
    const type = types.get(typeNos[i]!);
    const state: TicketState = {
      eventId: context.eventId, serial: serials[i]!, typeNo: typeNos[i]!, status,
      presence: (f & F_INSIDE ? 'inside' : 'outside') as Presence, entryCount: 0, zones: type ? [...type.zones] : [],
    };
    if (type?.validFrom != null) state.validFrom = type.validFrom;
    if (type?.validUntil != null) state.validUntil = type.validUntil;
    out[i] = { state, codeKey: 0, pinKey: 0 };
  }
  for (let i = 0; i < n; i++) out[i]!.state.entryCount = r.varint();
  for (let i = 0; i < n; i++) if (flags[i]! & F_DIGEST) out[i]!.digest = r.bytes(digestLength).slice();
  for (let i = 0; i < n; i++) out[i]!.codeKey = r.u32();
  for (let i = 0; i < n; i++) out[i]!.pinKey = r.u32();
  for (let i = 0; i < n; i++) {
    if (!(flags[i]! & F_SEALED)) continue;
    const nameVersion = r.varint();
    const frame = r.varint();
    const packed = (frame & 1) === 1;
    const length = Math.floor(frame / 2);
    out[i]!.sealed = { nameVersion, packed, length, ciphertext: r.bytes(sealedByteLength(packed, length)).slice() };
  }
  const jsonLength = r.varint();
  const json = utf8Decode(r.bytes(jsonLength));
  if (r.remaining !== 0) throw new TicketBlockError('trailing bytes');
  const extras = json === '' ? [] : (JSON.parse(json) as unknown);
  if (!Array.isArray(extras)) throw new TicketBlockError('extra states must be an array');
  let e = 0;
  for (let i = 0; i < n; i++) {
    if (!(flags[i]! & F_EXTRA)) continue;
    const extra = extras[e++] as Record<string, unknown> | undefined;
    if (typeof extra !== 'object' || extra === null) throw new TicketBlockError(`missing extra state of record ${i}`);
    const state = out[i]!.state as unknown as Record<string, unknown>;
    for (const key of EXTRA_KEYS) if (extra[key] !== undefined) state[key] = extra[key];
  }
  if (e !== extras.length) throw new TicketBlockError('extra states do not match the records');
  return out;
}

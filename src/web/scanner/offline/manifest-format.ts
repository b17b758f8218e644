// The manifest as the scanner reads it (docs/sync-protocol.md §2, sync formats 1 to 4). Everything that
// depends on the wire shape is here; the byte formats themselves (ticket block, sealed names,
// lookup keys) are core's — this file only calls them. Untrusted input: anything malformed is
// rejected as a whole, because a half-read manifest would make offline verdicts silently wrong.
import {
  base64UrlToBytes,
  decodeTicketBlock,
  type SealedNote,
  validatePolicy,
  type Policy,
  type SealedName,
  type SessionRule,
  type TicketState,
} from '../../../core/index.ts';

export interface ManifestGate { id: string; name: string; zone: string }
export interface ManifestType {
  typeNo: number; name: string; zones: string[]; allowStatic: boolean; validFrom: number | null; validUntil: number | null;
  /** Format 4: the type's note for door staff, shown for its tickets that have none of their own. */
  attentionNote?: string;
}
export interface ManifestKey { kid: number; publicKey: Uint8Array; revoked: boolean }
/** A session for check-in at its room's door (format 5): core SessionRule, its name, and its head count then. */
export interface ManifestSession extends SessionRule { name: string; insideNow: number }

/** One ticket as the phone stores it: decide() state plus what authenticates and finds it. */
export interface ManifestTicket {
  state: TicketState;
  /** First 8 bytes of core tokenDigest() of the ticket's current QR. */
  digest?: Uint8Array;
  /** core codeLookupKey / pinLookupKey of the ticket's human code and PIN. */
  codeKey?: number;
  pinKey?: number;
  /** The holder name, sealed under the ticket's own QR (opened when that QR is scanned). */
  sealed?: SealedName;
  /** The name in clear, only on phones a manager allowed offline name search. */
  holderName?: string;
  /** Format 3, with the clear name: the first serial of this ticket's order when that is another ticket. */
  orderLead?: number;
  /** Format 4: the ticket's own note for staff, sealed under its QR like the name. */
  sealedNote?: SealedNote;
}

export interface ManifestPage {
  eventId: string;
  /** Part of a snapshot (else a delta). */
  full: boolean;
  /** First page of a snapshot: drop every ticket held for the event before applying it. */
  reset: boolean;
  cursor: string;
  /** Another page is ready now: ask again at once with `cursor`. */
  more: boolean;
  /** Highest ticket change position delivered (absent from older servers): reported, never sent back. */
  position?: number;
  serverTime: number | null;
  event?: { name: string; startsAt: number | null; endsAt: number | null; timezone?: string };
  policy?: Policy;
  gates?: ManifestGate[];
  types?: ManifestType[];
  keys?: ManifestKey[];
  rotationSecret?: Uint8Array;
  sessions?: ManifestSession[];
  tickets: ManifestTicket[];
  removed: number[];
}

export class ManifestFormatError extends Error {
  constructor(message: string) {
    super(`manifest: ${message}`);
    this.name = 'ManifestFormatError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function bytes(text: unknown, what: string, length?: number): Uint8Array {
  const out = typeof text === 'string' ? base64UrlToBytes(text) : null;
  if (!out || (length !== undefined && out.length !== length)) throw new ManifestFormatError(`${what} is not valid base64url${length ? ` of ${length} bytes` : ''}`);
  return out;
}

function parseKey(v: unknown): ManifestKey {
  if (!isObj(v)) throw new ManifestFormatError('key is not an object');
  const kid = Number(v.kid);
  if (!Number.isInteger(kid) || kid < 0 || kid > 0xffffffff) throw new ManifestFormatError('key.kid must be a u32');
  // `publicKey` as the manifest sends it, or `x` as the JWKS route publishes it.
  const publicKey = bytes(v.publicKey ?? v.x, 'key.publicKey', 32);
  // active and retired keys both verify; revoked ones make a ticket refused as revoked_key.
  return { kid, publicKey, revoked: v.status === 'revoked' || v.revoked === true };
}

function parseType(t: unknown): ManifestType {
  if (!isObj(t) || !Number.isInteger(t.typeNo)) throw new ManifestFormatError('ticket type without typeNo');
  return {
    typeNo: t.typeNo as number, name: String(t.name ?? ''), zones: Array.isArray(t.zones) ? t.zones.map(String) : [],
    allowStatic: t.allowStatic === true, validFrom: time(t.validFrom), validUntil: time(t.validUntil),
    ...(typeof t.attentionNote === 'string' && t.attentionNote !== '' ? { attentionNote: t.attentionNote } : {}),
  };
}

/**
 * Reads one manifest page. `knownTypes` are the types held from earlier pages, for a page that
 * lists tickets without types (the protocol sends them on every page; this is belt and braces).
 */
export function parseManifest(json: unknown, expectedEventId: string, knownTypes: readonly ManifestType[] = []): ManifestPage {
  if (!isObj(json)) throw new ManifestFormatError('not an object');
  // Format 2 carries the zone tree (policy.event.zoneParents); 1 carried a chain, which
  // validatePolicy reads as the same path; 3 adds order groups to the clear names; 4 attention
  // notes; 5 the sessions.
  if (json.format !== undefined && ![1, 2, 3, 4, 5].includes(json.format as number)) throw new ManifestFormatError(`unknown format ${String(json.format)}`);
  const eventId = String(json.eventId ?? expectedEventId);
  if (eventId !== expectedEventId) throw new ManifestFormatError('belongs to another event');
  if (typeof json.cursor !== 'string' || json.cursor === '') throw new ManifestFormatError('cursor missing');

  let policy: Policy | undefined;
  if (json.policy !== undefined) {
    const checked = validatePolicy(json.policy);
    if (!checked.ok) throw new ManifestFormatError(`policy invalid: ${checked.errors.join('; ')}`);
    policy = checked.value;
  }
  const gates = Array.isArray(json.gates)
    ? json.gates.map((g): ManifestGate => {
      if (!isObj(g) || typeof g.id !== 'string') throw new ManifestFormatError('gate without id');
      return { id: g.id, name: String(g.name ?? ''), zone: String(g.zone ?? '') };
    })
    : undefined;
  const types = Array.isArray(json.types) ? json.types.map(parseType) : undefined;

  let tickets: ManifestTicket[] = [];
  if (typeof json.tickets === 'string' && json.tickets !== '') {
    const context = { eventId, types: types ?? knownTypes };
    try {
      tickets = decodeTicketBlock(bytes(json.tickets, 'tickets'), context);
    } catch (err) {
      throw new ManifestFormatError(err instanceof Error ? err.message : String(err));
    }
  }
  if (Array.isArray(json.names)) {
    const bySerial = new Map(tickets.map((t) => [t.state.serial, t]));
    for (const entry of json.names) {
      if (!Array.isArray(entry) || typeof entry[1] !== 'string') continue;
      const ticket = bySerial.get(Number(entry[0]));
      if (!ticket) continue;
      ticket.holderName = entry[1];
      if (Number.isInteger(entry[2]) && entry[2] !== ticket.state.serial) ticket.orderLead = entry[2] as number;
    }
  }

  if (Array.isArray(json.notes)) {
    const bySerial = new Map(tickets.map((t) => [t.state.serial, t]));
    for (const entry of json.notes) {
      if (!Array.isArray(entry) || !Number.isInteger(entry[1])) throw new ManifestFormatError('note entry malformed');
      const ticket = bySerial.get(Number(entry[0]));
      if (ticket) ticket.sealedNote = { nameVersion: entry[1] as number, ciphertext: bytes(entry[2], 'note') };
    }
  }

  const page: ManifestPage = {
    eventId,
    full: json.full === true,
    reset: json.reset === true,
    cursor: json.cursor,
    more: json.more === true,
    serverTime: time(json.serverTime),
    ...(Number.isSafeInteger(json.position) && (json.position as number) >= 0 ? { position: json.position as number } : {}),
    tickets,
    removed: Array.isArray(json.removed) ? json.removed.map(Number).filter(Number.isInteger) : [],
  };
  if (isObj(json.event)) {
    page.event = { name: String(json.event.name ?? ''), startsAt: time(json.event.startsAt), endsAt: time(json.event.endsAt) };
    if (typeof json.event.timezone === 'string' && json.event.timezone !== '') page.event.timezone = json.event.timezone;
  }
  if (policy) page.policy = policy;
  if (gates) page.gates = gates;
  if (types) page.types = types;
  if (Array.isArray(json.keys)) page.keys = json.keys.map(parseKey);
  if (Array.isArray(json.sessions)) page.sessions = json.sessions.map(parseSession);
  if (isObj(json.rotation) && json.rotation.secret !== undefined) page.rotationSecret = bytes(json.rotation.secret, 'rotation.secret', 32);
  return page;
}

function parseSession(s: unknown): ManifestSession {
  if (!isObj(s) || typeof s.id !== 'string') throw new ManifestFormatError('session without id');
  const startsAt = time(s.startsAt);
  const endsAt = time(s.endsAt);
  if (startsAt === null || endsAt === null) throw new ManifestFormatError('session without times');
  const admits = Array.isArray(s.admitsTypeNos) ? s.admitsTypeNos.map(Number).filter(Number.isInteger) : null;
  return {
    id: s.id, name: String(s.name ?? ''), zone: typeof s.zone === 'string' ? s.zone : null, startsAt, endsAt,
    capacity: Number.isInteger(s.capacity) ? s.capacity as number : null, admitsTypeNos: admits,
    insideNow: Number.isInteger(s.insideNow) ? s.insideNow as number : 0,
  };
}

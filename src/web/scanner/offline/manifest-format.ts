// The manifest as the scanner reads it (issue 6: GET /api/v1/events/{id}/manifest?since=CURSOR).
// Everything that depends on the wire shape is here: the rest of the scanner works on the
// normalised ManifestPage. Untrusted input: anything malformed is rejected as a whole (a half-read
// manifest would make offline verdicts silently wrong).
import { validatePolicy, type Policy, type TicketState, type TicketStatus } from '../../../core/index.ts';

export interface ManifestGate { id: string; name: string; zone: string }
export interface ManifestType { typeNo: number; name: string; zones: string[]; allowStatic: boolean }
export interface ManifestKey { kid: number; publicKey: Uint8Array; revoked: boolean }

/** One ticket as the device stores it: decide() state plus what authenticates and finds it. */
export interface ManifestTicket {
  state: TicketState;
  /** tokenDigest of the issued token (16 bytes): authenticates a scanned QR without a signature check. */
  digest?: Uint8Array;
  /** Lookup key of the human code / PIN as the manifest carries it (see codeLookupKey). */
  codeKey?: string;
  pinKey?: string;
  /** Personal data sealed under a key only the ticket's own QR yields (opaque here). */
  sealed?: string;
  /** Holder name in clear, only on devices a manager allowed offline name search for. */
  holderName?: string;
}

export interface ManifestPage {
  eventId: string;
  /** Full snapshot (replace everything) or a delta (update what is listed). */
  full: boolean;
  /** Cursor to ask the next delta with. */
  cursor: string;
  /** More pages follow for this snapshot/delta (resumable download): ask again with `cursor`. */
  more: boolean;
  serverTime: number | null;
  event?: { name: string; startsAt: number | null; endsAt: number | null };
  policy?: Policy;
  gates?: ManifestGate[];
  types?: ManifestType[];
  keys?: ManifestKey[];
  rotationSecret?: Uint8Array;
  tickets: ManifestTicket[];
  /** Serials that left the event (deleted / voided for good) in a delta. */
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
const STATUSES: readonly TicketStatus[] = ['valid', 'cancelled', 'refunded', 'transferred', 'void'];

export function base64UrlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function time(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function parseKey(v: unknown): ManifestKey {
  if (!isObj(v)) throw new ManifestFormatError('key is not an object');
  const kid = Number(v.kid);
  if (!Number.isInteger(kid) || kid < 0 || kid > 0xffffffff) throw new ManifestFormatError('key.kid must be a u32');
  // Raw base64url (`publicKey`) or an OKP JWK (`x`), as /keys publishes.
  const raw = typeof v.publicKey === 'string' ? v.publicKey : typeof v.x === 'string' ? v.x : null;
  if (raw === null) throw new ManifestFormatError('key has no public key');
  const publicKey = base64UrlToBytes(raw);
  if (publicKey.length !== 32) throw new ManifestFormatError('key must be 32 bytes');
  return { kid, publicKey, revoked: v.revoked === true || v.status === 'revoked' };
}

function parseTicket(v: unknown, eventId: string, types: Map<number, ManifestType> | undefined): ManifestTicket {
  if (!isObj(v)) throw new ManifestFormatError('ticket is not an object');
  const serial = Number(v.serial);
  const typeNo = Number(v.typeNo);
  if (!Number.isInteger(serial) || !Number.isInteger(typeNo)) throw new ManifestFormatError('ticket serial/typeNo must be integers');
  const status = (v.status ?? 'valid') as TicketStatus;
  if (!STATUSES.includes(status)) throw new ManifestFormatError(`ticket ${serial} has unknown status`);
  const zones = Array.isArray(v.zones) ? v.zones.map(String) : types?.get(typeNo)?.zones ?? [];
  const state: TicketState = {
    eventId, serial, typeNo, status,
    presence: v.presence === 'inside' ? 'inside' : 'outside',
    entryCount: Number(v.entryCount ?? 0) || 0,
    zones: [...zones],
  };
  for (const key of ['lastEntryAt', 'lastExitAt', 'validFrom', 'validUntil'] as const) {
    const t = time(v[key]);
    if (t !== undefined) state[key] = t;
  }
  if (Array.isArray(v.entryDays)) state.entryDays = v.entryDays.map(String);
  if (isObj(v.lastScan)) {
    const ls = v.lastScan;
    const at = time(ls.at);
    if (at !== undefined && typeof ls.gateId === 'string' && (ls.direction === 'in' || ls.direction === 'out')) {
      state.lastScan = { at, gateId: ls.gateId, direction: ls.direction, verdict: ls.verdict as never, reason: ls.reason as never };
    }
  }
  const ticket: ManifestTicket = { state };
  if (typeof v.digest === 'string') ticket.digest = base64UrlToBytes(v.digest);
  if (typeof v.codeKey === 'string') ticket.codeKey = v.codeKey;
  if (typeof v.pinKey === 'string') ticket.pinKey = v.pinKey;
  if (typeof v.sealed === 'string') ticket.sealed = v.sealed;
  if (typeof v.holderName === 'string') ticket.holderName = v.holderName;
  return ticket;
}

/** Reads one manifest response. Throws ManifestFormatError when it cannot be trusted as a whole. */
export function parseManifest(json: unknown, expectedEventId: string): ManifestPage {
  if (!isObj(json)) throw new ManifestFormatError('not an object');
  const eventId = String(json.eventId ?? expectedEventId);
  if (eventId !== expectedEventId) throw new ManifestFormatError('belongs to another event');
  const cursor = json.cursor ?? json.nextCursor;
  if (typeof cursor !== 'string' || cursor === '') throw new ManifestFormatError('cursor missing');

  let policy: Policy | undefined;
  if (json.policy !== undefined) {
    const checked = validatePolicy(json.policy);
    if (!checked.ok) throw new ManifestFormatError(`policy invalid: ${checked.errors.join('; ')}`);
    policy = checked.value;
  }
  const gates = Array.isArray(json.gates)
    ? json.gates.map((g) => {
      if (!isObj(g) || typeof g.id !== 'string') throw new ManifestFormatError('gate without id');
      return { id: g.id, name: String(g.name ?? ''), zone: String(g.zone ?? g.zoneCode ?? '') };
    })
    : undefined;
  const types = Array.isArray(json.types ?? json.ticketTypes)
    ? ((json.types ?? json.ticketTypes) as unknown[]).map((t) => {
      if (!isObj(t)) throw new ManifestFormatError('type is not an object');
      return { typeNo: Number(t.typeNo), name: String(t.name ?? ''), zones: Array.isArray(t.zones) ? t.zones.map(String) : [], allowStatic: t.allowStatic === true };
    })
    : undefined;
  const typeMap = types ? new Map(types.map((t) => [t.typeNo, t])) : undefined;
  const keysSource = Array.isArray(json.keys) ? json.keys : isObj(json.keys) && Array.isArray(json.keys.keys) ? json.keys.keys : undefined;
  const event = isObj(json.event)
    ? { name: String(json.event.name ?? ''), startsAt: time(json.event.startsAt) ?? null, endsAt: time(json.event.endsAt) ?? null }
    : undefined;
  const rotation = isObj(json.rotation) && typeof json.rotation.secret === 'string' ? base64UrlToBytes(json.rotation.secret) : undefined;

  const page: ManifestPage = {
    eventId,
    full: json.full === true || json.since === null || json.kind === 'snapshot',
    cursor,
    more: json.more === true || json.hasMore === true,
    serverTime: time(json.serverTime) ?? null,
    tickets: Array.isArray(json.tickets) ? json.tickets.map((t) => parseTicket(t, eventId, typeMap)) : [],
    removed: Array.isArray(json.removed) ? json.removed.map(Number).filter(Number.isInteger) : [],
  };
  if (event) page.event = event;
  if (policy) page.policy = policy;
  if (gates) page.gates = gates;
  if (types) page.types = types;
  if (keysSource) page.keys = keysSource.map(parseKey);
  if (rotation) page.rotationSecret = rotation;
  return page;
}

/**
 * How a typed human code / PIN is looked up in the manifest (`codeKey` / `pinKey` of a ticket).
 * Today the canonical text itself ('XXXX-XXXX', six digits); if the manifest switches to hashed
 * lookup keys, only these two functions change.
 */
export function codeLookupKey(code: string): string {
  return code;
}

export function pinLookupKey(pin: string): string {
  return pin;
}

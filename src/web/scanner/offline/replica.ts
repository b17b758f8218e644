// The door phone's local copy of one event: what offline verdicts are decided on. Held in memory
// (a Map lookup per scan; 100,000 tickets are a few MB) and persisted to IndexedDB in chunks of
// CHUNK_SIZE tickets, so saving after a scan rewrites one small record, not the guest list.
//
// Server state wins, local scans are kept: when a manifest delta brings a ticket's server state
// while scans of it made here are still waiting to upload, those scans are replayed on top with
// decide() — otherwise a delta arriving before the upload would "forget" an admission and the
// phone could admit the same ticket twice.
import { decide, type Direction, type Policy, type SessionPresence, type TicketState } from '../../../core/index.ts';
import type { ManifestGate, ManifestKey, ManifestPage, ManifestSession, ManifestTicket, ManifestType } from './manifest-format.ts';

export const CHUNK_SIZE = 1024;
export const chunkOf = (serial: number): number => Math.floor(serial / CHUNK_SIZE);

/** A scan decided here and not yet accepted by the server (what replay needs). */
export interface PendingScan { serial: number; gateId: string; direction: Direction; at: number }

export interface ReplicaMeta {
  eventId: string;
  name: string;
  startsAt: number | null;
  endsAt: number | null;
  /** The venue's IANA time zone (times shown at the door are venue times). */
  timezone?: string;
  policy: Policy | null;
  gates: ManifestGate[];
  types: ManifestType[];
  keys: ManifestKey[];
  rotationSecret?: Uint8Array;
  cursor: string | null;
  /** Highest change position the manifest delivered (what the phone reports; the cursor stays opaque). */
  position?: number;
  /** Device clock reading when the last manifest page arrived. */
  syncedAt: number | null;
  /** serverTime − deviceTime measured at the last sync (ms); corrects offline verdict times. */
  clockOffsetMs: number;
  /** The event's sessions (sync format 5), with their head counts at the last sync. */
  sessions?: ManifestSession[];
  /** This phone's session scans since: per session, where each ticket stands and the head-count change. */
  sessionLocal?: Record<string, { change: number; standings: Record<number, SessionPresence> }>;
}

/** A lookup key two tickets share (≈ one pair per 100,000): no offline match, ask for the QR. */
const AMBIGUOUS = -1;

export class EventReplica {
  readonly tickets = new Map<number, ManifestTicket>();
  private readonly byCode = new Map<number, number>();
  private readonly byPin = new Map<number, number>();
  /** Chunks changed since the last save. */
  readonly dirtyChunks = new Set<number>();
  private insideCount = 0;
  private validCount = 0;

  constructor(public meta: ReplicaMeta) {}

  static empty(eventId: string): EventReplica {
    return new EventReplica({
      eventId, name: '', startsAt: null, endsAt: null, policy: null, gates: [], types: [], keys: [],
      cursor: null, syncedAt: null, clockOffsetMs: 0,
    });
  }

  get ready(): boolean {
    return this.meta.policy !== null && this.meta.cursor !== null;
  }

  get counts(): { inside: number; expected: number } {
    return { inside: this.insideCount, expected: this.validCount };
  }

  gate(id: string): ManifestGate | undefined {
    return this.meta.gates.find((g) => g.id === id);
  }

  type(typeNo: number): ManifestType | undefined {
    return this.meta.types.find((t) => t.typeNo === typeNo);
  }

  serialByCode(key: number): number | undefined { return found(this.byCode.get(key)); }
  serialByPin(key: number): number | undefined { return found(this.byPin.get(key)); }

  /** Adds or replaces one ticket, keeping indexes and counts right. */
  put(ticket: ManifestTicket, markDirty = true): void {
    const serial = ticket.state.serial;
    const old = this.tickets.get(serial);
    if (old) this.unindex(old);
    this.tickets.set(serial, ticket);
    this.count(ticket.state, +1);
    index(this.byCode, ticket.codeKey, serial);
    index(this.byPin, ticket.pinKey, serial);
    if (markDirty) this.dirtyChunks.add(chunkOf(serial));
  }

  remove(serial: number): void {
    const old = this.tickets.get(serial);
    if (!old) return;
    this.unindex(old);
    this.tickets.delete(serial);
    this.dirtyChunks.add(chunkOf(serial));
  }

  private unindex(old: ManifestTicket): void {
    this.count(old.state, -1);
    // An ambiguous key stays ambiguous: the other ticket still has it.
    if (old.codeKey !== undefined && this.byCode.get(old.codeKey) === old.state.serial) this.byCode.delete(old.codeKey);
    if (old.pinKey !== undefined && this.byPin.get(old.pinKey) === old.state.serial) this.byPin.delete(old.pinKey);
  }

  /** Stores the state decide() returned for a ticket (a ticket first seen by its token is added). */
  setState(next: TicketState): void {
    const existing = this.tickets.get(next.serial);
    this.put(existing ? { ...existing, state: next } : { state: next });
  }

  private count(state: TicketState, sign: 1 | -1): void {
    if (state.status !== 'valid') return;
    this.validCount += sign;
    if (state.presence === 'inside') this.insideCount += sign;
  }

  /**
   * Applies one manifest page. `pending` are this phone's scans not yet accepted by the server,
   * oldest first; they are replayed over the server state of their tickets.
   */
  /** `deviceId`: this phone, whose pending scans are replayed (its own repeats stay duplicates). */
  applyPage(page: ManifestPage, pending: readonly PendingScan[], deviceNow: number, deviceId?: string): void {
    const m = this.meta;
    if (page.reset) {
      // A snapshot's first page: drop what an earlier snapshot left behind.
      for (const serial of [...this.tickets.keys()]) this.remove(serial);
      this.byCode.clear();
      this.byPin.clear();
    }
    if (page.event) {
      m.name = page.event.name; m.startsAt = page.event.startsAt; m.endsAt = page.event.endsAt;
      if (page.event.timezone) m.timezone = page.event.timezone;
    }
    if (page.policy) m.policy = page.policy;
    if (page.gates) m.gates = page.gates;
    if (page.types) m.types = page.types;
    if (page.keys) m.keys = page.keys;
    if (page.rotationSecret) m.rotationSecret = page.rotationSecret;
    if (page.sessions) {
      // Fresh head counts from the server, which has this phone's uploaded scans by now (sync
      // uploads before it downloads): this phone's own count change starts again from zero.
      m.sessions = page.sessions;
      for (const local of Object.values(m.sessionLocal ?? {})) local.change = 0;
    }
    for (const serial of page.removed) this.remove(serial);

    const pendingBySerial = new Map<number, PendingScan[]>();
    for (const scan of pending) {
      const list = pendingBySerial.get(scan.serial);
      if (list) list.push(scan); else pendingBySerial.set(scan.serial, [scan]);
    }
    for (const ticket of page.tickets) {
      const local = pendingBySerial.get(ticket.state.serial);
      if (local && m.policy) {
        let state = ticket.state;
        for (const scan of local) {
          const gate = this.gate(scan.gateId);
          if (!gate) continue;
          state = decide(state, { eventId: m.eventId, gateId: gate.id, gateZone: gate.zone, direction: scan.direction, deviceId: deviceId ?? null }, m.policy, scan.at).next;
        }
        this.put({ ...ticket, state });
      } else {
        this.put(ticket);
      }
    }
    m.cursor = page.cursor;
    if (page.position !== undefined) m.position = page.position;
    m.syncedAt = deviceNow;
    if (page.serverTime !== null) m.clockOffsetMs = page.serverTime - deviceNow;
  }

  /** The tickets of one chunk, for saving. */
  chunk(chunkNo: number): ManifestTicket[] {
    const out: ManifestTicket[] = [];
    const first = chunkNo * CHUNK_SIZE;
    for (let serial = first; serial < first + CHUNK_SIZE; serial++) {
      const t = this.tickets.get(serial);
      if (t) out.push(t);
    }
    return out;
  }

  /**
   * Offline name search over holder names a manager allowed on this device. Matches every word
   * typed, in any order, ignoring case and accents ("adaeze oka" finds "Adaeze Okafor").
   */
  searchNames(query: string, limit = 20): ManifestTicket[] {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits: ManifestTicket[] = [];
    for (const t of this.tickets.values()) {
      if (!t.holderName) continue;
      const name = fold(t.holderName);
      if (words.every((w) => name.includes(w))) {
        hits.push(t);
        if (hits.length >= limit) break;
      }
    }
    return hits;
  }

  /**
   * The other tickets of the matched tickets' orders (sync format 3), as the online search lists
   * them: a buyer found by name brings the guests she bought for. At most `limit`.
   */
  orderMates(matched: readonly ManifestTicket[], limit = 50): ManifestTicket[] {
    const orders = new Set(matched.map(orderKeyOf));
    const seen = new Set(matched.map((t) => t.state.serial));
    const mates: ManifestTicket[] = [];
    for (const t of this.tickets.values()) {
      if (seen.has(t.state.serial) || !t.holderName || !orders.has(orderKeyOf(t))) continue;
      mates.push(t);
      if (mates.length >= limit) break;
    }
    return mates.sort((a, b) => a.state.serial - b.state.serial);
  }
}

/** A ticket's order as the manifest groups it: its order's first serial (its own when first or alone). */
export function orderKeyOf(t: ManifestTicket): number {
  return t.orderLead ?? t.state.serial;
}

function index(map: Map<number, number>, key: number | undefined, serial: number): void {
  if (key === undefined) return;
  const held = map.get(key);
  map.set(key, held === undefined || held === serial ? serial : AMBIGUOUS);
}

function found(serial: number | undefined): number | undefined {
  return serial === AMBIGUOUS ? undefined : serial;
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

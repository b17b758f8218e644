// A verdict with no network: the QR goes through core's token checks in the server's order
// (checkTicketToken: held digest of the issued token in constant time, or the Ed25519 signature
// for tickets issued after the last sync), then core decide() runs on the replica's state — the
// same functions the server runs, so online and offline agree. A ticket picked by name (its serial)
// has no token to check: it is decided offline only on a phone that holds the clear names.
import {
  checkHumanCodeInput,
  checkTicketTokenAsync,
  codeLookupKey,
  decide,
  deriveRotationKey,
  isPinFormat,
  openSealedName,
  openSealedNote,
  pinLookupKey,
  ticketStateFromToken,
  type AsyncVerifyFn,
  type ReasonCode,
  type RotationCheck,
  type TicketState,
  type Verdict,
} from '../../../core/index.ts';
import type { OfflineInput } from '../../shared/scan-input.ts';
import type { EventReplica } from './replica.ts';

export interface LocalVerdict {
  verdict: Verdict;
  reason: ReasonCode;
  serial?: number;
  typeName?: string;
  holderName?: string;
  /** The note for door staff: the ticket's own (opened with its QR), else its type's. */
  attentionNote?: string;
  /** The ticket has a note of its own that only its QR opens (found by code or PIN): say so. */
  attentionSealed?: true;
  /** The ticket's last admission or exit, shown with already_inside / duplicate refusals. */
  previous?: { at: number; gateName: string };
  /** The ticket's state before this scan when the scan changed it (undo restores it)… */
  before?: TicketState;
  /** …and after it. Not yet stored: the caller commits it with commitLocal (or not, when the
   * server answered differently online). */
  next?: TicketState;
}

export interface OfflineDeps {
  verify: AsyncVerifyFn;
}

export interface OfflineScan {
  input: OfflineInput;
  gateId: string;
  direction: 'in' | 'out';
  at: number;
  /** This phone's device id: the duplicate window is its own repeats only. */
  deviceId?: string | null;
}

/** What a presented ticket is on the replica: a refusal from the token checks, or its state (undefined = unknown). */
export type Presented = { refusal: LocalVerdict; state?: undefined } | { refusal?: undefined; state: TicketState | undefined; sealedName?: string; ownNote?: string };

/**
 * The checks every presented ticket goes through before an engine judges it, at a gate or at a
 * session door (the server's presentedTicket): the QR's token checks, a typed code or PIN looked
 * up. Null when this phone cannot tell (a serial picked by name without the names held).
 */
export async function presentOffline(replica: EventReplica, scan: Pick<OfflineScan, 'input' | 'at'>, deps: OfflineDeps): Promise<Presented | null> {
  const { eventId } = replica.meta;
  if ('qr' in scan.input) {
    const secret = replica.meta.rotationSecret;
    const rotation: RotationCheck | undefined = secret
      ? { keyFor: (p) => deriveRotationKey(secret, p.serial), allowStatic: (p) => replica.type(p.typeNo)?.allowStatic ?? false }
      : undefined;
    // Core's one order of checks (the server's too): key of this event → not revoked → ticket
    // known → authentic → rotating code. The manifest holds this event's keys, revoked ones too.
    const checked = await checkTicketTokenAsync(scan.input.qr, {
      eventId,
      key: (kid) => {
        const own = replica.meta.keys.find((k) => k.kid === kid);
        return own ? { eventId, revoked: own.revoked, publicKey: own.publicKey } : undefined;
      },
      heldDigest: (p) => replica.tickets.get(p.serial)?.digest,
      // A ticket issued after the last sync is not in the manifest: its signature may vouch for it.
      signatureFallback: true,
      verify: deps.verify,
      ...(rotation ? { rotation, at: scan.at } : {}),
    });
    if (!checked.ok) return { refusal: describe(replica, { verdict: 'refused', reason: checked.reason }, checked.payload?.serial) };
    const payload = checked.token.payload;
    const held = replica.tickets.get(payload.serial);
    // The name opens only with the QR whose digest the manifest holds (sync-protocol §2.4).
    const sealedName = held?.sealed && checked.held ? openSealedName(held.sealed, scan.input.qr, eventId, payload.serial) ?? undefined : undefined;
    const ownNote = held?.sealedNote && checked.held ? openSealedNote(held.sealedNote, scan.input.qr, eventId, payload.serial) ?? undefined : undefined;
    const state = held?.state
      // Signature valid but not in the manifest: issued after the last sync. Its type's zones apply.
      ?? ticketStateFromToken(payload, { eventId, zones: replica.type(payload.typeNo)?.zones ?? [] });
    return { state, ...(sealedName ? { sealedName } : {}), ...(ownNote ? { ownNote } : {}) };
  }
  if ('serial' in scan.input) {
    // Only a phone allowed offline names finds a ticket by name offline, and only its uploads by
    // serial are accepted (sync-protocol §3.1): without the name, this phone cannot decide it.
    const held = replica.tickets.get(scan.input.serial);
    return held?.holderName ? { state: held.state } : null;
  }
  if ('code' in scan.input) {
    const typed = checkHumanCodeInput(scan.input.code);
    if (typed.status !== 'valid') return { refusal: { verdict: 'refused', reason: 'malformed' } };
    const serial = replica.serialByCode(codeLookupKey(eventId, typed.code!));
    return { state: serial === undefined ? undefined : replica.tickets.get(serial)?.state };
  }
  if (!isPinFormat(scan.input.pin)) return { refusal: { verdict: 'refused', reason: 'malformed' } };
  const serial = replica.serialByPin(pinLookupKey(eventId, scan.input.pin));
  return { state: serial === undefined ? undefined : replica.tickets.get(serial)?.state };
}

/**
 * Decides one scan on the replica, without changing it (see commitLocal). Returns null when the
 * replica cannot decide (not downloaded yet, or the gate is not part of it).
 */
export async function decideOffline(replica: EventReplica, scan: OfflineScan, deps: OfflineDeps): Promise<LocalVerdict | null> {
  const { policy, eventId } = replica.meta;
  const gate = replica.gate(scan.gateId);
  if (!policy || !gate) return null;
  // Before any token check: at a cancelled event nothing is let in, whatever is presented.
  if (policy.event.cancelled === true) return { verdict: 'refused', reason: 'event_cancelled' };
  const presented = await presentOffline(replica, scan, deps);
  if (!presented) return null;
  if (presented.refusal) return presented.refusal;
  const { state, sealedName, ownNote } = presented;

  const decision = decide(state, { eventId, gateId: gate.id, gateZone: gate.zone, direction: scan.direction, deviceId: scan.deviceId }, policy, scan.at);
  const result: LocalVerdict = { verdict: decision.verdict, reason: decision.reason };
  if (state && decision.next !== state) {
    result.before = state;
    result.next = decision.next!;
  }
  if (state?.lastScan && decision.next === state && state.lastScan.verdict !== 'refused') {
    result.previous = { at: state.lastScan.at, gateName: replica.gate(state.lastScan.gateId)?.name ?? '' };
  }
  if (sealedName) result.holderName = sealedName;
  if (state) noteFor(replica, result, state, ownNote);
  return describe(replica, result, state?.serial, state?.typeNo);
}

/** Stores the state a local verdict moved its ticket to. */
export function commitLocal(replica: EventReplica, verdict: LocalVerdict): void {
  if (verdict.next) replica.setState(verdict.next);
}

/** The ticket's own note wins over its type's; one its QR has not opened is only announced. */
function noteFor(replica: EventReplica, result: LocalVerdict, state: TicketState, ownNote: string | undefined): void {
  if (ownNote) {
    result.attentionNote = ownNote;
    return;
  }
  if (replica.tickets.get(state.serial)?.sealedNote) {
    result.attentionSealed = true;
    return;
  }
  const typeNote = replica.type(state.typeNo)?.attentionNote;
  if (typeNote) result.attentionNote = typeNote;
}

export function describe(replica: EventReplica, result: LocalVerdict, serial: number | undefined, typeNo?: number): LocalVerdict {
  if (serial === undefined) return result;
  result.serial = serial;
  const ticket = replica.tickets.get(serial);
  const no = typeNo ?? ticket?.state.typeNo;
  const typeName = no === undefined ? undefined : replica.type(no)?.name;
  if (typeName) result.typeName = typeName;
  if (ticket?.holderName && !result.holderName) result.holderName = ticket.holderName;
  return result;
}

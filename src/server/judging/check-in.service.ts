import {
  checkTicketToken, decide, deriveRotationKey, type Decision, type KnownKey, type ReasonCode, type TicketState, type Verdict,
} from '../../core/index.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ScanRecord, TargetRow } from './judging.types.ts';
import { INPUT_KIND, parsedQr, targetOf, type ScanInput } from './scan-input.ts';

/**
 * Judging one online scan on its LOCKED ticket row: the input is resolved to a ticket, a QR goes
 * through core's token checks (checkQr, shared with offline uploads), then core decide() gives
 * the verdict and the ticket's next state. Nothing here reads or writes the database: the online
 * batch (scan-batch.ts) locks the tickets, calls judgeLocked() for each scan in arrival order and
 * records every scan row with the states they changed in one statement; offline uploads
 * (sync/upload-judge.service.ts) reuse checkQr and ticketStateOf (and targetOf, scan-input.ts).
 *
 * judgeLocked throws DomainError only for requests that are not scans at all (a gate of another
 * venue); every ticket outcome is a ScanAnswer. A scan id answered before is replayed unchanged.
 */

export interface CheckInRequest {
  scanId: string;
  eventId: string;
  gateId: string;
  direction: 'in' | 'out';
  input: ScanInput;
  deviceId: string | null;
  staffId: string | null;
  /** Epoch ms the scan is judged at: server time online, corrected device time for offline replays. */
  at: number;
  /** Device clock reading (epoch ms), stored as reported. */
  deviceTime?: number | null;
  /**
   * The answer goes to door staff, who are shown the ticket's attention note. Not for a kiosk or
   * an SMS reply: those answers reach the attendee, who must never read a note about them.
   */
  forStaff?: boolean;
}

export interface ScanAnswer {
  verdict: Verdict;
  reason: ReasonCode;
  ticket?: { serial: number; holderName: string; type: string; zones: string[] };
  /** The ticket's last admission/exit, for refusals and duplicates: when and at which gate. */
  previous?: { at: string; gate: string };
  /** To door staff, for a verdict that names a ticket: its note (own, else its type's); absent: none. */
  attentionNote?: string | null;
  /** Session scans: the room's head count after the scan. */
  session?: { id: string; name: string; inside: number; capacity: number | null };
}

export interface CheckInResult {
  answer: ScanAnswer;
  /** True when the scan id was seen before and the stored answer was returned unchanged. */
  replayed: boolean;
  ticketId: string | null;
}


/** How judging reaches what it may need beyond the locked row. */
export interface CheckInIo {
  /** The event's rotation secret (only asked for QR codes with a rotating part). */
  rotationSecret(): Promise<Uint8Array>;
}

/** A judged scan that is new: its answer, and the row to record (with the ticket's next state). */
export interface JudgedScan {
  answer: ScanAnswer;
  record: ScanRecord;
  ticketId: string | null;
}

/**
 * Judges one scan on its locked ticket row without writing: an earlier answer for the scan id
 * (replayed), or the new answer and the row to record. Throws DomainError for requests that are
 * not scans (a gate of another venue, a scan id of another event). Online batches (scan-batch.ts)
 * judge several scans this way and record them together.
 */
export async function judgeLocked(
  io: CheckInIo, scanCtx: ScanContext, req: CheckInRequest, row: TargetRow,
): Promise<CheckInResult | JudgedScan> {
  if (row.prior_event !== null) return replay(row.prior_event, row.prior_response, req);
  if (row.gate_zone === null) throw new DomainError('unprocessable', 'gateId is not a gate of this event’s venue.');

  const judged = await judge(io, scanCtx, req, row);
  const { decision, ticketId, state } = judged;
  const answer: ScanAnswer = { verdict: decision.verdict, reason: decision.reason };
  if (judged.showTicket && row.serial !== null) {
    answer.ticket = { serial: row.serial, holderName: row.holder_name!, type: row.type_name!, zones: [...(row.zone_codes ?? [])] };
  }
  const last = state?.lastScan;
  if (last && judged.showTicket && (decision.verdict === 'refused' || decision.reason === 'duplicate_scan')) {
    answer.previous = { at: new Date(last.at).toISOString(), gate: scanCtx.gates.get(last.gateId)?.name ?? 'another gate' };
  }
  // Only with an authenticated ticket: a forged QR naming a real serial must not read its note.
  // Absent when there is none, so the answers (stored with every scan) stay as small as before.
  const attentionNote = req.forStaff === true && answer.ticket ? row.attention_note ?? null : null;
  if (attentionNote !== null) answer.attentionNote = attentionNote;

  const changed = state !== null && decision.next !== state && decision.next !== null;
  const record: ScanRecord = {
    id: req.scanId, eventId: req.eventId, ticketId, deviceId: req.deviceId, staffId: req.staffId, gateId: req.gateId,
    direction: req.direction, inputKind: INPUT_KIND[req.input.kind],
    verdict: decision.verdict, reason: decision.reason,
    deviceTime: req.deviceTime != null ? new Date(req.deviceTime) : null, effectiveTime: new Date(req.at),
    response: answer, attentionNote,
    nextState: changed ? { state: decision.next, presence: decision.next!.presence, entryCount: decision.next!.entryCount } : null,
  };
  return { answer, record, ticketId };
}

/** What the server knows about a presented QR's key and ticket (see checkQr). */
export interface QrFacts {
  /** The event of the QR's key id as this organizer sees it (RLS); null when it has no such key. */
  ownKeyEvent: string | null;
  /** That key's status (active / retired / revoked). */
  keyStatus: string | null;
  /** Held digest of the ticket the QR names; null when there is no such ticket. */
  tokenHash: Uint8Array | null;
  allowStatic: boolean;
  /** The event's rotation secret, when the QR carries a rotating part. */
  rotationSecret: Uint8Array | undefined;
  /** When the QR was shown (rotating codes are judged at that moment). */
  at: number;
}

/**
 * The token checks every presented QR goes through before the engine: core checkTicketToken, in
 * the one order the phone uses too — shared by online scans and offline uploads so their answers
 * cannot drift. The server holds every ticket it issued, so it authenticates by the held digest
 * (constant time), never by signature. Null when the QR is authentic; otherwise the reason, and
 * whether the ticket may be shown (a stale rotating code of an authentic ticket names it).
 */
export function checkQr(qr: string, eventId: string, f: QrFacts): { reason: ReasonCode; withTicket: boolean } | null {
  const checked = checkTicketToken(qr.trim(), {
    eventId,
    key: keyOf(f),
    heldDigest: heldDigestOf(f.tokenHash),
    signatureFallback: false,
    rotation: { keyFor: rotationKeysOf(f.rotationSecret), allowStatic: f.allowStatic },
    at: f.at,
  });
  return checked.ok ? null : { reason: checked.reason, withTicket: checked.payload !== undefined };
}

// Closures made per scan come from these helpers rather than inline `name: () => …`: under tsx
// (esbuild keepNames) every closure that gets an inferred name costs a defineProperty per scan.
function keyOf(f: QrFacts): (kid: number) => KnownKey | undefined {
  const known: KnownKey | undefined = f.ownKeyEvent === null ? undefined : { eventId: f.ownKeyEvent, revoked: f.keyStatus === 'revoked' };
  return () => known;
}

function heldDigestOf(held: Uint8Array | null): () => Uint8Array | undefined {
  return () => (held ? new Uint8Array(held) : undefined);
}

function rotationKeysOf(secret: Uint8Array | undefined): (p: { serial: number }) => Uint8Array | undefined {
  return (p) => (secret ? deriveRotationKey(secret, p.serial) : undefined);
}

export interface Judged {
  decision: Decision<TicketState | null>;
  ticketId: string | null;
  state: TicketState | null;
  /** Only an authenticated ticket's details are shown. */
  showTicket: boolean;
}

function refused(row: TargetRow, reason: ReasonCode, withTicket = false): Judged {
  return { decision: { verdict: 'refused', reason, next: null }, ticketId: withTicket ? row.ticket_id : null, state: null, showTicket: withTicket };
}

/**
 * What every presented ticket goes through before an engine judges it, at a gate or at a session
 * door: the cancelled event, the input's form, the token checks of a QR, an unknown ticket. A
 * refusal, or the ticket's state for the engine.
 */
export async function presentedTicket(
  io: CheckInIo, scanCtx: ScanContext, req: Pick<CheckInRequest, 'eventId' | 'input' | 'at'>, row: TargetRow,
): Promise<{ refusal: Judged; state?: undefined } | { state: TicketState; refusal?: undefined }> {
  // A cancelled event refuses whatever is presented, before any token check (as decide() and the
  // phone do), so a guest never hears "fake ticket" at a door that is closed for everyone.
  if (scanCtx.policy.event.cancelled === true) return { refusal: refused(row, 'event_cancelled') };
  const target = targetOf(req.input);
  if (target === 'malformed') return { refusal: refused(row, 'malformed') };
  if (target === 'unknown') return { refusal: refused(row, 'unknown_ticket') };

  if (req.input.kind === 'qr') {
    const parsed = parsedQr(req.input);
    const secret = parsed.ok && parsed.rotatingCode !== null ? await io.rotationSecret() : undefined;
    const refusal = checkQr(req.input.qr, req.eventId, {
      ownKeyEvent: row.key_event, keyStatus: row.key_status,
      tokenHash: row.ticket_id === null ? null : row.token_hash,
      allowStatic: row.allow_static === true, rotationSecret: secret, at: req.at,
    });
    if (refusal) return { refusal: refused(row, refusal.reason, refusal.withTicket) };
  } else if (row.ticket_id === null) {
    return { refusal: refused(row, 'unknown_ticket') };
  }
  return { state: ticketStateOf(req.eventId, row) };
}

async function judge(io: CheckInIo, scanCtx: ScanContext, req: CheckInRequest, row: TargetRow): Promise<Judged> {
  const presented = await presentedTicket(io, scanCtx, req, row);
  if (presented.refusal) return presented.refusal;
  const { state } = presented;
  const decision = decide(state, {
    eventId: req.eventId, gateId: req.gateId, gateZone: row.gate_zone!, direction: req.direction, deviceId: req.deviceId,
  }, scanCtx.policy, req.at);
  return { decision, ticketId: row.ticket_id, state, showTicket: true };
}

export function replay(priorEvent: string, response: unknown, req: Pick<CheckInRequest, 'eventId'>): CheckInResult {
  if (priorEvent !== req.eventId) throw new DomainError('idempotency_mismatch', 'This scanId was used for another event.');
  const answer = (typeof response === 'string' ? JSON.parse(response) : response) as ScanAnswer;
  return { answer, replayed: true, ticketId: null };
}

/**
 * The engine's view of a locked ticket row. The SQL columns win over the stored JSON for what
 * other features change directly (status on cancellation, presence and entries, the type's zones);
 * the JSON keeps the history decide() needs (last scan, last entry/exit, entry days, validity).
 */
export function ticketStateOf(
  eventId: string,
  row: Pick<TargetRow, 'state' | 'serial' | 'type_no' | 'status' | 'presence' | 'entry_count' | 'zone_codes'>,
): TicketState {
  const stored = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as Partial<TicketState> | null;
  return {
    ...(stored ?? {}),
    eventId,
    serial: row.serial!,
    typeNo: row.type_no!,
    status: row.status as TicketState['status'],
    presence: row.presence as TicketState['presence'],
    entryCount: row.entry_count!,
    zones: [...(row.zone_codes ?? [])],
  };
}

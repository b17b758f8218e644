import {
  checkHumanCodeInput, decide, deriveRotationKey, isPinFormat, parseTicketToken, verifyTicketToken,
  type Decision, type MalformedToken, type ParsedToken, type ReasonCode, type TicketState, type Verdict,
} from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { lockTarget, recordScan, type RecordOutcome, type ScanRecord, type TargetKey, type TargetRow } from './scan.repository.ts';

/**
 * The check-in core: one scan, judged by core decide() on the LOCKED ticket row, recorded with the
 * ticket's new state in the same transaction. Online scans (scan.routes.ts), offline replays
 * (sync, issue 6) and SMS check-ins all come through here, so every path gives the same verdict
 * and the same exactly-once guarantee:
 *
 *   - the ticket row is locked (SELECT … FOR UPDATE) before its state is read, so concurrent scans
 *     of one ticket are judged one after the other — a race admits at most once;
 *   - the scan id is the idempotency key: a retry returns the first answer and changes nothing
 *     (checked after the lock; a concurrent twin loses on the primary key and replays the winner);
 *   - every attempt is recorded, refused ones too.
 *
 * Usage (inside the caller's tenant transaction, role and tenant set by withTenant):
 *
 *   const scanCtx = await scanContexts(ctx).get(trx, eventId);
 *   const result = await applyScan(ctx, trx, scanCtx, { scanId, eventId, gateId, direction, input, at, … });
 *
 * applyScan throws DomainError only for requests that are not scans at all (a gate of another
 * venue, a scan id reused for another event); every ticket outcome is a ScanAnswer.
 */

export type ScanInput =
  | { kind: 'qr'; qr: string }
  | { kind: 'code'; code: string }
  | { kind: 'pin'; pin: string }
  /** A ticket picked from the staff name search (by its serial). */
  | { kind: 'serial'; serial: number };

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
  /** Replay of a scan the device already decided offline. */
  offline?: { verdict: Verdict; reason: string } | null;
  /** Overrides how the ticket was presented in the scan log ('sms', 'kiosk'). */
  inputKind?: ScanRecord['inputKind'];
  /**
   * For a QR: the event its key id belongs to, looked up across organizers (key-owner.cache.ts)
   * because the scan transaction cannot see another organizer's keys. Lets a foreign ticket be
   * answered wrong_event rather than revoked_key.
   */
  keyEvent?: string | null;
}

export interface ScanAnswer {
  verdict: Verdict;
  reason: ReasonCode;
  ticket?: { serial: number; holderName: string; type: string; zones: string[] };
  /** The ticket's last admission/exit, for refusals and duplicates: when and at which gate. */
  previous?: { at: string; gate: string };
}

export interface CheckInResult {
  answer: ScanAnswer;
  /** True when the scan id was seen before and the stored answer was returned unchanged. */
  replayed: boolean;
  ticketId: string | null;
  /** Offline replays: the server's verdict differs from the device's and the device admitted. */
  conflict: boolean;
}

export type CheckInDeps = Pick<AppContext, 'keys'>;

const INPUT_KIND: Record<ScanInput['kind'], ScanRecord['inputKind']> = { qr: 'qr', code: 'code', pin: 'pin', serial: 'search' };

/** Serials are int4 in the database: a larger one (a forged QR may carry any u32) is no ticket. */
export const MAX_SERIAL = 2_147_483_647;

// One scan's QR is read by the route, the lock and the judge: parsed once, for the same text only.
const parsedQrs = new WeakMap<ScanInput, { text: string; parsed: ParsedToken | MalformedToken }>();

function parsedQr(input: Extract<ScanInput, { kind: 'qr' }>): ParsedToken | MalformedToken {
  const hit = parsedQrs.get(input);
  if (hit && hit.text === input.qr) return hit.parsed;
  const parsed = parseTicketToken(input.qr.trim());
  parsedQrs.set(input, { text: input.qr, parsed });
  return parsed;
}

/** Whether judging this input needs the event's rotation secret (a QR with a rotating part). */
export function needsRotationSecret(input: ScanInput): boolean {
  if (input.kind !== 'qr') return false;
  const parsed = parsedQr(input);
  return parsed.ok && parsed.rotatingCode !== null;
}

// Shared by every input that names no ticket (targetKeyOf), so it must not be changed.
const NO_TARGET: Readonly<TargetKey> = Object.freeze({ kid: null, serial: null, code: null, pin: null });

/**
 * Where a scan input points; 'malformed' when it cannot name a ticket at all, 'unknown' when it is
 * well formed but names a ticket that cannot exist (a serial beyond MAX_SERIAL): refused as
 * unknown_ticket — and counted by the guessing lockout — without reaching the database.
 */
export function targetOf(input: ScanInput): TargetKey | 'malformed' | 'unknown' {
  switch (input.kind) {
    case 'qr': {
      const parsed = parsedQr(input);
      if (!parsed.ok) return 'malformed';
      return parsed.payload.serial > MAX_SERIAL ? 'unknown' : { ...NO_TARGET, kid: parsed.payload.kid, serial: parsed.payload.serial };
    }
    case 'code': {
      const check = checkHumanCodeInput(input.code);
      return check.status === 'valid' ? { ...NO_TARGET, code: check.code } : 'malformed';
    }
    case 'pin': return isPinFormat(input.pin.trim()) ? { ...NO_TARGET, pin: input.pin.trim() } : 'malformed';
    case 'serial':
      if (!Number.isInteger(input.serial) || input.serial < 1) return 'malformed';
      return input.serial > MAX_SERIAL ? 'unknown' : { ...NO_TARGET, serial: input.serial };
  }
}

/** The key the database looks the ticket up by: all nulls when the input names no ticket. */
export function targetKeyOf(input: ScanInput): TargetKey {
  const target = targetOf(input);
  return typeof target === 'string' ? NO_TARGET : target;
}

/** Locks the target and applies the scan, in the caller's tenant transaction. */
export async function applyScan(deps: CheckInDeps, trx: Trx, scanCtx: ScanContext, req: CheckInRequest): Promise<CheckInResult> {
  const row = await lockTarget(trx, req.eventId, req.scanId, req.gateId, targetKeyOf(req.input));
  return judgeAndRecord(trxIo(deps, trx, scanCtx), scanCtx, req, row);
}

/** How judgeAndRecord reaches the database: the caller's transaction, or the raw fast path. */
export interface CheckInIo {
  /** The event's rotation secret (only asked for QR codes with a rotating part). */
  rotationSecret(): Promise<Uint8Array>;
  /** Writes the scan (karibu_scan_record) — for the fast path, and commits. */
  record(r: ScanRecord): Promise<RecordOutcome>;
}

export function trxIo(deps: CheckInDeps, trx: Trx, scanCtx: ScanContext): CheckInIo {
  return {
    rotationSecret: () => deps.keys.rotationSecret(trx, scanCtx.tenantId, scanCtx.eventId),
    record: (r) => recordScan(trx, r),
  };
}

/** The part after the lock, shared by applyScan and the SMS/kiosk paths: judge, then record. */
export async function judgeAndRecord(io: CheckInIo, scanCtx: ScanContext, req: CheckInRequest, row: TargetRow): Promise<CheckInResult> {
  const judged = await judgeLocked(io, scanCtx, req, row);
  if ('replayed' in judged) return judged;
  const outcome = await io.record(judged.record);
  if (!outcome.inserted) {
    // A concurrent request with the same scan id committed first: answer as it did.
    if (!outcome.prior) throw new DomainError('idempotency_mismatch', 'This scanId is already used.');
    return replay(outcome.prior.eventId, outcome.prior.response, req);
  }
  return { answer: judged.answer, replayed: false, ticketId: judged.ticketId, conflict: judged.conflict };
}

/** A judged scan that is new: its answer, and the row to record (with the ticket's next state). */
export interface JudgedScan {
  answer: ScanAnswer;
  record: ScanRecord;
  ticketId: string | null;
  conflict: boolean;
}

/**
 * Judges one scan on its locked ticket row without writing: an earlier answer for the scan id
 * (replayed), or the new answer and the row to record. Throws DomainError for requests that are
 * not scans (a gate of another venue, a scan id of another event). Online batches (scan-batch.ts)
 * judge several scans this way and record them together.
 */
export async function judgeLocked(
  io: Pick<CheckInIo, 'rotationSecret'>, scanCtx: ScanContext, req: CheckInRequest, row: TargetRow,
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

  const changed = state !== null && decision.next !== state && decision.next !== null;
  const offline = req.offline ?? null;
  const conflict = offline !== null && offline.verdict === 'admitted' && decision.verdict !== 'admitted';
  const record: ScanRecord = {
    id: req.scanId, eventId: req.eventId, ticketId, deviceId: req.deviceId, staffId: req.staffId, gateId: req.gateId,
    direction: req.direction, inputKind: req.inputKind ?? INPUT_KIND[req.input.kind],
    // An offline scan happened as the device decided; the server's own verdict is kept beside it.
    verdict: offline ? offline.verdict : decision.verdict, reason: offline ? offline.reason : decision.reason,
    deviceTime: req.deviceTime != null ? new Date(req.deviceTime) : null, effectiveTime: new Date(req.at),
    offline: offline !== null, conflict,
    serverVerdict: offline ? decision.verdict : null, serverReason: offline ? decision.reason : null,
    response: answer,
    nextState: changed ? { state: decision.next, presence: decision.next!.presence, entryCount: decision.next!.entryCount } : null,
  };
  return { answer, record, ticketId, conflict };
}

/** What the verifier knows about a presented QR's key and ticket (see checkQr). */
export interface QrFacts {
  /** Event that owns the QR's key id, of any organizer; null when no key has that id. */
  keyOwnerEvent: string | null;
  /** Status of the key among this event's keys; null when the key is not this event's. */
  ownKeyStatus: string | null;
  /** Held digest of the ticket the QR names; null when there is no such ticket. */
  tokenHash: Uint8Array | null;
  allowStatic: boolean;
  /** The event's rotation secret, when the QR carries a rotating part. */
  rotationSecret: Uint8Array | undefined;
  /** When the QR was shown (rotating codes are judged at that moment). */
  at: number;
}

/**
 * The token checks every presented QR goes through before the engine, in core's order — shared by
 * online scans and offline uploads so their answers cannot drift. Tokens we issued are
 * authenticated by the held digest (constant time), not a signature. Null when the QR is authentic;
 * otherwise the reason, and whether the ticket may be shown (a stale rotating code names it).
 */
export function checkQr(qr: string, eventId: string, f: QrFacts): { reason: ReasonCode; withTicket: boolean } | null {
  if (f.keyOwnerEvent !== null && f.keyOwnerEvent !== eventId) return { reason: 'wrong_event', withTicket: false };
  if (f.ownKeyStatus === null || f.ownKeyStatus === 'revoked') return { reason: 'revoked_key', withTicket: false };
  if (f.tokenHash === null) return { reason: 'unknown_ticket', withTicket: false };
  const verified = verifyTicketToken(qr.trim(), () => ({ publicKey: new Uint8Array(32), eventId }), {
    heldDigest: heldDigestOf(f.tokenHash),
    rotation: { keyFor: rotationKeysOf(f.rotationSecret), allowStatic: f.allowStatic },
    at: f.at,
  });
  return verified.ok ? null : { reason: verified.reason, withTicket: verified.reason === 'code_expired' };
}

// Closures made per scan come from these helpers rather than inline `name: () => …`: under tsx
// (esbuild keepNames) every closure that gets an inferred name costs a defineProperty per scan.
function heldDigestOf(held: Uint8Array): () => Uint8Array {
  return () => new Uint8Array(held);
}

function rotationKeysOf(secret: Uint8Array | undefined): (p: { serial: number }) => Uint8Array | undefined {
  return (p) => (secret ? deriveRotationKey(secret, p.serial) : undefined);
}

interface Judged {
  decision: Decision<TicketState | null>;
  ticketId: string | null;
  state: TicketState | null;
  /** Only an authenticated ticket's details are shown. */
  showTicket: boolean;
}

function refused(row: TargetRow, reason: ReasonCode, withTicket = false): Judged {
  return { decision: { verdict: 'refused', reason, next: null }, ticketId: withTicket ? row.ticket_id : null, state: null, showTicket: withTicket };
}

async function judge(io: Pick<CheckInIo, 'rotationSecret'>, scanCtx: ScanContext, req: CheckInRequest, row: TargetRow): Promise<Judged> {
  const target = targetOf(req.input);
  if (target === 'malformed') return refused(row, 'malformed');
  if (target === 'unknown') return refused(row, 'unknown_ticket');

  if (req.input.kind === 'qr') {
    const parsed = parsedQr(req.input);
    const secret = parsed.ok && parsed.rotatingCode !== null ? await io.rotationSecret() : undefined;
    const refusal = checkQr(req.input.qr, req.eventId, {
      // row.key_event is set only for a key of this event; req.keyEvent names another event's.
      keyOwnerEvent: row.key_event ?? req.keyEvent ?? null,
      ownKeyStatus: row.key_event === null ? null : row.key_status,
      tokenHash: row.ticket_id === null ? null : row.token_hash,
      allowStatic: row.allow_static === true, rotationSecret: secret, at: req.at,
    });
    if (refusal) return refused(row, refusal.reason, refusal.withTicket);
  } else if (row.ticket_id === null) {
    return refused(row, 'unknown_ticket');
  }

  const state = ticketStateOf(req.eventId, row);
  const decision = decide(state, { eventId: req.eventId, gateId: req.gateId, gateZone: row.gate_zone!, direction: req.direction }, scanCtx.policy, req.at);
  return { decision, ticketId: row.ticket_id, state, showTicket: true };
}

export function replay(priorEvent: string, response: unknown, req: Pick<CheckInRequest, 'eventId'>): CheckInResult {
  if (priorEvent !== req.eventId) throw new DomainError('idempotency_mismatch', 'This scanId was used for another event.');
  const answer = (typeof response === 'string' ? JSON.parse(response) : response) as ScanAnswer;
  return { answer, replayed: true, ticketId: null, conflict: false };
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

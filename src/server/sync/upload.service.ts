import {
  compareReplayOrder, deriveRotationKey, lastMovementAt, parseTicketToken, reconcileScan, replayTimeline, verifyTicketToken,
  type ReasonCode, type RecordedMove, type TicketState, type Verdict,
} from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Direction } from '../db/schema.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { targetOf, ticketStateOf, type ScanInput } from '../scanning/check-in.service.ts';
import { scanContexts } from '../scanning/scan-context.cache.ts';
import { DomainError } from '../shared/domain-error.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/webhook-outbox.ts';
import { touchDevice } from './manifest.repository.ts';
import {
  hasWebhookEndpoints, insertOfflineScans, keysByKid, lockTickets, priorScans, recordedMoves, updateTicketStates,
  type LockedTicket, type NewScanRow, type PriorScan, type StateUpdate,
} from './upload.repository.ts';

/**
 * Reconciliation of scans decided offline (docs/sync-protocol.md §3–§5). One batch = one
 * transaction, so an upload interrupted at any point either committed everything or nothing, and a
 * retry (same scan ids) answers `duplicate` for what committed. Scans are replayed in corrected time
 * order through core reconcileScan() (decide() + the counting rule) on the locked tickets.
 */

export const MAX_BATCH = 1000;

export interface UploadScan {
  scanId: string;
  input: ScanInput;
  gateId: string;
  direction: Direction;
  /** Device clock at the scan, epoch ms (uncorrected). */
  scannedAt: number;
  verdict: Verdict;
  reason: string;
}

export interface UploadRequest {
  tenantId: string;
  eventId: string;
  deviceId: string;
  staffId: string | null;
  /** Device clock when it sent the batch, epoch ms. */
  sentAt: number;
  /** Server clock when the request arrived, epoch ms. */
  receivedAt: number;
  scans: UploadScan[];
}

export type UploadStatus = 'accepted' | 'conflict' | 'duplicate';
export interface UploadResult {
  scanId: string;
  status: UploadStatus;
  verdict: Verdict;
  reason: string;
  firstStatus?: 'accepted' | 'conflict';
}

export interface UploadResponse { serverTime: number; clockOffsetMs: number; results: UploadResult[] }

interface Judged {
  scan: UploadScan;
  at: number;
  ticket: LockedTicket | null;
  serverVerdict: Verdict;
  serverReason: ReasonCode;
  conflict: boolean;
  /** The scan moved the ticket's state (an agreed admission or exit). */
  moved: boolean;
}

const clampOffset = (ms: number) => Math.max(-2_000_000_000, Math.min(2_000_000_000, Math.round(ms)));

export async function uploadScans(ctx: AppContext, req: UploadRequest): Promise<UploadResponse> {
  if (req.scans.length > MAX_BATCH) throw new DomainError('payload_too_large', `At most ${MAX_BATCH} scans per batch.`);
  const offset = clampOffset(req.receivedAt - req.sentAt);
  const results = await eventQueue(ctx, req.eventId, () => withTenant(ctx.db, req.tenantId, async (trx) => {
    const scanCtx = await scanContexts(ctx).get(trx, req.eventId);
    if (!scanCtx) throw new DomainError('not_found', 'Not found.');
    const out = await reconcileBatch(ctx, trx, scanCtx, req, offset);
    await touchDevice(trx, req.deviceId, offset);
    return out;
  }));
  return { serverTime: req.receivedAt, clockOffsetMs: offset, results };
}

// Batches of one event take turns in this process. After an outage every phone of a venue uploads
// at once, and their batches overlap on the tickets two phones both scanned: run together they
// would queue on row locks anyway, holding pool connections and burning CPU on lock contention.
// Waiting here holds no connection. Correctness does not depend on it (the row locks below still
// serialise against online scans and other server instances); it is throughput.
const QUEUE_WAIT_MS = 20_000;
const queues = new WeakMap<AppContext, Map<string, Promise<unknown>>>();

async function eventQueue<T>(ctx: AppContext, eventId: string, fn: () => Promise<T>): Promise<T> {
  let perEvent = queues.get(ctx);
  if (!perEvent) queues.set(ctx, (perEvent = new Map()));
  const previous = perEvent.get(eventId) ?? Promise.resolve();
  const queuedAt = Date.now();
  const run = previous.catch(() => undefined).then(() => {
    // A phone's request would time out waiting longer; tell it to come back instead.
    if (Date.now() - queuedAt > QUEUE_WAIT_MS) throw new DomainError('unavailable', 'Many uploads for this event right now; retry shortly.');
    return fn();
  });
  const tail = run.catch(() => undefined);
  perEvent.set(eventId, tail);
  void tail.then(() => { if (perEvent.get(eventId) === tail) perEvent.delete(eventId); });
  return run;
}

async function reconcileBatch(ctx: AppContext, trx: Trx, scanCtx: ScanContext, req: UploadRequest, offset: number): Promise<UploadResult[]> {
  const targets = req.scans.map((s) => targetOf(s.input));
  // Scans recorded before (a retry) need no lock: answer them from the first result.
  const prior = new Map((await priorScans(trx, req.scans.map((s) => s.scanId))).map((p) => [p.id, p]));
  const known = new Set(prior.keys());
  const serials = new Set<number>();
  const codes = new Set<string>();
  const pins = new Set<string>();
  const kids = new Set<number>();
  targets.forEach((t, i) => {
    if (t === 'malformed' || known.has(req.scans[i]!.scanId)) return;
    if (t.serial !== null) serials.add(t.serial);
    if (t.code !== null) codes.add(t.code);
    if (t.pin !== null) pins.add(t.pin);
    if (t.kid !== null) kids.add(t.kid);
  });
  // Lock, then read earlier answers again: a concurrent upload of the same scans (another server
  // instance) has committed by the time we hold its tickets, so its scans show up as duplicates.
  const locked = await lockTickets(trx, req.eventId, { serials: [...serials], codes: [...codes], pins: [...pins] });
  if (locked.length > 0) {
    for (const p of await priorScans(trx, req.scans.map((s) => s.scanId).filter((id) => !known.has(id)))) prior.set(p.id, p);
  }
  const keys = await keysByKid(trx, [...kids]);
  const bySerial = new Map(locked.map((t) => [t.serial, t]));
  const byCode = new Map(locked.map((t) => [t.code, t]));
  const byPin = new Map(locked.map((t) => [t.pin, t]));
  const needsRotation = req.scans.some((s) => s.input.kind === 'qr' && (parseTicketToken(s.input.qr.trim()) as { rotatingCode?: string | null }).rotatingCode);
  const rotationSecret = needsRotation ? await ctx.keys.rotationSecret(trx, req.tenantId, req.eventId) : undefined;

  // New scans (first occurrence of each id not seen before), in corrected time order.
  const seen = new Set<string>();
  const fresh: { scan: UploadScan; index: number; at: number }[] = [];
  req.scans.forEach((scan, index) => {
    if (prior.has(scan.scanId) || seen.has(scan.scanId)) return;
    seen.add(scan.scanId);
    // A scan cannot have happened after it reached us: cap the corrected time at arrival.
    fresh.push({ scan, index, at: Math.min(scan.scannedAt + offset, req.receivedAt) });
  });
  fresh.sort((a, b) => compareReplayOrder({ at: a.at, scanId: a.scan.scanId }, { at: b.at, scanId: b.scan.scanId }));

  const states = new Map<string, TicketState>();
  const judged = await judgeAll(trx, scanCtx, req.eventId, fresh, targets, { bySerial, byCode, byPin, keys, rotationSecret, states });

  const rows: NewScanRow[] = [...judged.values()].map((j) => ({
    id: j.scan.scanId, ticketId: j.ticket?.id ?? null,
    gateId: scanCtx.gates.has(j.scan.gateId) ? j.scan.gateId : null,
    direction: j.scan.direction, inputKind: j.scan.input.kind as NewScanRow['inputKind'],
    verdict: j.scan.verdict, reason: j.scan.reason, deviceTime: new Date(j.scan.scannedAt), effectiveTime: new Date(j.at),
    conflict: j.conflict, serverVerdict: j.serverVerdict, serverReason: j.serverReason,
    response: JSON.stringify({ status: j.conflict ? 'conflict' : 'accepted', verdict: j.serverVerdict, reason: j.serverReason }),
  }));
  const inserted = await insertOfflineScans(trx, req.eventId, req.deviceId, req.staffId, rows);
  if ([...judged.values()].some((j) => j.ticket && !inserted.has(j.scan.scanId))) {
    // Only possible when the same scan id is being uploaded concurrently for another ticket, or a
    // scan id is reused: nothing is committed; the retry sees the winner and answers duplicate.
    throw new DomainError('unavailable', 'The same scans are being uploaded by another request; retry.');
  }
  const lostRace = [...judged.keys()].filter((id) => !inserted.has(id));
  for (const p of await priorScans(trx, lostRace)) prior.set(p.id, p);

  const updates: StateUpdate[] = [];
  for (const [ticketId, state] of states) {
    updates.push({
      id: ticketId, state: JSON.stringify(state), presence: state.presence, entryCount: state.entryCount,
      lastScanAt: new Date(state.lastScan?.at ?? req.receivedAt),
    });
  }
  await updateTicketStates(trx, updates);
  await announce(trx, req, judged);

  const answered = new Set<string>();
  return req.scans.map((scan) => {
    const j = judged.get(scan.scanId);
    if (j && inserted.has(scan.scanId) && !answered.has(scan.scanId)) {
      answered.add(scan.scanId);
      return { scanId: scan.scanId, status: j.conflict ? 'conflict' : 'accepted', verdict: j.serverVerdict, reason: j.serverReason };
    }
    const p = prior.get(scan.scanId);
    if (p) return duplicateOf(scan.scanId, p);
    // A repeat of a scan id within this batch.
    const first = judged.get(scan.scanId)!;
    return { scanId: scan.scanId, status: 'duplicate', verdict: first.serverVerdict, reason: first.serverReason, firstStatus: first.conflict ? 'conflict' : 'accepted' };
  });
}

interface Lookups {
  bySerial: Map<number, LockedTicket>;
  byCode: Map<string, LockedTicket>;
  byPin: Map<string, LockedTicket>;
  keys: Map<number, { eventId: string; status: string }>;
  rotationSecret: Uint8Array | undefined;
  /** Ticket states as the batch advances them (id → state). */
  states: Map<string, TicketState>;
}

type Resolved = Judged | { pending: true; scan: UploadScan; at: number; ticket: LockedTicket; gate: { id: string; zone: string } };

/** Token, ticket and gate checks: a final refusal, or a scan of a known ticket for the engine. */
function resolve(eventId: string, scanCtx: ScanContext, scan: UploadScan, target: ReturnType<typeof targetOf>, at: number, l: Lookups): Resolved {
  const refuse = (reason: ReasonCode, ticket: LockedTicket | null = null): Judged => ({
    scan, at, ticket, serverVerdict: 'refused', serverReason: reason, conflict: scan.verdict !== 'refused', moved: false,
  });
  if (target === 'malformed') return refuse('malformed');
  let ticket: LockedTicket | undefined;
  if (scan.input.kind === 'qr') {
    const key = target.kid !== null ? l.keys.get(target.kid) : undefined;
    if (key && key.eventId !== eventId) return refuse('wrong_event');
    if (!key || key.status === 'revoked') return refuse('revoked_key');
    ticket = target.serial !== null ? l.bySerial.get(target.serial) : undefined;
    if (!ticket || !ticket.token_hash) return refuse('unknown_ticket');
    const t = ticket;
    const verified = verifyTicketToken(scan.input.qr.trim(), () => ({ publicKey: new Uint8Array(32), eventId }), {
      heldDigest: () => new Uint8Array(t.token_hash!),
      rotation: { keyFor: (p) => (l.rotationSecret ? deriveRotationKey(l.rotationSecret, p.serial) : undefined), allowStatic: t.allow_static },
      // The rotating code is checked at the moment of the scan (corrected), not at upload.
      at,
    });
    if (!verified.ok) return refuse(verified.reason, verified.reason === 'code_expired' ? ticket : null);
  } else {
    ticket = target.code !== null ? l.byCode.get(target.code) : target.pin !== null ? l.byPin.get(target.pin) : undefined;
    if (!ticket) return refuse('unknown_ticket');
  }
  const gate = scanCtx.gates.get(scan.gateId);
  // A gate of another venue: the scan happened, but no engine verdict can be given for it.
  if (!gate) return refuse('not_allowed', ticket);
  return { pending: true, scan, at, ticket, gate };
}

/**
 * Judges the batch's new scans (already in replay order). Per ticket: when a scan is older than
 * the ticket's last known movement (its phone synced late), the ticket's recorded moves and the
 * new scans are replayed together in time order (core replayTimeline); otherwise, or when that
 * replay would contradict a recorded judgment, each scan is judged on the current state in order.
 */
async function judgeAll(
  trx: Trx, scanCtx: ScanContext, eventId: string, fresh: { scan: UploadScan; index: number; at: number }[],
  targets: ReturnType<typeof targetOf>[], l: Lookups,
): Promise<Map<string, Judged>> {
  const judged = new Map<string, Judged>();
  const perTicket = new Map<string, Extract<Resolved, { pending: true }>[]>();
  for (const { scan, index, at } of fresh) {
    const r = resolve(eventId, scanCtx, scan, targets[index]!, at, l);
    if (!('pending' in r)) { judged.set(scan.scanId, r); continue; }
    const list = perTicket.get(r.ticket.id);
    if (list) list.push(r); else perTicket.set(r.ticket.id, [r]);
  }
  const current = new Map<string, TicketState>();
  const late: string[] = [];
  for (const [ticketId, list] of perTicket) {
    const state = ticketStateOf(eventId, list[0]!.ticket);
    current.set(ticketId, state);
    if (list[0]!.at < lastMovementAt(state)) late.push(ticketId);
  }
  const moves = new Map<string, RecordedMove[] | null>();
  for (const row of await recordedMoves(trx, late)) {
    if (moves.get(row.ticket_id) === null) continue;
    const gate = row.gate_id ? scanCtx.gates.get(row.gate_id) : undefined;
    if (!gate) { moves.set(row.ticket_id, null); continue; } // cannot be replayed: judge on the current state
    const list = moves.get(row.ticket_id) ?? [];
    list.push({ at: row.effective_time.getTime(), scanId: row.id, verdict: row.moved_verdict,
      scan: { eventId, gateId: gate.id, gateZone: gate.zone, direction: row.direction } });
    moves.set(row.ticket_id, list);
  }

  for (const [ticketId, list] of perTicket) {
    const state = current.get(ticketId)!;
    const scanOf = (p: (typeof list)[number]) => ({ eventId, gateId: p.gate.id, gateZone: p.gate.zone, direction: p.scan.direction });
    const recorded = late.includes(ticketId) ? moves.get(ticketId) ?? [] : undefined;
    const timeline = recorded ? replayTimeline(initialStateOf(state), recorded, list.map((p) => ({
      at: p.at, scanId: p.scan.scanId, scan: scanOf(p), deviceVerdict: p.scan.verdict,
    })), scanCtx.policy, state) : null;
    let s = state;
    list.forEach((p, i) => {
      const o = timeline ? timeline.outcomes[i]! : reconcileScan(s, scanOf(p), scanCtx.policy, p.at, p.scan.verdict);
      // An agreed admission or exit moves the ticket; a duplicate-window repeat or a refusal does not.
      const moved = !o.conflict && o.serverVerdict !== 'refused' && o.serverReason !== 'duplicate_scan';
      if (!timeline) s = o.next;
      judged.set(p.scan.scanId, {
        scan: p.scan, at: p.at, ticket: p.ticket, serverVerdict: o.serverVerdict, serverReason: o.serverReason, conflict: o.conflict, moved,
      });
    });
    const next = timeline ? timeline.next : s;
    if (next !== state) l.states.set(ticketId, next);
  }
  return judged;
}

/** The ticket before any scan: what a full replay starts from. */
function initialStateOf(s: TicketState): TicketState {
  const initial: TicketState = { eventId: s.eventId, serial: s.serial, typeNo: s.typeNo, status: s.status, presence: 'outside', entryCount: 0, zones: [...s.zones] };
  if (s.validFrom !== undefined) initial.validFrom = s.validFrom;
  if (s.validUntil !== undefined) initial.validUntil = s.validUntil;
  return initial;
}

function duplicateOf(scanId: string, p: PriorScan): UploadResult {
  const stored = (typeof p.response === 'string' ? JSON.parse(p.response) : p.response) as { status?: string } | null;
  if (p.offline) {
    return {
      scanId, status: 'duplicate', verdict: p.server_verdict ?? p.verdict, reason: p.server_reason ?? p.reason,
      firstStatus: stored?.status === 'conflict' || p.conflict ? 'conflict' : 'accepted',
    };
  }
  // First seen online (the phone fell back to offline after a timeout, same scan id): the server's
  // online answer is the result.
  return { scanId, status: 'duplicate', verdict: p.verdict, reason: p.reason, firstStatus: 'accepted' };
}

/** Check-in webhooks for what the batch counted (same transaction: sent if and only if committed). */
async function announce(trx: Trx, req: UploadRequest, judged: Map<string, Judged>): Promise<void> {
  if (!(await hasWebhookEndpoints(trx))) return;
  const events: WebhookEvent[] = [];
  for (const j of judged.values()) {
    if (!j.moved || !j.ticket || j.serverReason === 'duplicate_scan') continue;
    events.push({
      type: j.serverVerdict === 'exited' ? 'ticket.checked_out' : 'ticket.checked_in',
      data: {
        ticketId: j.ticket.id, eventId: req.eventId, serial: j.ticket.serial, scanId: j.scan.scanId, gateId: j.scan.gateId,
        at: new Date(j.at).toISOString(), offline: true, deviceId: req.deviceId,
      },
    });
  }
  await enqueueWebhookEvents(trx, req.tenantId, events);
}

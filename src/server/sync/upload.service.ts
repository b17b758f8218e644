import { compareReplayOrder, STATIC_TOKEN_LENGTH, type TicketState, type Verdict } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Direction } from '../db/schema.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { targetOf, type ScanInput } from '../scanning/check-in.service.ts';
import { scanContexts } from '../scanning/scan-context.cache.ts';
import { DomainError } from '../shared/domain-error.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/webhook-outbox.ts';
import { eventQueue } from './event-queue.ts';
import { touchDevice } from './manifest.repository.ts';
import { judgeAll, type Judged } from './upload-judge.service.ts';
import {
  hasWebhookEndpoints, insertOfflineScans, keysByKid, lockTickets, priorScans, updateTicketStates,
  type NewScanRow, type PriorScan, type StateUpdate,
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
  // A concurrent upload of the same scans (another server instance) is caught when inserting: its
  // scan ids are taken, nothing of this batch commits, and the phone's retry answers duplicate.
  const locked = await lockTickets(trx, req.eventId, { serials: [...serials], codes: [...codes], pins: [...pins] });
  const keys = await keysByKid(trx, [...kids]);
  const bySerial = new Map(locked.map((t) => [t.serial, t]));
  const byCode = new Map(locked.map((t) => [t.code, t]));
  const byPin = new Map(locked.map((t) => [t.pin, t]));
  // Only a QR with the rotating part needs the event's rotation secret.
  const needsRotation = req.scans.some((s) => s.input.kind === 'qr' && s.input.qr.trim().length > STATIC_TOKEN_LENGTH);
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

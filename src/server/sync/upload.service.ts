import { compareReplayOrder, STATIC_TOKEN_LENGTH, type TicketState, type Verdict } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Direction } from '../db/schema.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { targetOf, type ScanInput } from '../judging/scan-input.ts';
import { countsAsGuess, lockoutOf } from '../judging/lockout.ts';
import { auditLockout, LockoutRefusal } from '../judging/lockout-refusal.ts';
import { scanContexts } from '../events/scan-context.cache.ts';
import { DomainError } from '../shared/domain-error.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/webhook-outbox.ts';
import { correctedTime, measureOffset, storableOffset } from './device-clock.ts';
import { eventQueue } from './event-queue.ts';
import { deviceProfile, touchDevice } from './manifest.repository.ts';
import { judgeAll, type Judged, type UploadScan } from './upload-judge.service.ts';
import {
  hasWebhookEndpoints, insertOfflineScans, keysByKid, lockTickets, priorScans, updateTicketStates,
  type NewScanRow, type PriorScan, type StateUpdate,
} from './upload.repository.ts';
import { MAX_BATCH } from '../../contracts/sync.contract.ts';

/**
 * Reconciliation of scans decided offline (docs/sync-protocol.md §3–§5). One batch = one
 * transaction, so an upload interrupted at any point either committed everything or nothing, and a
 * retry (same scan ids) answers `duplicate` for what committed. Scans are replayed in corrected time
 * order through core reconcileScan() (decide() + the counting rule) on the locked tickets.
 *
 * Uploads are under the same code-guessing lockout as online scans (judging/lockout.ts): a
 * blocked device's uploads are refused, and a batch's unknown codes and PINs are counted before
 * any answer leaves the server. A batch holding more of them than the device has budget left
 * blocks the device and is refused whole (rolled back): uploading 1,000 guessed PINs as
 * "admitted" neither marks anyone inside nor tells which PINs exist.
 */

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
  /** The scan's corrected time was impossible (its clock jumped): it was placed at arrival. */
  clockUnknown?: true;
}

export interface UploadResponse { serverTime: number; clockOffsetMs: number; results: UploadResult[] }

export async function uploadScans(ctx: AppContext, req: UploadRequest): Promise<UploadResponse> {
  if (req.scans.length > MAX_BATCH) throw new DomainError('payload_too_large', `At most ${MAX_BATCH} scans per batch.`);
  const blockedFor = await lockoutOf(ctx).blockedSeconds(req.deviceId).catch((err: unknown) => {
    ctx.log.error({ err }, 'lockout check failed'); // Redis unreachable: the doors keep syncing
    return 0;
  });
  if (blockedFor > 0) {
    throw new LockoutRefusal('locked_out', `This device is blocked after too many unknown codes; retry in ${blockedFor} s or ask a manager.`, blockedFor);
  }
  const offset = measureOffset(req.receivedAt, req.sentAt);
  const targets = req.scans.map((s) => targetOf(s.input));
  const named = namedTickets(targets);
  const guard: BatchGuard = { reserved: 0, blockedWith: null };
  try {
    const results = await eventQueue(ctx, req.eventId, () => withTenant(ctx.db, req.tenantId, async (trx) => {
      const scanCtx = await scanContexts(ctx).get(trx, req.eventId);
      if (!scanCtx) throw new DomainError('not_found', 'Not found.');
      await refuseSerialsFromDevicesWithoutNames(trx, req);
      const out = await reconcileBatch(ctx, trx, scanCtx, req, targets, offset, guard);
      await touchDevice(trx, req.deviceId, storableOffset(offset));
      return out;
    }), ticketKeys(named));
    return { serverTime: req.receivedAt, clockOffsetMs: offset, results };
  } catch (err) {
    // Rolled back: units reserved for a batch that was not refused by the lockout are given back.
    if (guard.reserved > 0 && !(err instanceof LockoutRefusal)) {
      await lockoutOf(ctx).release(req.deviceId, guard.reserved).catch((e: unknown) => ctx.log.error({ err: e }, 'lockout release failed'));
    }
    throw err;
  } finally {
    if (guard.blockedWith !== null) {
      await auditLockout(ctx, ctx.log, { tenantId: req.tenantId, deviceId: req.deviceId, staffId: req.staffId, count: guard.blockedWith })
        .catch((err: unknown) => ctx.log.error({ err }, 'lockout audit failed'));
    }
  }
}

/**
 * A serial is no credential (serials are sequential): an offline scan can name its ticket by serial
 * only because staff picked the guest from the clear name list, which only a door device a manager
 * allowed offline names holds. From any other device such a scan is refused, whole batch, before
 * anything is judged (the phone keeps its scans and shows why).
 */
async function refuseSerialsFromDevicesWithoutNames(trx: Trx, req: UploadRequest): Promise<void> {
  const bySerial = req.scans.flatMap((s, i) => (s.input.kind === 'serial' ? [i] : []));
  if (bySerial.length === 0) return;
  const device = await deviceProfile(trx, req.deviceId);
  if (device && device.kind === 'door' && device.allow_offline_names) return;
  const which = bySerial.slice(0, 5).map((i) => `body.scans.${i}`).join(', ') + (bySerial.length > 5 ? ', …' : '');
  throw new DomainError('forbidden',
    `${which}: this device may not upload tickets picked by name (serial): a manager has not allowed it offline names. Scan their QR codes, or ask a manager to allow offline names for this phone.`);
}

/** What the batch's lockout reservation did, for after its transaction. */
interface BatchGuard {
  reserved: number;
  /** Unknown-code count when this batch blocked the device (audit once it is over). */
  blockedWith: number | null;
}

/**
 * Reserves the batch's unknown codes/PINs before any answer is returned; throws (rolling the batch
 * back) when the device has no budget left for them.
 */
async function guardBatch(ctx: AppContext, req: UploadRequest, judged: Map<string, Judged>, guard: BatchGuard): Promise<void> {
  let unknown = 0;
  for (const j of judged.values()) if (countsAsGuess('upload', j.scan.input.kind, j.serverReason)) unknown++;
  if (unknown === 0) return;
  const lockout = lockoutOf(ctx);
  let r: Awaited<ReturnType<typeof lockout.reserveBatch>>;
  try {
    r = await lockout.reserveBatch(req.tenantId, req.deviceId, unknown);
  } catch (err) {
    ctx.log.error({ err }, 'lockout bookkeeping failed');
    return;
  }
  const blockedFor = Math.ceil(lockout.options.blockMs / 1000);
  if (r.state === 'ok') {
    guard.reserved = unknown;
    if (r.blocked) guard.blockedWith = r.count;
    return;
  }
  if (r.state === 'over' && r.blocked) guard.blockedWith = unknown;
  throw new LockoutRefusal('locked_out',
    `This batch holds more unknown codes than this device may submit; the device is blocked. Retry in ${r.state === 'blocked' ? r.retryAfterSeconds : blockedFor} s or ask a manager.`,
    r.state === 'blocked' ? r.retryAfterSeconds : blockedFor);
}

/** The tickets (and QR keys) a batch's scans name, optionally skipping some scans. */
function namedTickets(targets: ReturnType<typeof targetOf>[], skip: (index: number) => boolean = () => false) {
  const named = { serials: new Set<number>(), codes: new Set<string>(), pins: new Set<string>(), kids: new Set<number>() };
  targets.forEach((t, i) => {
    if (typeof t === 'string' || skip(i)) return;
    if (t.serial !== null) named.serials.add(t.serial);
    if (t.code !== null) named.codes.add(t.code);
    if (t.pin !== null) named.pins.add(t.pin);
    if (t.kid !== null) named.kids.add(t.kid);
  });
  return named;
}

/** The tickets a batch names, as the upload queue compares them (event-queue.ts). */
function ticketKeys({ serials, codes, pins }: ReturnType<typeof namedTickets>): Set<string> {
  return new Set([...[...serials].map((s) => `s${s}`), ...[...codes].map((c) => `c${c}`), ...[...pins].map((p) => `p${p}`)]);
}

async function reconcileBatch(
  ctx: AppContext, trx: Trx, scanCtx: ScanContext, req: UploadRequest, targets: ReturnType<typeof targetOf>[], offset: number,
  guard: BatchGuard,
): Promise<UploadResult[]> {
  // Scans recorded before (a retry) need no lock: answer them from the first result.
  const prior = new Map((await priorScans(trx, req.scans.map((s) => s.scanId))).map((p) => [p.id, p]));
  const { serials, codes, pins, kids } = namedTickets(targets, (i) => prior.has(req.scans[i]!.scanId));
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
  const clockUnknown = new Set<string>();
  req.scans.forEach((scan, index) => {
    if (prior.has(scan.scanId) || seen.has(scan.scanId)) return;
    seen.add(scan.scanId);
    const time = correctedTime(scan.scannedAt, offset, req.receivedAt);
    if (time.clockUnknown) clockUnknown.add(scan.scanId);
    fresh.push({ scan, index, at: time.at });
  });
  fresh.sort((a, b) => compareReplayOrder({ at: a.at, scanId: a.scan.scanId }, { at: b.at, scanId: b.scan.scanId }));

  const states = new Map<string, TicketState>();
  const judged = await judgeAll(trx, scanCtx, req.eventId, req.deviceId, fresh, targets, { bySerial, byCode, byPin, keys, rotationSecret, states });
  await guardBatch(ctx, req, judged, guard);

  const rows: NewScanRow[] = [...judged.values()].map((j) => ({
    id: j.scan.scanId, ticketId: j.ticket?.id ?? null,
    gateId: scanCtx.gates.has(j.scan.gateId) ? j.scan.gateId : null,
    direction: j.scan.direction, inputKind: j.scan.input.kind === 'serial' ? 'search' : j.scan.input.kind,
    verdict: j.scan.verdict, reason: j.scan.reason, deviceTime: new Date(j.scan.scannedAt), effectiveTime: new Date(j.at),
    conflict: j.conflict, serverVerdict: j.serverVerdict, serverReason: j.serverReason, sessionId: j.session ?? null,
    response: JSON.stringify({
      status: j.conflict ? 'conflict' : 'accepted', verdict: j.serverVerdict, reason: j.serverReason,
      ...(clockUnknown.has(j.scan.scanId) ? { clockUnknown: true } : {}),
    }),
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
      return {
        scanId: scan.scanId, status: j.conflict ? 'conflict' : 'accepted', verdict: j.serverVerdict, reason: j.serverReason,
        ...(clockUnknown.has(scan.scanId) ? { clockUnknown: true as const } : {}),
      };
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
    // A session scan is no check-in of the event (as online: migration 0030).
    if (!j.moved || !j.ticket || j.scan.sessionId !== undefined) continue;
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

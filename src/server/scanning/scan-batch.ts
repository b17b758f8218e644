import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { describePrincipal, livePrincipal, type StaffPrincipal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { NO_SUCH_RESOURCE } from '../auth/auth-guard.ts';
import { authorize } from '../auth/authorize.ts';
import { DomainError } from '../shared/domain-error.ts';
import { judgeLocked, type CheckInRequest, type CheckInResult } from '../judging/check-in.service.ts';
import { needsRotationSecret, type ScanInput } from '../judging/scan-input.ts';
import type { TargetKey, TargetRow } from '../judging/judging.types.ts';
import { eventScanContext } from '../events/scan-context.cache.ts';
import { fastScanPool } from './scan-fast-path.ts';
import {
  batchScanRow, openScanBatch, recordScanBatch, takenScanIds,
  type BatchOpenItem, type BatchOpenRow, type BatchScanRow, type BatchStateRow, type OpenRow,
} from './scan.repository.ts';

/**
 * Online door scans, judged in batches. Scans for one event that arrive while earlier ones are in
 * the database wait in the event's lane and go together in the next transaction: one read that
 * locks all their tickets (in id order), the engine on each scan in arrival order, one write of
 * all scan rows and ticket states, one commit (migrations/0010). A quiet door is a batch of one;
 * a busy event pays a transaction's fixed costs — round trips, parsing, the commit's WAL flush —
 * once per batch instead of once per scan.
 *
 * What a single transaction per scan guaranteed still holds:
 *   - every ticket is locked before its state is read, and two scans of one ticket in a batch are
 *     judged one after the other, the second on the state the first left — a race admits once;
 *   - a scan id is answered once: a retry finds the first answer (in the database, or earlier in
 *     the same batch); a concurrent twin that committed between read and write makes the whole
 *     batch roll back and be judged again (KB409), so no verdict rests on a stale read;
 *   - the scan rows and the states they changed commit together, or not at all.
 * One scan's problem (not authorized, a gate of another venue) is its own answer; a database
 * error of a batch retries its scans one by one, so one bad scan cannot fail its neighbours.
 */
export interface OnlineScan {
  scanId: string;
  eventId: string;
  gateId: string;
  direction: 'in' | 'out';
  input: ScanInput;
  /** Device clock (epoch ms), as reported. */
  deviceTime: number | null;
  /** A scan at the door of this session's room (session-scan.service.ts); gateId may then be ''. */
  sessionId?: string;
}

/** One scan handed to the batcher, its ticket key already worked out (check-in.service targetOf). */
export interface BatchedScan {
  claims: AccessClaims;
  log: FastifyBaseLogger;
  scan: OnlineScan;
  key: TargetKey;
}

/** How a batch reaches the database: the raw PostgreSQL pool, or a Kysely transaction. */
export interface ScanBatchTx {
  openBatch(tenantId: string, eventId: string, items: BatchOpenItem[]): Promise<BatchOpenRow[]>;
  recordAndCommit(eventId: string, scans: BatchScanRow[], states: BatchStateRow[]): Promise<void>;
}
export interface ScanBatchIo {
  transaction<T>(fn: (tx: ScanBatchTx) => Promise<T>): Promise<T>;
}

interface Waiting extends BatchedScan {
  resolve(result: CheckInResult): void;
  reject(err: unknown): void;
}

interface Lane {
  tenantId: string;
  eventId: string;
  waiting: Waiting[];
  running: number;
  scheduled: boolean;
}

type Outcome = { ok: CheckInResult; failed?: undefined } | { failed: true; err: unknown };

/** A batch larger than this waits for the next one (bounds the lock time and the JSON). */
export const MAX_BATCH = 200;
/** Judged again at most this often when concurrent twins keep taking scan ids (KB409). */
const MAX_ATTEMPTS = 3;
const TOO_BUSY = 'The server is too busy to check this scan now; decide it offline and sync later.';

export class ScanBatcher {
  private readonly lanes = new Map<string, Lane>();

  /**
   * @param slots transactions one event may have in flight at once. Two keep the database busy
   *   while the server judges the other batch; more only adds lock waits between batches.
   */
  constructor(private readonly ctx: AppContext, private readonly io: ScanBatchIo, private readonly slots: number) {}

  submit(item: BatchedScan): Promise<CheckInResult> {
    return new Promise<CheckInResult>((resolve, reject) => {
      const laneKey = `${item.claims.tenantId} ${item.scan.eventId}`;
      let lane = this.lanes.get(laneKey);
      if (!lane) this.lanes.set(laneKey, (lane = { tenantId: item.claims.tenantId, eventId: item.scan.eventId, waiting: [], running: 0, scheduled: false }));
      lane.waiting.push({ ...item, resolve, reject });
      this.schedule(laneKey, lane);
    });
  }

  /**
   * Starts batches on the next turn of the event loop rather than at once: the requests the server
   * read from its sockets in this turn go together, instead of the first going alone.
   */
  private schedule(laneKey: string, lane: Lane): void {
    if (lane.scheduled || lane.running >= this.slots) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      while (lane.running < this.slots && lane.waiting.length > 0) {
        const batch = lane.waiting.splice(0, MAX_BATCH);
        lane.running++;
        // run() settles every scan itself; this only keeps a bug there from leaving doors waiting
        // (settling an already settled scan does nothing) or crashing the process.
        void this.run(lane, batch).catch((err: unknown) => { for (const w of batch) w.reject(err); }).finally(() => {
          lane.running--;
          if (lane.waiting.length > 0) this.schedule(laneKey, lane);
          else if (lane.running === 0) this.lanes.delete(laneKey);
        });
      }
    });
  }

  private async run(lane: Lane, items: Waiting[]): Promise<void> {
    let work = items;
    for (let attempt = 1; ; attempt++) {
      let outcomes: Outcome[];
      try {
        const prepared = await this.prepare(lane, work);
        outcomes = await this.io.transaction((tx) => this.judgeAndRecord(tx, lane, work, prepared));
      } catch (err) {
        const taken = takenScanIds(err);
        if (!taken) {
          if (work.length === 1 || err instanceof DomainError) {
            for (const w of work) w.reject(err);
            return;
          }
          // One scan's bad data must not fail its neighbours: each is tried on its own.
          for (const w of work) await this.run(lane, [w]);
          return;
        }
        // A concurrent twin took a scan id between our read and write. Ids this organizer cannot
        // see are not its scans; the rest are judged again (the twin's answer is now visible).
        work = work.filter((w) => {
          if (!taken.has(w.scan.scanId) || taken.get(w.scan.scanId)!.event !== null) return true;
          w.reject(new DomainError('idempotency_mismatch', 'This scanId is already used.'));
          return false;
        });
        if (work.length === 0) return;
        if (attempt >= MAX_ATTEMPTS) {
          for (const w of work) w.reject(new DomainError('unavailable', TOO_BUSY));
          return;
        }
        continue;
      }
      for (let i = 0; i < work.length; i++) {
        const o = outcomes[i]!;
        if (o.failed) work[i]!.reject(o.err);
        else work[i]!.resolve(o.ok);
      }
      return;
    }
  }

  /**
   * What the batch needs from outside its transaction (PGlite has one connection, so these cannot
   * be loaded inside it): the event's scan context and, for rotating QR codes, its rotation secret.
   */
  private async prepare(lane: Lane, work: Waiting[]): Promise<{ scanCtx: ScanContext | undefined; secret: Promise<Uint8Array> | undefined }> {
    const { ctx } = this;
    const scanCtx = await eventScanContext(ctx, lane.tenantId, lane.eventId);
    let secret: Promise<Uint8Array> | undefined;
    if (scanCtx && work.some((w) => needsRotationSecret(w.scan.input))) {
      const held = ctx.keys.cachedRotationSecret(lane.eventId);
      secret = held ? Promise.resolve(held)
        : withTenant(ctx.db, lane.tenantId, (trx) => ctx.keys.rotationSecret(trx, lane.tenantId, lane.eventId));
      // Judged per scan: a failed load is the rotating scans' error, not the batch's.
      secret.catch(() => undefined);
    }
    return { scanCtx, secret };
  }

  private async judgeAndRecord(
    tx: ScanBatchTx, lane: Lane, work: Waiting[], prepared: { scanCtx: ScanContext | undefined; secret: Promise<Uint8Array> | undefined },
  ): Promise<Outcome[]> {
    this.ctx.metrics.scanBatchSize.observe(work.length);
    const rows = await tx.openBatch(lane.tenantId, lane.eventId, work.map(openItem));
    const io = { rotationSecret: () => prepared.secret ?? Promise.reject(new Error('rotation secret not loaded')) };
    const outcomes: Outcome[] = new Array<Outcome>(work.length);
    const scans: BatchScanRow[] = [];
    const states = new Map<string, BatchStateRow>();
    // Tickets this batch changed, and scan ids it answered: later scans in the batch see both.
    const changed = new Map<string, Pick<TargetRow, 'state' | 'presence' | 'entry_count'>>();
    const answered = new Map<string, CheckInResult['answer']>();
    for (let i = 0; i < work.length; i++) {
      const w = work[i]!;
      let row = rows[i];
      try {
        if (row?.n !== i) throw new Error('scan batch rows out of order');
        const earlier = answered.get(w.scan.scanId);
        if (earlier) {
          outcomes[i] = { ok: { answer: earlier, replayed: true, ticketId: null } };
          continue;
        }
        const principal = authorizeScan(w.log, w.claims, row, lane.eventId, w.scan.input);
        if (!prepared.scanCtx) throw new DomainError('not_found', NO_SUCH_RESOURCE);
        const now = row.ticket_id !== null ? changed.get(row.ticket_id) : undefined;
        if (now) row = { ...row, ...now };
        const judged = await judgeLocked(io, prepared.scanCtx, checkInRequest(w.scan, principal), row);
        if ('replayed' in judged) {
          outcomes[i] = { ok: judged };
          continue;
        }
        const { record } = judged;
        scans.push(batchScanRow(record));
        answered.set(w.scan.scanId, judged.answer);
        const next = record.nextState;
        if (next && record.ticketId) {
          changed.set(record.ticketId, { state: next.state, presence: next.presence, entry_count: next.entryCount });
          states.set(record.ticketId, { id: record.ticketId, state: next.state, presence: next.presence, entryCount: next.entryCount, at: record.effectiveTime });
        }
        outcomes[i] = { ok: { answer: judged.answer, replayed: false, ticketId: judged.ticketId } };
      } catch (err) {
        outcomes[i] = { failed: true, err };
      }
    }
    if (scans.length > 0) await tx.recordAndCommit(lane.eventId, scans, [...states.values()]);
    return outcomes;
  }
}

function openItem(w: Waiting, n: number): BatchOpenItem {
  return {
    n, scan: w.scan.scanId, staff: w.claims.staffId, device: w.claims.device?.id ?? null, session: w.claims.sessionId,
    gate: w.scan.gateId, kid: w.key.kid, serial: w.key.serial, code: w.key.code, pin: w.key.pin,
  };
}

/** The check-in core's request, judged at the moment the ticket is locked. */
function checkInRequest(scan: OnlineScan, principal: StaffPrincipal): CheckInRequest {
  return {
    scanId: scan.scanId, eventId: scan.eventId, gateId: scan.gateId, direction: scan.direction, input: scan.input,
    deviceId: principal.device!.id, staffId: principal.staffId, at: Date.now(), deviceTime: scan.deviceTime,
    forStaff: principal.device?.kind !== 'kiosk',
  };
}

/** The scan route's authorization, on the live principal read in the scan transaction. */
export function authorizeScan(log: FastifyBaseLogger, claims: AccessClaims, row: OpenRow | undefined, eventId: string, input: ScanInput): StaffPrincipal {
  const principal = livePrincipal(claims, row);
  if (!principal) throw new DomainError('unauthorized', 'Your session has ended (signed out, device revoked or account disabled). Sign in again.');
  if (!row?.event_venue) throw new DomainError('not_found', NO_SUCH_RESOURCE);
  const decision = authorize(principal, 'scan:create', { tenantId: claims.tenantId, venueId: row.event_venue, eventId });
  if (!decision.allowed) {
    log.warn({ principal: describePrincipal(principal), action: 'scan:create', eventId, code: decision.code }, 'authorization denied');
    throw new DomainError(decision.code, decision.message);
  }
  // A kiosk checks in what the attendee presents; picking tickets by serial is for staff.
  if (principal.device?.kind === 'kiosk' && input.kind === 'serial') throw new DomainError('forbidden', 'A kiosk may not check tickets in by serial.');
  return principal;
}

/**
 * Where the app's batches run: the door-scan pool on PostgreSQL; on PGlite (one connection) a
 * Kysely transaction.
 */
export function scanBatchIo(ctx: AppContext): ScanBatchIo {
  const pool = fastScanPool(ctx);
  if (pool) return pool;
  return {
    transaction: (fn) => ctx.db.transaction().execute((trx) => fn({
      openBatch: (tenantId, eventId, items) => openScanBatch(trx, tenantId, eventId, items),
      recordAndCommit: (eventId, scans, states) => recordScanBatch(trx, eventId, scans, states),
    })),
  };
}

const batchers = new WeakMap<AppContext, ScanBatcher>();

/** The app's online scan batcher (tests build many apps in one process). */
export function scanBatcher(ctx: AppContext): ScanBatcher {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batchers.set(ctx, (batcher = new ScanBatcher(ctx, scanBatchIo(ctx), fastScanPool(ctx) ? 2 : 1)));
  }
  return batcher;
}

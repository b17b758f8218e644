import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { describePrincipal, livePrincipal, type StaffPrincipal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { loadScanContext } from '../events/event-policy.service.ts';
import { NO_SUCH_RESOURCE } from '../http/auth-guard.ts';
import { authorize } from '../http/authorize.ts';
import { DomainError } from '../shared/domain-error.ts';
import { judgeAndRecord, targetOf, trxIo, UNKNOWN_REASONS, type CheckInIo, type CheckInRequest, type CheckInResult, type ScanInput } from './check-in.service.ts';
import { lockoutOf } from './lockout.ts';
import { scanContexts } from './scan-context.cache.ts';
import { keyOwnerEvents } from './key-owner.cache.ts';
import { fastScanPool, type FastScanTx } from './scan-fast-path.ts';
import { openScan, type OpenRow, type RecordOutcome, type ScanRecord, type TargetKey } from './scan.repository.ts';

/**
 * Online door scans: the HTTP-facing wrapper around the check-in core. The access token was
 * verified (from cache) by the guard; everything that can change — device revoked, login revoked,
 * staff deactivated or moved, the event's venue — is read by the transaction's first statement,
 * which also locks the ticket, and authorize() decides on that live principal before anything
 * about the ticket is used. On PostgreSQL the transaction is two round trips (scan-fast-path.ts);
 * on PGlite it runs through Kysely.
 */
export interface OnlineScan {
  scanId: string;
  eventId: string;
  gateId: string;
  direction: 'in' | 'out';
  input: ScanInput;
  /** Device clock (epoch ms), as reported. */
  deviceTime: number | null;
}

const NO_TARGET: TargetKey = { kid: null, serial: null, code: null, pin: null };

/** A scan refused before judging because its device is slowed or blocked for guessing (429). */
export class LockoutRefusal extends DomainError {
  constructor(code: 'rate_limited' | 'locked_out', message: string, readonly retryAfterSeconds: number) {
    super(code, message);
  }
}

function refusal(state: 'slowed' | 'blocked', retryAfterSeconds: number): LockoutRefusal {
  return state === 'blocked'
    ? new LockoutRefusal('locked_out', `This device is blocked after too many unknown codes; retry in ${retryAfterSeconds} s or ask a manager.`, retryAfterSeconds)
    : new LockoutRefusal('rate_limited', `Too many unknown codes: one scan every few seconds for now; retry in ${retryAfterSeconds} s.`, retryAfterSeconds);
}

/** Refuses when the device is blocked right now (a group check-in asks once before its items). */
export async function lockoutBlocked(ctx: AppContext, log: FastifyBaseLogger, deviceId: string): Promise<LockoutRefusal | null> {
  try {
    const seconds = await lockoutOf(ctx).blockedSeconds(deviceId);
    return seconds > 0 ? refusal('blocked', seconds) : null;
  } catch (err) {
    log.error({ err }, 'lockout check failed');
    return null;
  }
}

/**
 * One online scan from a device under the guessing lockout: a unit of the device's budget is
 * reserved before the scan is judged (throws LockoutRefusal when none is left), kept when the scan
 * named no ticket, given back otherwise. Sessions without a device are not budgeted.
 */
export async function scanGuarded(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, scan: OnlineScan): Promise<CheckInResult> {
  const deviceId = claims.device?.id;
  if (!deviceId) return scanOnline(ctx, log, claims, scan);
  const lockout = lockoutOf(ctx);
  let count: number | null = null;
  try {
    const r = await lockout.reserve(deviceId);
    if (r.state !== 'ok') throw refusal(r.state, r.retryAfterSeconds);
    count = r.count;
  } catch (err) {
    if (err instanceof LockoutRefusal) throw err;
    // Redis unreachable: the door keeps working; the per-device rate limit still applies.
    log.error({ err }, 'lockout check failed');
  }
  let result: CheckInResult;
  try {
    result = await scanOnline(ctx, log, claims, scan);
  } catch (err) {
    if (count !== null) void lockout.release(deviceId).catch((e: unknown) => log.error({ err: e }, 'lockout release failed'));
    throw err;
  }
  if (count === null) return result;
  // A replayed scan id was counted (or not) the first time.
  if (!result.replayed && UNKNOWN_REASONS.has(result.answer.reason)) {
    await settleUnknown(ctx, log, claims, count);
  } else {
    // Not awaited: the answer need not wait for the bookkeeping of an honest scan.
    void lockout.release(deviceId).catch((err: unknown) => log.error({ err }, 'lockout release failed'));
  }
  return result;
}

export async function scanOnline(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, scan: OnlineScan): Promise<CheckInResult> {
  const target = targetOf(scan.input);
  const key = typeof target === 'string' ? NO_TARGET : target;
  // Only a key this event does not own needs its owner; after the first scan it is a map lookup.
  const keyEvent = key.kid !== null ? (await keyOwnerEvents(ctx, [key.kid])).get(key.kid) ?? null : null;
  const who = { tenantId: claims.tenantId, staffId: claims.staffId, deviceId: claims.device?.id ?? null, sessionId: claims.sessionId };

  const fast = fastScanPool(ctx);
  let result: CheckInResult;
  if (fast) {
    // Outside the transaction: a cache hit, or one shared load in the caller's tenant.
    const cached = await scanContexts(ctx).getOrLoad(claims.tenantId, scan.eventId,
      () => withTenant(ctx.db, claims.tenantId, (trx) => loadScanContext(trx, scan.eventId)));
    result = await fast.transaction(async (tx) => {
      const row = await tx.begin(who, scan.eventId, scan.scanId, scan.gateId, key);
      const principal = authorizeScan(log, claims, row, scan.eventId, scan.input);
      if (!cached) throw new DomainError('not_found', NO_SUCH_RESOURCE);
      return judgeAndRecord(new FastIo(ctx, claims.tenantId, scan.eventId, tx), cached, checkInRequest(scan, principal, keyEvent), row!);
    });
  } else {
    result = await ctx.db.transaction().execute(async (trx) => {
      const row = await openScan(trx, who, scan.eventId, scan.scanId, scan.gateId, key);
      const principal = authorizeScan(log, claims, row, scan.eventId, scan.input);
      const scanCtx = await scanContexts(ctx).get(trx, scan.eventId);
      if (!scanCtx) throw new DomainError('not_found', NO_SUCH_RESOURCE);
      return judgeAndRecord(trxIo(ctx, trx, scanCtx), scanCtx, checkInRequest(scan, principal, keyEvent), row!);
    });
  }
  return result;
}

// Per-scan helpers are module functions and a class rather than closures: under tsx (esbuild
// keepNames) every closure with an inferred name costs a defineProperty per scan.

/** The check-in core's request, judged at the moment the ticket is locked. */
function checkInRequest(scan: OnlineScan, principal: StaffPrincipal, keyEvent: string | null): CheckInRequest {
  return {
    scanId: scan.scanId, eventId: scan.eventId, gateId: scan.gateId, direction: scan.direction, input: scan.input,
    deviceId: principal.device!.id, staffId: principal.staffId, at: Date.now(), deviceTime: scan.deviceTime, keyEvent,
  };
}

/** judgeAndRecord's I/O on the PostgreSQL fast path. */
class FastIo implements CheckInIo {
  constructor(private readonly ctx: AppContext, private readonly tenantId: string, private readonly eventId: string, private readonly tx: FastScanTx) {}
  rotationSecret(): Promise<Uint8Array> {
    // No transaction of ours on the fast path: the first rotating scan of an event loads it in one.
    const held = this.ctx.keys.cachedRotationSecret(this.eventId);
    if (held) return Promise.resolve(held);
    return withTenant(this.ctx.db, this.tenantId, (trx) => this.ctx.keys.rotationSecret(trx, this.tenantId, this.eventId));
  }
  record(r: ScanRecord): Promise<RecordOutcome> {
    return this.tx.recordAndCommit(r);
  }
}

/** The scan route's authorization, on the live principal read in the scan transaction. */
function authorizeScan(log: FastifyBaseLogger, claims: AccessClaims, row: OpenRow | undefined, eventId: string, input: ScanInput): StaffPrincipal {
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

async function settleUnknown(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, reserved: number): Promise<void> {
  const deviceId = claims.device!.id;
  try {
    const { count, blocked } = await lockoutOf(ctx).settleUnknown(deviceId, reserved);
    if (!blocked) return;
    await auditLockout(ctx, log, { tenantId: claims.tenantId, deviceId, staffId: claims.staffId, count });
  } catch (err) {
    log.error({ err }, 'lockout bookkeeping failed');
  }
}

/** The organizer learns of a blocked device from the audit log (also used by offline uploads). */
export async function auditLockout(ctx: AppContext, log: FastifyBaseLogger, who: { tenantId: string; deviceId: string; staffId: string | null; count: number }): Promise<void> {
  const opts = lockoutOf(ctx).options;
  log.warn({ deviceId: who.deviceId, staffId: who.staffId, count: who.count }, 'device blocked after repeated unknown codes');
  await withTenant(ctx.db, who.tenantId, (trx) => audit(trx, {
    tenantId: who.tenantId, actorKind: 'device', actorId: who.deviceId, action: 'device.locked_out', subjectId: who.deviceId,
    detail: { staffId: who.staffId, unknownCodes: who.count, windowMinutes: opts.windowMs / 60_000, blockedMinutes: opts.blockMs / 60_000 },
  }));
}

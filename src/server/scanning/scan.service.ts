import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { describePrincipal, livePrincipal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { NO_SUCH_RESOURCE } from '../http/auth-guard.ts';
import { authorize } from '../http/authorize.ts';
import { DomainError } from '../shared/domain-error.ts';
import { judgeAndRecord, targetOf, UNKNOWN_REASONS, type CheckInRequest, type CheckInResult, type ScanInput } from './check-in.service.ts';
import { lockoutOf } from './lockout.ts';
import { scanContexts } from './scan-context.cache.ts';
import { openScan, type TargetKey } from './scan.repository.ts';

/**
 * Online door scans: the HTTP-facing wrapper around the check-in core. Per scan, on PostgreSQL:
 * BEGIN · one statement (enter the tenant, load the live principal, lock the ticket, look up an
 * earlier answer) · decide() in process · one statement (scan row + ticket state) · COMMIT.
 * The access token was verified from cache by the guard; revocation of the device, the login or
 * the staff member is seen by the first statement, inside the same transaction as the scan.
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

/** Refuses early when the device is slowed or blocked for guessing; null when it may scan. */
export async function lockoutCheck(ctx: AppContext, log: FastifyBaseLogger, deviceId: string): Promise<DomainError | null> {
  try {
    const state = await lockoutOf(ctx).check(deviceId);
    if (state.state === 'ok') return null;
    const err = state.state === 'blocked'
      ? new DomainError('locked_out', `This device is blocked after too many unknown codes; retry in ${state.retryAfterSeconds} s or ask a manager.`)
      : new DomainError('rate_limited', `Too many unknown codes: one scan every few seconds for now; retry in ${state.retryAfterSeconds} s.`);
    return Object.assign(err, { retryAfterSeconds: state.retryAfterSeconds });
  } catch (err) {
    // Redis unreachable: the door keeps working; the per-device rate limit still applies.
    log.error({ err }, 'lockout check failed');
    return null;
  }
}

export async function scanOnline(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, scan: OnlineScan): Promise<CheckInResult> {
  const target = targetOf(scan.input);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await openScan(trx, { tenantId: claims.tenantId, staffId: claims.staffId, deviceId: claims.device?.id ?? null, sessionId: claims.sessionId },
      scan.eventId, scan.scanId, scan.gateId, target === 'malformed' ? NO_TARGET : target);
    const principal = livePrincipal(claims, row);
    if (!principal) throw new DomainError('unauthorized', 'Your session has ended (signed out, device revoked or account disabled). Sign in again.');
    if (!row?.event_venue) throw new DomainError('not_found', NO_SUCH_RESOURCE);
    const decision = authorize(principal, 'scan:create', { tenantId: claims.tenantId, venueId: row.event_venue, eventId: scan.eventId });
    if (!decision.allowed) {
      log.warn({ principal: describePrincipal(principal), action: 'scan:create', eventId: scan.eventId, code: decision.code }, 'authorization denied');
      throw new DomainError(decision.code, decision.message);
    }
    const scanCtx = await scanContexts(ctx).get(trx, scan.eventId);
    if (!scanCtx) throw new DomainError('not_found', NO_SUCH_RESOURCE);
    const request: CheckInRequest = {
      scanId: scan.scanId, eventId: scan.eventId, gateId: scan.gateId, direction: scan.direction, input: scan.input,
      deviceId: principal.device!.id, staffId: claims.staffId, at: Date.now(), deviceTime: scan.deviceTime,
    };
    return judgeAndRecord(ctx, trx, scanCtx, request, row);
  });
  if (!result.replayed && claims.device && UNKNOWN_REASONS.has(result.answer.reason)) await countUnknown(ctx, log, claims);
  return result;
}

async function countUnknown(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims): Promise<void> {
  const deviceId = claims.device!.id;
  try {
    const { count, blocked } = await lockoutOf(ctx).recordUnknown(deviceId);
    if (!blocked) return;
    const opts = lockoutOf(ctx).options;
    log.warn({ deviceId, staffId: claims.staffId, count }, 'device blocked after repeated unknown codes');
    await withTenant(ctx.db, claims.tenantId, (trx) => audit(trx, {
      tenantId: claims.tenantId, actorKind: 'device', actorId: deviceId, action: 'device.locked_out', subjectId: deviceId,
      detail: { staffId: claims.staffId, unknownCodes: count, windowMinutes: opts.windowMs / 60_000, blockedMinutes: opts.blockMs / 60_000 },
    }));
  } catch (err) {
    log.error({ err }, 'lockout bookkeeping failed');
  }
}

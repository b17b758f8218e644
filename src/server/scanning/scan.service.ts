import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { decideAccess, tokenPrincipal } from '../auth/auth-guard.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { CheckInResult } from '../judging/check-in.service.ts';
import { targetKeyOf } from '../judging/scan-input.ts';
import { countsAsGuess, lockoutOf } from '../judging/lockout.ts';
import { auditLockout, LockoutRefusal, refusal } from '../judging/lockout-refusal.ts';
import { scanBatcher, type OnlineScan } from './scan-batch.ts';
import { scanSession } from './session-scan.service.ts';

/**
 * Online door scans: the HTTP-facing wrapper around the check-in core. The access token was
 * verified (from cache) by the guard; everything that can change — device revoked, login revoked,
 * staff deactivated or moved, the event's venue — is read by the transaction's first statement,
 * which also locks the ticket, and authorize() decides on that live principal before anything
 * about the ticket is used. Scans that arrive together are judged in one transaction
 * (scan-batch.ts).
 */
export type { OnlineScan } from './scan-batch.ts';

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
    if (r.state !== 'ok') {
      await mayScanOrThrow(ctx, log, claims, scan.eventId);
      throw refusal(r.state, r.retryAfterSeconds);
    }
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
  if (!result.replayed && countsAsGuess('online', scan.input.kind, result.answer.reason)) {
    await settleUnknown(ctx, log, claims, count);
  } else {
    // Not awaited: the answer need not wait for the bookkeeping of an honest scan.
    void lockout.release(deviceId).catch((err: unknown) => log.error({ err }, 'lockout release failed'));
  }
  return result;
}

/**
 * Authorization before throttling: a throttled device scanning an event it may not access is told
 * 403 (or 404), not 429. Only refused scans pay for this lookup; an allowed one is authorized in
 * its scan transaction as usual.
 */
async function mayScanOrThrow(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, eventId: string): Promise<void> {
  const access = await decideAccess(ctx, log, tokenPrincipal(claims), claims, 'scan:create', 'event', eventId);
  if (!access.allowed) throw new DomainError(access.code, access.message);
}

export async function scanOnline(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, scan: OnlineScan): Promise<CheckInResult> {
  if (scan.sessionId !== undefined) return scanSession(ctx, log, claims, { ...scan, sessionId: scan.sessionId });
  return scanBatcher(ctx).submit({ claims, log, scan, key: targetKeyOf(scan.input) });
}

async function settleUnknown(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, reserved: number): Promise<void> {
  const deviceId = claims.device!.id;
  try {
    const { count, blocked } = await lockoutOf(ctx).settleUnknown(claims.tenantId, deviceId, reserved);
    if (!blocked) return;
    await auditLockout(ctx, log, { tenantId: claims.tenantId, deviceId, staffId: claims.staffId, count });
  } catch (err) {
    log.error({ err }, 'lockout bookkeeping failed');
  }
}

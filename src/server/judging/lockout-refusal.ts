import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { lockoutOf } from './lockout.ts';

/** A scan refused before judging because its device is slowed or blocked for guessing (429). */
export class LockoutRefusal extends DomainError {
  constructor(code: 'rate_limited' | 'locked_out', message: string, readonly retryAfterSeconds: number) {
    super(code, message);
  }
}

export function refusal(state: 'slowed' | 'blocked', retryAfterSeconds: number): LockoutRefusal {
  return state === 'blocked'
    ? new LockoutRefusal('locked_out', `This device is blocked after too many unknown codes; retry in ${retryAfterSeconds} s or ask a manager.`, retryAfterSeconds)
    : new LockoutRefusal('rate_limited', `Too many unknown codes: one scan every few seconds for now; retry in ${retryAfterSeconds} s.`, retryAfterSeconds);
}

/** The organizer learns of a blocked device from the audit log (online scans and offline uploads). */
export async function auditLockout(ctx: AppContext, log: FastifyBaseLogger, who: { tenantId: string; deviceId: string; staffId: string | null; count: number }): Promise<void> {
  const opts = lockoutOf(ctx).options;
  log.warn({ deviceId: who.deviceId, staffId: who.staffId, count: who.count }, 'device blocked after repeated unknown codes');
  await withTenant(ctx.db, who.tenantId, (trx) => audit(trx, {
    tenantId: who.tenantId, actorKind: 'device', actorId: who.deviceId, action: 'device.locked_out', subjectId: who.deviceId,
    detail: { staffId: who.staffId, unknownCodes: who.count, windowMinutes: opts.windowMs / 60_000, blockedMinutes: opts.blockMs / 60_000 },
  }));
}

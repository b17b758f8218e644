import type { FastifyBaseLogger } from 'fastify';
import { decideSession, insideAfter } from '../../core/index.ts';
import { sessionRuleOf } from '../judging/session-rule.ts';
import type { AppContext } from '../app-context.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { eventScanContext } from '../events/scan-context.cache.ts';
import { DomainError } from '../shared/domain-error.ts';
import { NO_SUCH_RESOURCE } from '../auth/auth-guard.ts';
import { presentedTicket, replay, type CheckInResult, type ScanAnswer } from '../judging/check-in.service.ts';
import { INPUT_KIND, needsRotationSecret, targetKeyOf } from '../judging/scan-input.ts';
import { authorizeScan, type OnlineScan } from './scan-batch.ts';
import { lockSession, openSessionScan, sessionInside, sessionStanding } from './session-scan.repository.ts';

/**
 * Online check-in at the door of a session's room. Not batched like gate scans (scan-batch.ts):
 * one transaction per scan that locks the SESSION row first, so every scan of one room takes its
 * turn and the head count it is judged on is exact — the capacity holds under any number of
 * phones. Rooms hold tens to hundreds, so their doors never see the gate's rates. The ticket is
 * read, never locked or written: a session scan is recorded with its session_id and changes
 * nothing the event's doors count (figures, webhooks and undo leave such scans out).
 */
export async function scanSession(ctx: AppContext, log: FastifyBaseLogger, claims: AccessClaims, scan: OnlineScan & { sessionId: string }): Promise<CheckInResult> {
  const scanCtx = await eventScanContext(ctx, claims.tenantId, scan.eventId);
  if (!scanCtx) throw new DomainError('not_found', NO_SUCH_RESOURCE);
  // Loaded outside the transaction: PGlite has a single connection.
  const secret = needsRotationSecret(scan.input)
    ? ctx.keys.cachedRotationSecret(scan.eventId) ?? await withTenant(ctx.db, claims.tenantId, (trx) => ctx.keys.rotationSecret(trx, claims.tenantId, scan.eventId))
    : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenant(ctx.db, claims.tenantId, (trx) => judgeAndRecord(trx, log, claims, scanCtx, scan, secret));
    } catch (err) {
      // A concurrent retry of the same scan id committed first: the next attempt replays its answer.
      if (attempt < 3 && (err as { code?: string }).code === '23505') continue;
      throw err;
    }
  }
}

async function judgeAndRecord(
  trx: Trx, log: FastifyBaseLogger, claims: AccessClaims, scanCtx: ScanContext, scan: OnlineScan & { sessionId: string },
  secret: Uint8Array | undefined,
): Promise<CheckInResult> {
  const key = targetKeyOf(scan.input);
  const session = await lockSession(trx, scan.eventId, scan.sessionId);
  const row = await openSessionScan(trx, scan.eventId, {
    ...key, scan: scan.scanId, staff: claims.staffId, device: claims.device?.id ?? null, session: claims.sessionId, gate: scan.gateId || null,
  });
  const principal = authorizeScan(log, claims, row, scan.eventId, scan.input);
  if (row.prior_event !== null) return replay(row.prior_event, row.prior_response, scan);
  if (!session) throw new DomainError('unprocessable', 'sessionId is not a session of this event.');
  if (scan.gateId && row.gate_zone === null) throw new DomainError('unprocessable', 'gateId is not a gate of this event’s venue.');

  const at = Date.now();
  const deviceId = principal.device!.id;
  const rule = sessionRuleOf(session, scanCtx);
  const presented = await presentedTicket({ rotationSecret: () => secret ? Promise.resolve(secret) : Promise.reject(new Error('rotation secret not loaded')) },
    scanCtx, { eventId: scan.eventId, input: scan.input, at }, row);
  const inside = await sessionInside(trx, session.id);
  let answer: ScanAnswer;
  let ticketId: string | null;
  if (presented.refusal) {
    answer = { verdict: 'refused', reason: presented.refusal.decision.reason };
    ticketId = presented.refusal.ticketId;
    if (presented.refusal.showTicket && row.serial !== null) answer.ticket = ticketOf(row);
    answer.session = { id: session.id, name: session.name, inside, capacity: session.capacity };
  } else {
    ticketId = row.ticket_id;
    const standing = await sessionStanding(trx, session.id, ticketId!);
    const d = decideSession(presented.state, standing, {
      eventId: scan.eventId, sessionId: session.id, gateId: scan.gateId ?? '', direction: scan.direction, deviceId,
    }, rule, scanCtx.policy, at, inside);
    answer = { verdict: d.verdict, reason: d.reason, ticket: ticketOf(row) };
    const last = standing.lastScan;
    if (last && (d.verdict === 'refused' || d.reason === 'duplicate_scan')) {
      answer.previous = { at: new Date(last.at).toISOString(), gate: scanCtx.gates.get(last.gateId)?.name ?? session.name };
    }
    answer.session = { id: session.id, name: session.name, inside: insideAfter(inside, d), capacity: session.capacity };
  }
  await trx.insertInto('scans').values({
    id: scan.scanId, tenant_id: claims.tenantId, event_id: scan.eventId, ticket_id: ticketId, device_id: deviceId,
    staff_id: principal.staffId, gate_id: scan.gateId || null, direction: scan.direction, input_kind: INPUT_KIND[scan.input.kind],
    verdict: answer.verdict, reason: answer.reason, device_time: scan.deviceTime != null ? new Date(scan.deviceTime) : null,
    effective_time: new Date(at), response: JSON.stringify(answer), session_id: session.id,
  }).execute();
  return { answer, replayed: false, ticketId };
}

function ticketOf(row: { serial: number | null; holder_name: string | null; type_name: string | null; zone_codes: string[] | null }) {
  return { serial: row.serial!, holderName: row.holder_name!, type: row.type_name!, zones: [...(row.zone_codes ?? [])] };
}

import { sql } from 'kysely';
import { dayKey, movedTicket, type TicketState } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { ticketStateOf } from '../judging/check-in.service.ts';
import { scanContexts } from '../events/scan-context.cache.ts';

/**
 * Undo of an admission or exit ("wrong person, let me redo that"). Door staff may undo their own
 * scan from the same device within 15 minutes; managers any scan, any time. scans stays
 * append-only: the annulment is its own row, and the ticket goes back to how it was before the
 * scan. Only the ticket's latest standing movement can be undone, so history never reorders.
 * Which scans moved the ticket is core movedTicket() / SQL karibu_moved_ticket(): a camera
 * double-read (duplicate_scan) after an admission moved nothing, so the admission stays undoable,
 * and undoing the repeat itself is refused as nothing_to_undo.
 */
export const STAFF_UNDO_WINDOW_MS = 15 * 60_000;

export interface UndoResult {
  scanId: string;
  ticket: { serial: number; presence: 'inside' | 'outside'; entryCount: number };
}

export async function undoScan(ctx: AppContext, principal: Principal, eventId: string, scanId: string): Promise<UndoResult> {
  if (principal.kind !== 'staff') throw new DomainError('forbidden', 'Only staff undo scans.');
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const scan = await trx.selectFrom('scans')
      .select(['id', 'ticket_id', 'staff_id', 'device_id', 'verdict', 'reason', 'server_verdict', 'server_reason', 'offline', 'conflict', 'server_time', 'effective_time', 'session_id'])
      .where('id', '=', scanId).where('event_id', '=', eventId).executeTakeFirst();
    if (!scan) throw new DomainError('not_found', 'No such scan at this event.');
    const manager = principal.role !== 'staff';
    if (!manager) {
      const own = scan.staff_id === principal.staffId && scan.device_id !== null && scan.device_id === principal.device?.id;
      if (!own) throw new DomainError('forbidden', 'You can undo only your own scans, from the device that made them.');
      if (Date.now() - scan.server_time.getTime() > STAFF_UNDO_WINDOW_MS) throw new DomainError('forbidden', 'Too late to undo (15 minutes); ask a manager.');
    }
    // A session scan never moved the ticket's event state, so undo (which rewrites it) is not for it.
    if (scan.session_id !== null) throw new DomainError('nothing_to_undo', 'This was a session scan; it did not check the ticket in or out of the event.');
    if (!scan.ticket_id || !movedTicket({ offline: scan.offline, conflict: scan.conflict, reason: scan.reason, serverReason: scan.server_reason })) {
      throw new DomainError('nothing_to_undo', (scan.offline ? scan.server_reason : scan.reason) === 'duplicate_scan'
        ? 'This scan repeated an earlier answer and changed nothing; undo the admission or exit it repeated.'
        : 'This scan admitted or exited nobody; there is nothing to undo.');
    }
    // What the scan did to the ticket: for an offline replay, the server's verdict.
    const effect = scan.offline ? scan.server_verdict : scan.verdict;
    if (await trx.selectFrom('scan_annulments').select('scan_id').where('scan_id', '=', scanId).executeTakeFirst()) {
      throw new DomainError('conflict', 'This scan was already undone.');
    }

    const ticket = await trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
      .select(['tickets.id', 'tickets.serial', 'tickets.status', 'tickets.presence', 'tickets.entry_count', 'tickets.state', 'ticket_types.type_no', 'ticket_types.zone_codes'])
      .where('tickets.id', '=', scan.ticket_id).forUpdate('tickets').executeTakeFirstOrThrow();
    // The ticket's moving scans still standing (karibu_moved_ticket, not annulled), newest first.
    const standing = await trx.selectFrom('scans')
      .select(['id', 'verdict', 'server_verdict', 'offline', 'effective_time'])
      .where('ticket_id', '=', scan.ticket_id).where('session_id', 'is', null)
      .where(sql<boolean>`karibu_moved_ticket(scans.offline, scans.conflict, scans.reason, scans.server_reason)`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('scan_annulments').select('scan_id').whereRef('scan_annulments.scan_id', '=', 'scans.id'))))
      .orderBy('effective_time', 'desc').orderBy('server_time', 'desc').execute();
    if (standing[0]?.id !== scanId) throw new DomainError('conflict', 'A later scan changed this ticket; undo that one first.');
    const rest = standing.slice(1).map((s) => ({ kind: s.offline ? s.server_verdict : s.verdict, at: s.effective_time.getTime() }));

    const before = ticketStateOf(eventId, { ...ticket, state: ticket.state });
    const next: TicketState = { ...before };
    delete next.lastScan;
    next.presence = rest[0]?.kind === 'admitted' ? 'inside' : 'outside';
    if (effect === 'admitted') {
      next.entryCount = Math.max(0, before.entryCount - 1);
      setOrDelete(next, 'lastEntryAt', rest.find((s) => s.kind === 'admitted')?.at);
      if (before.entryDays?.length) {
        const scanCtx = await scanContexts(ctx).get(trx, eventId);
        const day = scanCtx ? dayKey(scan.effective_time.getTime(), scanCtx.policy.event.utcOffsetMinutes, scanCtx.policy.event.dayStartMinutes) : undefined;
        const i = day ? before.entryDays.lastIndexOf(day) : -1;
        next.entryDays = i >= 0 ? [...before.entryDays.slice(0, i), ...before.entryDays.slice(i + 1)] : before.entryDays;
      }
    } else {
      setOrDelete(next, 'lastExitAt', rest.find((s) => s.kind === 'exited')?.at);
    }

    await trx.insertInto('scan_annulments').values({
      scan_id: scanId, tenant_id: principal.tenantId, event_id: eventId, ticket_id: scan.ticket_id,
      staff_id: principal.staffId, device_id: principal.device?.id ?? null,
    }).execute();
    await trx.updateTable('tickets').set({
      state: JSON.stringify(next), presence: next.presence, entry_count: next.entryCount, updated_at: new Date(),
    }).where('id', '=', scan.ticket_id).execute();
    const actor = actorOf(principal);
    await audit(trx, {
      tenantId: principal.tenantId, ...actor, action: 'scan.annulled', subjectId: scanId,
      detail: { ...actor.detail, ticketId: scan.ticket_id, verdict: effect, scannedBy: scan.staff_id },
    });
    return { scanId, ticket: { serial: ticket.serial, presence: next.presence, entryCount: next.entryCount } };
  });
}

function setOrDelete(state: TicketState, key: 'lastEntryAt' | 'lastExitAt', value: number | undefined): void {
  if (value === undefined) delete state[key];
  else state[key] = value;
}

import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';
import { DomainError } from '../shared/domain-error.ts';
import {
  countedScans, findConflictRow, insertResolution, listConflictRows, type ConflictFilter, type ConflictRow, type CountedRow,
} from './conflicts.repository.ts';

/**
 * Conflicts for managers (docs/sync-protocol.md §5.3): offline scans whose device verdict the
 * server's replay did not confirm. Each comes with the scans that did count for its ticket, so a
 * manager sees which phone was first. Resolving records a note; it never changes counts.
 */

export interface ConflictView {
  scanId: string;
  at: string;
  deviceTime: string | null;
  device: { id: string; name: string } | null;
  gate: { id: string; name: string } | null;
  direction: Direction;
  deviceVerdict: Verdict;
  deviceReason: string;
  serverVerdict: Verdict;
  serverReason: string;
  ticket: { id: string; serial: number; code: string; holderName: string; typeName: string } | null;
  counted: { scanId: string; at: string; verdict: Verdict; deviceId: string | null; offline: boolean }[];
  resolution: { at: string; by: { id: string; name: string } | null; note: string } | null;
}

export const MAX_CONFLICTS = 1000;

function view(row: ConflictRow, counted: CountedRow[]): ConflictView {
  return {
    scanId: row.id,
    at: row.effective_time.toISOString(),
    deviceTime: row.device_time?.toISOString() ?? null,
    device: row.device_id ? { id: row.device_id, name: row.device_name ?? '' } : null,
    gate: row.gate_id ? { id: row.gate_id, name: row.gate_name ?? '' } : null,
    direction: row.direction,
    deviceVerdict: row.verdict,
    deviceReason: row.reason,
    serverVerdict: row.server_verdict ?? 'refused',
    serverReason: row.server_reason ?? 'unknown_ticket',
    ticket: row.ticket_id
      ? { id: row.ticket_id, serial: row.serial!, code: row.code!, holderName: row.holder_name!, typeName: row.type_name ?? '' }
      : null,
    counted: counted.filter((c) => c.ticket_id === row.ticket_id).map((c) => ({
      scanId: c.id, at: c.effective_time.toISOString(), verdict: c.verdict, deviceId: c.device_id, offline: c.offline,
    })),
    resolution: row.resolved_at
      ? { at: row.resolved_at.toISOString(), by: row.resolved_by ? { id: row.resolved_by, name: row.resolved_by_name ?? '' } : null, note: row.note ?? '' }
      : null,
  };
}

export async function listConflicts(
  ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, opts: { status: ConflictFilter; limit: number },
): Promise<ConflictView[]> {
  return withTenant(ctx.db, tenantId, async (trx) => {
    const rows = await listConflictRows(trx, eventId, opts.status, Math.min(opts.limit, MAX_CONFLICTS));
    const ticketIds = [...new Set(rows.map((r) => r.ticket_id).filter((id): id is string => id !== null))];
    const counted = await countedScans(trx, ticketIds);
    return rows.map((r) => view(r, counted));
  });
}

export async function resolveConflict(
  ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, scanId: string, staffId: string | null, note: string,
): Promise<ConflictView> {
  return withTenant(ctx.db, tenantId, async (trx) => {
    const row = await findConflictRow(trx, eventId, scanId);
    if (!row) throw new DomainError('not_found', 'No conflict with this scan id in this event.');
    const inserted = await insertResolution(trx, { scanId, tenantId, eventId, staffId, note: note.trim() });
    if (!inserted) throw new DomainError('conflict', 'This conflict is already resolved.');
    await audit(trx, {
      tenantId, actorKind: 'staff', actorId: staffId, action: 'sync.conflict_resolved', subjectId: scanId,
      detail: { eventId, ticketId: row.ticket_id },
    });
    const resolved = (await findConflictRow(trx, eventId, scanId))!;
    return view(resolved, row.ticket_id ? await countedScans(trx, [row.ticket_id]) : []);
  });
}

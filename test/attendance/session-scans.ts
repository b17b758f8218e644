import { randomUUID } from 'node:crypto';
import type { KaribuApp } from '../../src/server/app.ts';
import { withTenant } from '../../src/server/db/database.ts';

/**
 * Session scans written straight into `scans`, as the door's session mode will record them: a
 * standing entry (admitted) or exit (exited), or a refusal; `undone` adds the annulment undo
 * writes. For attendance tests that must not depend on how the door judges a session.
 */
export interface SessionScan {
  ticketId: string;
  sessionId: string;
  direction: 'in' | 'out';
  at: Date;
  verdict?: 'admitted' | 'exited' | 'refused';
  reason?: string;
  offline?: boolean;
  conflict?: boolean;
  serverReason?: string | null;
  undone?: boolean;
}

export async function insertSessionScans(app: KaribuApp, tenantId: string, eventId: string, scans: SessionScan[]): Promise<string[]> {
  const rows = scans.map((s) => {
    const verdict = s.verdict ?? (s.direction === 'in' ? 'admitted' : 'exited');
    const reason = s.reason ?? (verdict === 'refused' ? 'not_allowed' : verdict);
    return {
      id: randomUUID(), tenant_id: tenantId, event_id: eventId, ticket_id: s.ticketId, session_id: s.sessionId, direction: s.direction,
      input_kind: 'qr' as const, verdict, reason, effective_time: s.at, device_time: s.at,
      offline: s.offline ?? false, conflict: s.conflict ?? false,
      server_verdict: s.offline ? verdict : null, server_reason: s.offline ? (s.serverReason ?? reason) : null,
    };
  });
  await withTenant(app.ctx.db, tenantId, async (trx) => {
    await trx.insertInto('scans').values(rows).execute();
    const undone = rows.filter((_, i) => scans[i]!.undone);
    if (undone.length > 0) {
      await trx.insertInto('scan_annulments').values(undone.map((r) => ({
        scan_id: r.id, tenant_id: tenantId, event_id: eventId, ticket_id: r.ticket_id, staff_id: null, device_id: null,
      }))).execute();
    }
  });
  return rows.map((r) => r.id);
}

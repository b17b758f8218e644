import type { Trx } from '../db/database.ts';

/**
 * Organizer-visible security and accountability events (audit_log is append-only): who did what
 * to which subject. `detail` must never hold personal data or secrets — ids and codes only.
 */
export type AuditActorKind = 'staff' | 'device' | 'api_key' | 'system' | 'attendee';

export interface AuditEntry {
  tenantId: string;
  actorKind: AuditActorKind;
  actorId: string | null;
  action: string;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes one audit entry in the caller's tenant transaction. */
export async function audit(trx: Trx, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values({
    tenant_id: entry.tenantId, actor_kind: entry.actorKind, actor_id: entry.actorId, action: entry.action,
    subject_id: entry.subjectId ?? null, detail: JSON.stringify(entry.detail ?? {}) as never,
  }).execute();
}

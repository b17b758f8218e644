import type { SessionRule } from '../../core/index.ts';
import type { ScanContext } from '../events/event-policy.service.ts';

/**
 * A session row as the session judge (core decideSession) sees it, shared by online session
 * scans, offline uploads and the manifest, so the three read a session the same way.
 */
/** The engine's view of a session row; admitted types go by type number, as tickets carry them. */
export function sessionRuleOf(
  s: { id: string; zone: string | null; starts_at: Date; ends_at: Date; capacity: number | null; admits_ticket_type_ids: string[] | string | null }, scanCtx: Pick<ScanContext, 'typesByNo'>,
): SessionRule {
  let admitsTypeNos: number[] | null = null;
  const listed = uuidArray(s.admits_ticket_type_ids);
  if (listed) {
    const ids = new Set(listed);
    admitsTypeNos = [...scanCtx.typesByNo.values()].filter((t) => ids.has(t.id)).map((t) => t.typeNo).sort((a, b) => a - b);
  }
  return {
    id: s.id, zone: s.zone, startsAt: new Date(s.starts_at).getTime(), endsAt: new Date(s.ends_at).getTime(),
    capacity: s.capacity, admitsTypeNos,
  };
}

/** A uuid[] as the driver gives it: an array, or its text form when the driver does not parse it. */
export function uuidArray(value: string[] | string | null): string[] | null {
  if (value === null || Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

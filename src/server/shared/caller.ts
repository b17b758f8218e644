import type { AuditActorKind } from '../audit/audit.ts';
import { actorOf } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * Who a setup service acts for: the organizer, how the change is audited, and which venues the
 * caller may see. Routes make one from the request's principal; the CLI and the demo act as the
 * system for a tenant. Services take this rather than a principal so both can call them.
 */
export interface Caller {
  tenantId: string;
  actor: { actorKind: AuditActorKind; actorId: string | null; detail: Record<string, unknown> };
  /** Venues visible to the caller; 'all' for the whole organizer. */
  venues: 'all' | readonly string[];
  /** Confined to some venues (a venue manager): may not create venues outside them. */
  venueLimited: boolean;
}

export function callerOf(principal: Principal): Caller {
  const actor = actorOf(principal);
  if (principal.kind === 'api_key') return { tenantId: principal.tenantId, actor, venues: 'all', venueLimited: false };
  if (principal.device) return { tenantId: principal.tenantId, actor, venues: [principal.device.venueId], venueLimited: true };
  const venues = principal.scopes === 'all' ? 'all' : [...new Set(principal.scopes.map((s) => s.venueId))];
  return { tenantId: principal.tenantId, actor, venues, venueLimited: venues !== 'all' };
}

export function systemCaller(tenantId: string): Caller {
  return { tenantId, actor: { actorKind: 'system', actorId: null, detail: {} }, venues: 'all', venueLimited: false };
}

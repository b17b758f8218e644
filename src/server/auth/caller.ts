import type { AuditActorKind } from '../audit/audit.ts';
import { actorOf, type Principal, type Scope } from './principal.ts';
import { authorize, type Action } from './authorize.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * Who a setup service acts for: the organizer, how the change is audited, the principal that
 * passed the route's guard (null when the system itself acts — the CLI, the demo) and which venues
 * the caller may see. Services take this rather than a principal so routes and the CLI/demo share
 * them; they check here what the guard cannot see from the path, such as a venue named in a body.
 */
export interface Caller {
  tenantId: string;
  principal: Principal | null;
  actor: { actorKind: AuditActorKind; actorId: string | null; detail: Record<string, unknown> };
  /** Venues visible to the caller; 'all' for the whole organizer. */
  venues: 'all' | readonly string[];
  /** Confined to some venues (a venue manager): may not create venues outside them. */
  venueLimited: boolean;
}

export function callerOf(principal: Principal): Caller {
  const base = { tenantId: principal.tenantId, principal, actor: actorOf(principal) };
  if (principal.kind === 'api_key') return { ...base, venues: 'all', venueLimited: false };
  if (principal.device) return { ...base, venues: [principal.device.venueId], venueLimited: true };
  const venues = principal.scopes === 'all' ? 'all' : [...new Set(principal.scopes.map((s) => s.venueId))];
  return { ...base, venues, venueLimited: venues !== 'all' };
}

export function systemCaller(tenantId: string): Caller {
  return { tenantId, principal: null, actor: { actorKind: 'system', actorId: null, detail: {} }, venues: 'all', venueLimited: false };
}

/** The guard's rule for a venue the request names in its body (403 with the reason when refused). */
export function assertMayAtVenue(caller: Caller, action: Action, venueId: string): void {
  if (!caller.principal) return;
  const decision = authorize(caller.principal, action, { tenantId: caller.tenantId, venueId, eventId: null });
  if (!decision.allowed) throw new DomainError(decision.code, decision.message);
}

/**
 * The venues and events a caller may read, for lists: null = all of the organizer. A device
 * session sees its device's venue only, as authorize() rules for single resources.
 */
export function readableScopes(caller: Caller): Scope[] | null {
  const p = caller.principal;
  if (!p || p.kind === 'api_key') return null;
  const device = p.device;
  if (p.scopes === 'all') return device ? [{ venueId: device.venueId, eventId: null }] : null;
  return device ? p.scopes.filter((s) => s.venueId === device.venueId) : p.scopes;
}

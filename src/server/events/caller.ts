import { actorOf, type AuditActorKind } from '../audit/audit.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { authorize, type Action } from '../http/authorize.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * Who asks an organizer-side service for a change: a principal that passed the route's guard, or
 * the system itself (the demo, the CLI) with `principal: null`. Services check here what the guard
 * cannot see from the path — a venue named in the body — and take audit actors from it.
 */
export interface Caller {
  tenantId: string;
  principal: Principal | null;
}

export function callerOf(principal: Principal): Caller {
  return { tenantId: principal.tenantId, principal };
}

export function auditActorOf(caller: Caller): { actorKind: AuditActorKind; actorId: string | null; detail: Record<string, unknown> } {
  return caller.principal ? actorOf(caller.principal) : { actorKind: 'system', actorId: null, detail: {} };
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

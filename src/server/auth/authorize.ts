import type { Principal } from './principal.ts';
import type { ErrorCode } from '../shared/domain-error.ts';

/**
 * The one authorization decision (DESIGN.md §6): may this principal do this action on this
 * resource? Every route reaches it through the auth guard (http/auth-guard.ts) — see
 * http/README.md for how a route declares what it needs. Pure: the guard loads the live
 * principal and the resource, this function only decides.
 *
 * Outcomes, in this order:
 *   resource in another tenant (or nonexistent)            → 404 not_found (existence never leaks)
 *   role lacks the action                                  → 403 forbidden
 *   action needs a paired device, session has none         → 403 forbidden
 *   kiosk session, action not for kiosks                   → 403 forbidden
 *   device session, resource at another venue              → 403 forbidden
 *   organizer-wide action, principal limited to venues     → 403 forbidden
 *   staff/manager scope does not cover the venue/event     → 403 forbidden
 */
export const ACTIONS = [
  'self:read', 'tenant:manage', 'staff:manage', 'apikey:manage', 'audit:read',
  'venue:read', 'venue:manage', 'event:read', 'event:manage', 'policy:manage',
  'device:manage', 'device:self',
  'ticket:issue', 'ticket:read', 'ticket:manage', 'ticket:search', 'ticket:export',
  'scan:create', 'scan:annul', 'scan:read', 'manifest:read', 'sync:upload', 'conflict:review', 'dashboard:read',
  'webhook:manage', 'sms:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL = new Set<Action>(ACTIONS);
const MANAGER = new Set<Action>(ACTIONS.filter((a) => a !== 'tenant:manage' && a !== 'apikey:manage'));
// Door staff: what a door needs, nothing about other people beyond the door-minimal search.
const STAFF = new Set<Action>([
  'self:read', 'venue:read', 'event:read', 'device:self', 'ticket:search', 'scan:create', 'scan:annul', 'scan:read',
  'manifest:read', 'sync:upload',
  // The door view of the dashboard (how full, how fast): initials in its feed, no absentee names.
  'dashboard:read',
]);
// Integrations issue and look up tickets; they never scan or manage people.
const INTEGRATION = new Set<Action>(['self:read', 'venue:read', 'event:read', 'ticket:issue', 'ticket:read', 'ticket:manage', 'scan:read']);
const ROLE_ACTIONS: Record<Principal['role'], ReadonlySet<Action>> = {
  owner: ALL, admin: ALL, manager: MANAGER, staff: STAFF, integration: INTEGRATION,
};

/** Actions that only make sense from a paired door phone: the scan carries the device. */
export const DEVICE_ACTIONS: ReadonlySet<Action> = new Set<Action>(['scan:create', 'manifest:read', 'sync:upload']);
// A self-service kiosk checks tickets in and reads its own event; it never sees the guest list.
const KIOSK_ACTIONS: ReadonlySet<Action> = new Set<Action>(['self:read', 'scan:create', 'event:read', 'venue:read', 'device:self']);

/**
 * Actions that reach across the whole organizer (people, integrations, webhooks that carry every
 * event's guests, the audit trail). Only organizer-wide staff may do them: a manager confined to
 * one venue must not re-scope staff to other venues or subscribe to other venues' attendees.
 */
export const ORGANIZER_WIDE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'tenant:manage', 'staff:manage', 'apikey:manage', 'webhook:manage', 'audit:read',
  // An SMS channel may serve any of the organizer's events and its log holds every texter's number.
  'sms:manage',
]);

/** What an action is done to. Tenant-level when venueId is absent (e.g. "list API keys"). */
export interface Resource {
  tenantId: string;
  venueId?: string | null;
  eventId?: string | null;
}

export type AuthDecision =
  | { allowed: true }
  | { allowed: false; code: Extract<ErrorCode, 'not_found' | 'forbidden'>; message: string };

const NOT_FOUND: AuthDecision = { allowed: false, code: 'not_found', message: 'No such resource.' };
const deny = (message: string): AuthDecision => ({ allowed: false, code: 'forbidden', message });

export function authorize(principal: Principal, action: Action, resource: Resource): AuthDecision {
  if (principal.tenantId !== resource.tenantId) return NOT_FOUND;
  if (!ROLE_ACTIONS[principal.role].has(action)) return deny(`Your role (${principal.role}) may not do this (${action}).`);
  if (principal.kind === 'api_key') return { allowed: true };

  const device = principal.device;
  if (DEVICE_ACTIONS.has(action) && !device) return deny('This needs a paired door device: sign in on the device with its device token.');
  if (device?.kind === 'kiosk' && !KIOSK_ACTIONS.has(action)) return deny('A kiosk may not do this.');
  if (ORGANIZER_WIDE_ACTIONS.has(action) && principal.scopes !== 'all') {
    return deny('Only organizer-wide staff may do this; your access is limited to some venues or events.');
  }
  const venueId = resource.venueId ?? null;
  if (venueId === null) return { allowed: true };
  if (device && device.venueId !== venueId) return deny('This device is paired to another venue.');
  if (principal.scopes === 'all') return { allowed: true };
  const eventId = resource.eventId ?? null;
  const covered = principal.scopes.some((s) => s.venueId === venueId && (s.eventId === null || s.eventId === eventId));
  return covered ? { allowed: true } : deny('You are not assigned to this venue or event.');
}

/** True when the principal's role includes the action at all (menus, listing what one may do). */
export function roleAllows(principal: Principal, action: Action): boolean {
  return ROLE_ACTIONS[principal.role].has(action);
}

/** Whether integrations (x-api-key) may do the action: decides the route's documented security. */
export function apiKeysMay(action: Action): boolean {
  return INTEGRATION.has(action);
}

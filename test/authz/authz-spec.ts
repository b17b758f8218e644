/**
 * The authorization design as a table, written independently of src/server/http/authorize.ts so
 * that the matrix test compares the code with the intent (DESIGN.md §6, issue 4):
 *
 *   - another organizer's resource (or a nonexistent one): 404, never 403 — existence never leaks;
 *   - a role without the action: 403;
 *   - scanning, manifests and uploads need a paired device; a kiosk does only self check-in;
 *   - a device session works only at its device's venue;
 *   - managers and staff confined to venues (or single events) are refused elsewhere (403);
 *   - owners and admins see the whole organizer; integrations only issue and read tickets.
 *
 * Adding an action to the code without adding it here makes the matrix fail: decide who may do it.
 */
import type { Action } from '../../src/server/auth/authorize.ts';
import type { ResourceKind } from '../../src/server/auth/auth-guard.ts';

export type Variant = 'home' | 'side' | 'far' | 'foreign';
type VenueRef = 'home' | 'far';
type EventRef = 'main' | 'side' | 'far';

export interface PrincipalModel {
  role: 'owner' | 'admin' | 'manager' | 'staff' | 'integration';
  device: null | { venue: VenueRef; kind: 'door' | 'kiosk' };
  /** 'all' or the venues (optionally single events) the person is assigned to. */
  scopes: 'all' | { venue: VenueRef; event?: EventRef }[];
}

const EVERYTHING: Action[] = [
  'self:read', 'tenant:manage', 'staff:manage', 'apikey:manage', 'audit:read', 'venue:read', 'venue:manage', 'event:read',
  'event:manage', 'policy:manage', 'device:manage', 'device:self', 'ticket:issue', 'ticket:read', 'ticket:manage',
  'ticket:search', 'ticket:export', 'scan:create', 'scan:annul', 'scan:read', 'manifest:read', 'sync:upload',
  'conflict:review', 'dashboard:read', 'webhook:manage', 'sms:manage',
];
const MAY: Record<PrincipalModel['role'], ReadonlySet<Action>> = {
  owner: new Set(EVERYTHING),
  admin: new Set(EVERYTHING),
  manager: new Set(EVERYTHING.filter((a) => a !== 'tenant:manage' && a !== 'apikey:manage')),
  // Door staff read the dashboard's door view (counts, capacity; initials only) for their events.
  staff: new Set<Action>(['self:read', 'venue:read', 'event:read', 'device:self', 'ticket:search', 'scan:create', 'scan:annul', 'scan:read', 'manifest:read', 'sync:upload', 'dashboard:read']),
  integration: new Set<Action>(['self:read', 'venue:read', 'event:read', 'ticket:issue', 'ticket:read', 'ticket:manage', 'scan:read']),
};
/** Only from a paired device (device:self is "the device I am on"). */
const NEEDS_DEVICE = new Set<Action>(['scan:create', 'manifest:read', 'sync:upload', 'device:self']);
const KIOSK_MAY = new Set<Action>(['self:read', 'scan:create', 'event:read', 'venue:read', 'device:self']);
/** People, integrations, webhooks, SMS channels and the audit trail span the organizer: not for venue-limited staff. */
const ORGANIZER_WIDE = new Set<Action>(['tenant:manage', 'staff:manage', 'apikey:manage', 'webhook:manage', 'audit:read', 'sms:manage']);

/** The callers the matrix signs in as (see authz-matrix.test.ts and fixtures.ts). */
export const EXPECTED_ROLES: Record<string, PrincipalModel> = {
  owner: { role: 'owner', device: null, scopes: 'all' },
  admin: { role: 'admin', device: null, scopes: 'all' },
  manager: { role: 'manager', device: null, scopes: 'all' },
  venueManager: { role: 'manager', device: null, scopes: [{ venue: 'home' }] },
  door: { role: 'staff', device: { venue: 'home', kind: 'door' }, scopes: [{ venue: 'home' }] },
  doorNoDevice: { role: 'staff', device: null, scopes: [{ venue: 'home' }] },
  eventDoor: { role: 'staff', device: { venue: 'home', kind: 'door' }, scopes: [{ venue: 'home', event: 'main' }] },
  farDoor: { role: 'staff', device: { venue: 'far', kind: 'door' }, scopes: [{ venue: 'far' }] },
  unassigned: { role: 'staff', device: null, scopes: [] },
  kiosk: { role: 'staff', device: { venue: 'home', kind: 'kiosk' }, scopes: [{ venue: 'home' }] },
  integration: { role: 'integration', device: null, scopes: 'all' },
};

export function expectedOutcome(p: PrincipalModel, action: Action, kind: ResourceKind, variant: Variant): 'allow' | 403 | 404 {
  if (variant === 'foreign') return 404;
  if (!MAY[p.role].has(action)) return 403;
  if (p.role === 'integration') return 'allow';
  if (NEEDS_DEVICE.has(action) && !p.device) return 403;
  if (p.device?.kind === 'kiosk' && !KIOSK_MAY.has(action)) return 403;
  if (ORGANIZER_WIDE.has(action) && p.scopes !== 'all') return 403;
  if (kind === 'tenant' || kind === 'staff' || kind === 'api_key') return 'allow';
  const venue: VenueRef = variant === 'far' ? 'far' : 'home';
  const event: EventRef | undefined = kind === 'event' ? (variant === 'side' ? 'side' : variant === 'far' ? 'far' : 'main') : undefined;
  if (p.device && p.device.venue !== venue) return 403;
  if (p.scopes === 'all') return 'allow';
  return p.scopes.some((s) => s.venue === venue && (s.event === undefined || s.event === event)) ? 'allow' : 403;
}

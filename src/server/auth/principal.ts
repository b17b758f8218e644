import type { Role } from '../db/schema.ts';
import type { AuditActorKind } from '../audit/audit.ts';

/**
 * Who is calling. A staff member (optionally on a paired device: a "device session"), or an
 * integration's API key. Built from verified credentials plus the live rows behind them (staff
 * active, role, scopes; device not revoked; login not revoked), never from the token alone.
 */
export interface Scope {
  venueId: string;
  /** null = every event at the venue. */
  eventId: string | null;
}

export interface DeviceBinding {
  id: string;
  venueId: string;
  kind: 'door' | 'kiosk';
}

export interface StaffPrincipal {
  kind: 'staff';
  tenantId: string;
  staffId: string;
  role: Role;
  /** Refresh-token family of the login. */
  sessionId: string;
  device: DeviceBinding | null;
  /** 'all' for owner/admin and for managers without scope rows. */
  scopes: Scope[] | 'all';
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  tenantId: string;
  apiKeyId: string;
  role: 'integration';
}

export type Principal = StaffPrincipal | ApiKeyPrincipal;

/** The live row behind a staff session, as karibu_principal() returns it. */
export interface LivePrincipalRow {
  staff_role: string | null;
  staff_active: boolean | null;
  scopes: unknown;
  device_venue: string | null;
  device_kind: string | null;
  device_ok: boolean | null;
  session_ok: boolean | null;
}

/**
 * Combines token claims with the live row. Undefined when the session is no longer valid: staff
 * gone or deactivated, device revoked or moved, login revoked.
 */
export function livePrincipal(
  claims: { tenantId: string; staffId: string; sessionId: string; device: DeviceBinding | null },
  row: LivePrincipalRow | undefined,
): StaffPrincipal | undefined {
  if (!row || !row.staff_role || row.staff_active !== true || row.session_ok !== true || row.device_ok !== true) return undefined;
  if (claims.device && row.device_venue !== claims.device.venueId) return undefined;
  const role = row.staff_role as Role;
  return {
    kind: 'staff', tenantId: claims.tenantId, staffId: claims.staffId, role, sessionId: claims.sessionId,
    device: claims.device, scopes: scopesFor(role, row.scopes),
  };
}

function scopesFor(role: Role, raw: unknown): Scope[] | 'all' {
  if (role === 'owner' || role === 'admin') return 'all';
  const pairs = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [string, string | null][] | null;
  const scopes = (pairs ?? []).map(([venueId, eventId]) => ({ venueId, eventId }));
  // A manager confined to nothing in particular manages the whole tenant; staff must be assigned.
  return role === 'manager' && scopes.length === 0 ? 'all' : scopes;
}

/** For logs: who, without personal data. */
export function describePrincipal(p: Principal | undefined): Record<string, unknown> {
  if (!p) return { kind: 'anonymous' };
  if (p.kind === 'api_key') return { kind: 'api_key', tenantId: p.tenantId, apiKeyId: p.apiKeyId };
  return { kind: 'staff', tenantId: p.tenantId, staffId: p.staffId, role: p.role, deviceId: p.device?.id ?? null };
}

/** The actor fields for a principal (a device session is recorded as the staff member, device in detail). */
export function actorOf(principal: Principal): { actorKind: AuditActorKind; actorId: string; detail: Record<string, unknown> } {
  if (principal.kind === 'api_key') return { actorKind: 'api_key', actorId: principal.apiKeyId, detail: {} };
  return { actorKind: 'staff', actorId: principal.staffId, detail: principal.device ? { deviceId: principal.device.id } : {} };
}

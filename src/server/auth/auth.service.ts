import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { asSystem, withTenant, type Trx } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { DomainError } from '../shared/domain-error.ts';
import { authRuntime } from './auth-runtime.ts';
import { unmatchableHash, verifyPassword } from './password.ts';
import { hashSecret, looksLikeSecret, newSecret } from './secret-token.ts';

/**
 * Staff sign-in and sessions. A login opens a session = a refresh-token family; each refresh
 * rotates the refresh token. A rotated token presented again was copied (or stolen): the whole
 * family is revoked, which also ends its access tokens (they carry the family id and the guard
 * checks it live).
 */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  staff: { id: string; displayName: string; role: Role; tenantId: string };
  device: { id: string; venueId: string; kind: 'door' | 'kiosk'; name: string } | null;
}

const INVALID = () => new DomainError('invalid_credentials', 'The email or password is wrong.');
const DEVICE_UNKNOWN = () => new DomainError('unauthorized', 'This device is not paired (or was revoked); pair it again.');
// Verifying against this costs what a real verification costs (see password.ts).
const UNMATCHABLE = unmatchableHash();

interface DeviceRow { id: string; tenant_id: string; venue_id: string; kind: 'door' | 'kiosk'; name: string; revoked_at: Date | null }

export async function login(ctx: AppContext, input: { email: string; password: string; deviceToken?: string | undefined }): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  const staff = await asSystem(ctx.db, (trx) => trx.selectFrom('staff')
    .select(['id', 'tenant_id', 'display_name', 'password_hash', 'role', 'active']).where('email', '=', email).executeTakeFirst());
  // Always run one full scrypt, whether or not the email exists: same time, same answer.
  const passwordOk = await verifyPassword(input.password, staff?.password_hash ?? UNMATCHABLE);
  if (!staff || !passwordOk || !staff.active) throw INVALID();

  let device: DeviceRow | undefined;
  if (input.deviceToken !== undefined) {
    if (!looksLikeSecret('device', input.deviceToken)) throw DEVICE_UNKNOWN();
    const hash = hashSecret(input.deviceToken);
    device = await asSystem(ctx.db, (trx) => trx.selectFrom('devices')
      .select(['id', 'tenant_id', 'venue_id', 'kind', 'name', 'revoked_at']).where('token_hash', '=', hash).executeTakeFirst());
    if (!device || device.revoked_at || device.tenant_id !== staff.tenant_id) throw DEVICE_UNKNOWN();
  }

  return withTenant(ctx.db, staff.tenant_id, async (trx) => {
    if (device && !(await mayWorkAtVenue(trx, staff.id, staff.role, device.venue_id))) {
      throw new DomainError('forbidden', 'You are not assigned to the venue this device is paired to.');
    }
    if (device) await trx.updateTable('devices').set({ last_seen_at: new Date() }).where('id', '=', device.id).execute();
    const familyId = randomUUID();
    const refreshToken = await insertRefreshToken(trx, staff.tenant_id, staff.id, familyId, device?.id ?? null);
    return issuePair(ctx, { id: staff.id, tenantId: staff.tenant_id, role: staff.role, displayName: staff.display_name }, familyId, device, refreshToken);
  });
}

export async function refresh(ctx: AppContext, refreshToken: string): Promise<TokenPair> {
  const invalid = () => new DomainError('unauthorized', 'The refresh token is not valid; sign in again.');
  if (!looksLikeSecret('refresh', refreshToken)) throw invalid();
  const hash = hashSecret(refreshToken);
  const row = await asSystem(ctx.db, (trx) => trx.selectFrom('refresh_tokens')
    .select(['id', 'tenant_id', 'staff_id', 'family_id', 'device_id', 'expires_at', 'used_at', 'revoked_at'])
    .where('token_hash', '=', hash).executeTakeFirst());
  if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) throw invalid();

  const outcome = await withTenant(ctx.db, row.tenant_id, async (trx) => {
    // Claim the token: only one refresh may use it, even when two race.
    const claimed = await trx.updateTable('refresh_tokens').set({ used_at: new Date() })
      .where('id', '=', row.id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      await revokeFamily(trx, row.family_id);
      await audit(trx, { tenantId: row.tenant_id, actorKind: 'staff', actorId: row.staff_id, action: 'auth.refresh_token_reused',
        subjectId: row.family_id, detail: row.device_id ? { deviceId: row.device_id } : {} });
      return 'reused' as const;
    }
    const staff = await trx.selectFrom('staff').select(['id', 'role', 'active', 'display_name']).where('id', '=', row.staff_id).executeTakeFirst();
    if (!staff?.active) return 'invalid' as const;
    let device: DeviceRow | undefined;
    if (row.device_id) {
      device = await trx.selectFrom('devices').select(['id', 'tenant_id', 'venue_id', 'kind', 'name', 'revoked_at'])
        .where('id', '=', row.device_id).executeTakeFirst();
      if (!device || device.revoked_at) return 'invalid' as const;
    }
    const next = await insertRefreshToken(trx, row.tenant_id, staff.id, row.family_id, device?.id ?? null);
    return issuePair(ctx, { id: staff.id, tenantId: row.tenant_id, role: staff.role, displayName: staff.display_name }, row.family_id, device, next);
  });
  if (outcome === 'reused') throw new DomainError('unauthorized', 'This refresh token was already used; the session is closed for safety. Sign in again.');
  if (outcome === 'invalid') throw invalid();
  return outcome;
}

/** Ends the session of this refresh token (its whole family). Unknown tokens are ignored. */
export async function logout(ctx: AppContext, refreshToken: string): Promise<void> {
  if (!looksLikeSecret('refresh', refreshToken)) return;
  const hash = hashSecret(refreshToken);
  const row = await asSystem(ctx.db, (trx) => trx.selectFrom('refresh_tokens').select(['tenant_id', 'family_id']).where('token_hash', '=', hash).executeTakeFirst());
  if (row) await withTenant(ctx.db, row.tenant_id, (trx) => revokeFamily(trx, row.family_id));
}

/** Revokes every session of a staff member (deactivation, password change). */
export async function revokeStaffSessions(trx: Trx, staffId: string): Promise<void> {
  await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('staff_id', '=', staffId).where('revoked_at', 'is', null).execute();
}

/** Revokes every session that was opened on a device (device revoked). */
export async function revokeDeviceSessions(trx: Trx, deviceId: string): Promise<void> {
  await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).execute();
}

async function revokeFamily(trx: Trx, familyId: string): Promise<void> {
  await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/** Whether a staff member may work at a venue at all (owner/admin always; others by scope). */
export async function mayWorkAtVenue(trx: Trx, staffId: string, role: Role, venueId: string): Promise<boolean> {
  if (role === 'owner' || role === 'admin') return true;
  const scopes = await trx.selectFrom('staff_scopes').select(['venue_id']).where('staff_id', '=', staffId).execute();
  if (role === 'manager' && scopes.length === 0) return true;
  return scopes.some((s) => s.venue_id === venueId);
}

async function insertRefreshToken(trx: Trx, tenantId: string, staffId: string, familyId: string, deviceId: string | null): Promise<string> {
  const token = newSecret('refresh');
  await trx.insertInto('refresh_tokens').values({
    id: randomUUID(), tenant_id: tenantId, staff_id: staffId, family_id: familyId, device_id: deviceId,
    token_hash: hashSecret(token), expires_at: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
  }).execute();
  return token;
}

async function issuePair(
  ctx: AppContext, staff: { id: string; tenantId: string; role: Role; displayName: string }, familyId: string,
  device: DeviceRow | undefined, refreshToken: string,
): Promise<TokenPair> {
  const binding = device ? { id: device.id, venueId: device.venue_id, kind: device.kind } : null;
  const { token, expiresIn } = await authRuntime(ctx).tokens.sign({
    staffId: staff.id, tenantId: staff.tenantId, role: staff.role, sessionId: familyId, device: binding,
  });
  return {
    accessToken: token, refreshToken, expiresIn, tokenType: 'Bearer',
    staff: { id: staff.id, displayName: staff.displayName, role: staff.role, tenantId: staff.tenantId },
    device: device ? { id: device.id, venueId: device.venue_id, kind: device.kind, name: device.name } : null,
  };
}

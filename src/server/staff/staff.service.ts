import { randomUUID } from 'node:crypto';
import type { StaffCreate, StaffCreated, StaffMember, StaffPatch } from '../../contracts/staff.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import { revokeStaffSessions } from '../auth/auth.service.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * Staff accounts of an organizer and their venue/event scopes. Managers manage door staff only;
 * owners and admins manage everyone. Removing someone deactivates the account (scans keep their
 * author) and ends every session at once.
 */

const ELEVATED: readonly Role[] = ['owner', 'admin', 'manager'];

export function assertMayManage(principal: Principal, targetRoles: Role[]): void {
  if (principal.kind !== 'staff') throw new DomainError('forbidden', 'Only staff manage staff.');
  if (principal.role === 'owner' || principal.role === 'admin') {
    if (principal.role === 'admin' && targetRoles.includes('owner')) throw new DomainError('forbidden', 'Only an owner manages owners.');
    return;
  }
  if (targetRoles.some((r) => ELEVATED.includes(r))) throw new DomainError('forbidden', 'Managers manage door staff only.');
}

export async function listStaff(ctx: AppContext, principal: Principal): Promise<StaffMember[]> {
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const rows = await trx.selectFrom('staff').select(['id', 'email', 'display_name', 'role', 'active']).orderBy('display_name').execute();
    const scopes = await trx.selectFrom('staff_scopes').select(['staff_id', 'venue_id', 'event_id']).execute();
    return rows.map((r) => ({
      id: r.id, email: r.email, displayName: r.display_name, role: r.role, active: r.active,
      scopes: scopes.filter((s) => s.staff_id === r.id).map((s) => ({ venueId: s.venue_id, eventId: s.event_id })),
    }));
  });
}

export async function createStaffMember(ctx: AppContext, principal: Principal, input: StaffCreate): Promise<StaffCreated> {
  assertMayManage(principal, [input.role]);
  const generated = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generated!);
  const id = randomUUID();
  const email = input.email.trim().toLowerCase();
  try {
    await withTenant(ctx.db, principal.tenantId, async (trx) => {
      await trx.insertInto('staff').values({ id, tenant_id: principal.tenantId, email, display_name: input.displayName.trim(), password_hash: passwordHash, role: input.role }).execute();
      await replaceScopes(trx, principal.tenantId, id, input.scopes ?? []);
      const actor = actorOf(principal);
      await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'staff.created', subjectId: id, detail: { ...actor.detail, role: input.role } });
    });
  } catch (err) {
    if (/staff_email_key|duplicate key/.test(String((err as Error).message))) throw new DomainError('already_exists', 'An account with this email exists.');
    if (/foreign key/.test(String((err as Error).message))) throw new DomainError('unprocessable', 'A scope names a venue or event that does not exist.');
    throw err;
  }
  return { id, email, displayName: input.displayName.trim(), role: input.role, active: true, scopes: input.scopes ?? [], password: generated };
}

export async function updateStaffMember(ctx: AppContext, principal: Principal, staffId: string, patch: StaffPatch): Promise<StaffMember> {
  if (principal.kind === 'staff' && principal.staffId === staffId && (patch.role !== undefined || patch.active === false)) {
    throw new DomainError('forbidden', 'You cannot change your own role or deactivate yourself.');
  }
  try {
    return await withTenant(ctx.db, principal.tenantId, async (trx) => {
      const current = await trx.selectFrom('staff').select(['role']).where('id', '=', staffId).executeTakeFirst();
      if (!current) throw new DomainError('not_found', 'Not found.');
      assertMayManage(principal, patch.role ? [current.role, patch.role] : [current.role]);
      const set: { display_name?: string; role?: Role; active?: boolean } = {};
      if (patch.displayName !== undefined) set.display_name = patch.displayName.trim();
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.active !== undefined) set.active = patch.active;
      if (Object.keys(set).length) await trx.updateTable('staff').set(set).where('id', '=', staffId).execute();
      if (patch.scopes) await replaceScopes(trx, principal.tenantId, staffId, patch.scopes);
      // Losing rights ends sessions at once (the guard also checks live, this closes refresh too).
      if (patch.active === false) await revokeStaffSessions(trx, staffId);
      const actor = actorOf(principal);
      await audit(trx, { tenantId: principal.tenantId, ...actor, action: patch.active === false ? 'staff.deactivated' : 'staff.updated', subjectId: staffId, detail: { ...actor.detail, fields: Object.keys(patch) } });
      const row = await trx.selectFrom('staff').select(['id', 'email', 'display_name', 'role', 'active']).where('id', '=', staffId).executeTakeFirstOrThrow();
      const scopes = await trx.selectFrom('staff_scopes').select(['venue_id', 'event_id']).where('staff_id', '=', staffId).execute();
      return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, active: row.active, scopes: scopes.map((s) => ({ venueId: s.venue_id, eventId: s.event_id })) };
    });
  } catch (err) {
    if (/foreign key/.test(String((err as Error).message))) throw new DomainError('unprocessable', 'A scope names a venue or event that does not exist.');
    throw err;
  }
}

async function replaceScopes(trx: Trx, tenantId: string, staffId: string, scopes: Scope[]): Promise<void> {
  await trx.deleteFrom('staff_scopes').where('staff_id', '=', staffId).execute();
  const unique = [...new Map(scopes.map((s) => [`${s.venueId}|${s.eventId ?? ''}`, s])).values()];
  if (unique.length) {
    await trx.insertInto('staff_scopes').values(unique.map((s) => ({
      id: randomUUID(), tenant_id: tenantId, staff_id: staffId, venue_id: s.venueId, event_id: s.eventId ?? null,
    }))).execute();
  }
}

/** Fixture helper (tests, demo, bench): assigns scopes without the HTTP layer. */
export async function setStaffScopes(ctx: Pick<AppContext, 'db'>, tenantId: string, staffId: string, scopes: Scope[]): Promise<void> {
  await withTenant(ctx.db, tenantId, (trx) => replaceScopes(trx, tenantId, staffId, scopes));
}

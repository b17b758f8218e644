import type { Trx } from '../db/database.ts';
import type { Role } from '../db/schema.ts';

/** SQL of organizers (the tenants table) and their first owner. */

export interface OrganizerRow { id: string; name: string; slug: string; default_locale: string; default_timezone: string }
const columns = ['id', 'name', 'slug', 'default_locale', 'default_timezone'] as const;

export async function findOrganizer(trx: Trx, tenantId: string): Promise<OrganizerRow | undefined> {
  return trx.selectFrom('tenants').select(columns).where('id', '=', tenantId).executeTakeFirst();
}

export async function slugTaken(trx: Trx, slug: string): Promise<boolean> {
  return (await trx.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export async function emailTaken(trx: Trx, email: string): Promise<boolean> {
  return (await trx.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;
}

export async function insertOrganizer(trx: Trx, row: OrganizerRow): Promise<void> {
  await trx.insertInto('tenants').values(row).execute();
}

export async function insertOwner(trx: Trx, row: { id: string; tenant_id: string; email: string; display_name: string; password_hash: string; locale: string }): Promise<void> {
  await trx.insertInto('staff').values({ ...row, role: 'owner' }).execute();
}

export async function updateOrganizer(trx: Trx, tenantId: string, set: Partial<Omit<OrganizerRow, 'id' | 'slug'>>): Promise<void> {
  if (Object.keys(set).length) await trx.updateTable('tenants').set(set).where('id', '=', tenantId).execute();
}

export async function findStaffMember(trx: Trx, staffId: string): Promise<{ id: string; email: string; display_name: string; role: Role; active: boolean; locale: string | null } | undefined> {
  return trx.selectFrom('staff').select(['id', 'email', 'display_name', 'role', 'active', 'locale']).where('id', '=', staffId).executeTakeFirst();
}

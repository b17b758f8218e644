import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test/support/test-app.ts';
import { asSystem, withTenant } from './database.ts';
import { createTenant, createVenue } from '../provisioning/provisioning.service.ts';

/**
 * Tenant isolation holds in the database itself: a query run for tenant A that forgets its
 * tenant filter still cannot read, change or create tenant B's rows.
 */
describe(`row-level security (${testDatabaseKind})`, () => {
  let tdb: TestDatabase;
  let a: string;
  let b: string;
  let venueB: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const db = tdb.handle.db;
    a = (await createTenant(db, { name: 'Tenant A', slug: `a-${Date.now()}` })).id;
    b = (await createTenant(db, { name: 'Tenant B', slug: `b-${Date.now()}` })).id;
    await createVenue(db, a, { name: 'A hall', timezone: 'Africa/Lagos', zones: [{ code: 'GA', name: 'GA' }], gates: [{ name: 'Main', zone: 'GA' }] });
    venueB = (await createVenue(db, b, { name: 'B hall', timezone: 'Africa/Nairobi', zones: [{ code: 'GA', name: 'GA' }], gates: [{ name: 'Main', zone: 'GA' }] })).id;
  });
  afterAll(async () => { await tdb.dispose(); });

  it('a query with no tenant filter returns only the current tenant’s rows', async () => {
    const venues = await withTenant(tdb.handle.db, a, (trx) => trx.selectFrom('venues').select(['name', 'tenant_id']).execute());
    expect(venues).toEqual([{ name: 'A hall', tenant_id: a }]);
    const tenants = await withTenant(tdb.handle.db, a, (trx) => trx.selectFrom('tenants').select('id').execute());
    expect(tenants.map((t) => t.id)).toEqual([a]);
  });

  it('cannot read another tenant’s row even by its id', async () => {
    const rows = await withTenant(tdb.handle.db, a, (trx) => trx.selectFrom('venues').selectAll().where('id', '=', venueB).execute());
    expect(rows).toHaveLength(0);
  });

  it('cannot update or delete another tenant’s rows', async () => {
    const updated = await withTenant(tdb.handle.db, a, (trx) => trx.updateTable('venues').set({ name: 'hijacked' }).executeTakeFirst());
    expect(Number(updated.numUpdatedRows)).toBe(1); // only A's own venue
    const deleted = await withTenant(tdb.handle.db, a, (trx) => trx.deleteFrom('gates').where('venue_id', '=', venueB).executeTakeFirst());
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const bVenue = await withTenant(tdb.handle.db, b, (trx) => trx.selectFrom('venues').select('name').executeTakeFirstOrThrow());
    expect(bVenue.name).toBe('B hall');
  });

  it('cannot insert a row into another tenant', async () => {
    await expect(withTenant(tdb.handle.db, a, (trx) => trx.insertInto('venues')
      .values({ id: randomUUID(), tenant_id: b, name: 'planted', timezone: 'UTC' }).execute()))
      .rejects.toThrow(/row-level security/);
  });

  it('cannot move its own row into another tenant', async () => {
    await expect(withTenant(tdb.handle.db, a, (trx) => trx.updateTable('venues').set({ tenant_id: b }).execute()))
      .rejects.toThrow(/row-level security/);
  });

  it('sees nothing when no tenant was chosen, even for a superuser connection', async () => {
    const rows = await tdb.handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'karibu_app', true)`.execute(trx);
      return trx.selectFrom('venues').selectAll().execute();
    });
    expect(rows).toHaveLength(0);
  });

  it('runs as a role RLS applies to: not the owner, not a superuser', async () => {
    const who = await withTenant(tdb.handle.db, a, (trx) => sql<{ role: string; superuser: boolean; bypass: boolean }>`
      select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass
      from pg_roles r where r.rolname = current_user`.execute(trx));
    expect(who.rows[0]).toEqual({ role: 'karibu_app', superuser: false, bypass: false });
  });

  it('keeps scans append-only, even for the system role', async () => {
    await expect(asSystem(tdb.handle.db, (trx) => trx.deleteFrom('scans').execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(tdb.handle.db, a, (trx) => trx.updateTable('scans').set({ reason: 'x' }).execute())).rejects.toThrow(/permission denied/);
    await expect(asSystem(tdb.handle.db, (trx) => sql`truncate scans`.execute(trx))).rejects.toThrow();
    // Even the owner connection (no role switch) is stopped by the trigger.
    await expect(sql`truncate scans cascade`.execute(tdb.handle.db)).rejects.toThrow(/append-only/);
  });
});

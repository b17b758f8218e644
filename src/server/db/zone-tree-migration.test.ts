// The migration that turned ranked zone chains into trees: a database of the earlier schema, with
// venues laid out as chains, comes out with each zone inside the one ranked above it — so every
// existing ticket passes exactly the gates it passed before.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { zoneCovers } from '../../core/index.ts';
import { testDatabaseKind } from '../../../test/support/test-app.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { zoneParentsByCode } from '../venues/zone-tree.ts';

const MIGRATIONS = resolve('src/server/db/migrations');
const TREE_MIGRATION = '0014_organizer_setup.sql';

async function emptyDatabase(): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const name = `karibu_mig_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '' });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'karibu-mig-'));
  const handle = await openDatabase({ pgliteDir: dir });
  return { handle, dispose: async () => { await handle.close(); await rm(dir, { recursive: true, force: true }); } };
}

describe(`zone chains become trees (${testDatabaseKind})`, () => {
  let dispose: (() => Promise<void>) | undefined;
  afterAll(async () => { await dispose?.(); });

  it('gives each zone the zone ranked just above it as parent, per venue, and keeps every verdict', async () => {
    const db = await emptyDatabase();
    dispose = db.dispose;
    const files = (await readdir(MIGRATIONS)).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
    const before = files.filter((f) => f < TREE_MIGRATION);
    for (const f of before) await db.handle.scriptTransaction((s) => s.exec(sqlOf(f)));

    const tenant = randomUUID();
    const venues = [randomUUID(), randomUUID()];
    const chains = [['GA', 'VIP', 'BACKSTAGE', 'ALL'], ['FLOOR', 'BALCONY']];
    const ids = new Map<string, string>();
    await db.handle.scriptTransaction(async (s) => {
      await s.exec('set local role karibu_system');
      await s.query(`insert into tenants (id, name, slug) values ($1, 'Old Org', $2)`, [tenant, `old-${tenant.slice(0, 8)}`]);
      for (const [v, venue] of venues.entries()) {
        await s.query(`insert into venues (id, tenant_id, name, timezone) values ($1, $2, $3, 'Africa/Lagos')`, [venue, tenant, `Hall ${v}`]);
        for (const [rank, code] of chains[v]!.entries()) {
          const id = randomUUID();
          ids.set(`${v}:${code}`, id);
          await s.query(`insert into zones (id, tenant_id, venue_id, code, name, rank) values ($1, $2, $3, $4, $4, $5)`, [id, tenant, venue, code, rank]);
        }
      }
    });
    await db.handle.scriptTransaction((s) => s.exec(sqlOf(TREE_MIGRATION)));

    const rows = await db.handle.scriptTransaction(async (s) => {
      await s.exec('set local role karibu_system');
      return s.query<{ id: string; code: string; parent_id: string | null; venue_id: string }>('select id, code, parent_id, venue_id from zones');
    });
    const parentsOf = (venue: string) => zoneParentsByCode(rows.filter((r) => r.venue_id === venue));
    expect(parentsOf(venues[0]!)).toEqual({ GA: 'VIP', VIP: 'BACKSTAGE', BACKSTAGE: 'ALL' });
    expect(parentsOf(venues[1]!)).toEqual({ FLOOR: 'BALCONY' });
    expect(rows.find((r) => r.code === 'ALL')!.parent_id).toBeNull();

    // The rule of the ranked chain: a zone covers itself and every zone of lower rank.
    for (const chain of [chains[0]!]) {
      for (const grant of chain) {
        for (const gate of chain) {
          expect(zoneCovers([grant], gate, parentsOf(venues[0]!)), `${grant} at ${gate}`).toBe(chain.indexOf(grant) >= chain.indexOf(gate));
        }
      }
    }
  }, 60_000);
});

const cache = new Map<string, string>();
function sqlOf(file: string): string {
  const text = cache.get(file);
  if (text === undefined) throw new Error(`not loaded: ${file}`);
  return text;
}
// The migration files, read once (top-level await) so the test body reads them synchronously.
for (const f of (await readdir(MIGRATIONS)).filter((x) => x.endsWith('.sql'))) cache.set(f, await readFile(join(MIGRATIONS, f), 'utf8'));

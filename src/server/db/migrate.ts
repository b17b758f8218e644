import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant: serialises concurrent migrators (several cloud instances starting at once).
const MIGRATION_LOCK_KEY = 727_274_281;

export interface MigrationResult { applied: string[]; alreadyApplied: number }

/**
 * Applies the numbered `migrations/NNNN_name.sql` files not applied yet, each file in its own
 * transaction under an advisory lock, so two instances starting together never apply one twice.
 */
export async function migrate(handle: DatabaseHandle): Promise<MigrationResult> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  let alreadyApplied = 0;
  // Usual case at start: everything applied. One read instead of a locked transaction per file.
  const known = await handle.scriptTransaction(async (s) => {
    const exists = await s.query<{ t: string | null }>(`select to_regclass('karibu_migrations')::text as t`);
    if (!exists[0]?.t) return new Set<string>();
    return new Set((await s.query<{ version: string }>('select version from karibu_migrations')).map((r) => r.version));
  });
  if (files.every((f) => known.has(f.slice(0, -4)))) return { applied, alreadyApplied: files.length };
  for (const file of files) {
    const version = file.slice(0, -4);
    const script = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const did = await handle.scriptTransaction(async (s) => {
      await s.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await s.exec(`create table if not exists karibu_migrations (
        version text primary key, applied_at timestamptz not null default now())`);
      const seen = await s.query<{ n: number }>('select count(*)::int as n from karibu_migrations where version = $1', [version]);
      if ((seen[0]?.n ?? 0) > 0) return false;
      await s.exec(script);
      await s.query('insert into karibu_migrations (version) values ($1)', [version]);
      return true;
    });
    if (did) applied.push(version); else alreadyApplied += 1;
  }
  return { applied, alreadyApplied };
}

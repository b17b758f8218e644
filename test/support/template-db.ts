import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';

/**
 * Migrated database templates, made once per test run: a cold PGlite initdb costs ~3.5 s while
 * copying a migrated data directory costs ~0.2 s, and PostgreSQL's CREATE DATABASE … TEMPLATE is
 * cheaper still. The template name carries a hash of the migrations, so a new migration makes a
 * new template.
 */
const CACHE_DIR = resolve('.test-cache');
const MIGRATIONS_DIR = resolve('src/server/db/migrations');

export async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of (await readdir(MIGRATIONS_DIR)).sort()) hash.update(f).update(await readFile(join(MIGRATIONS_DIR, f)));
  return hash.digest('hex').slice(0, 12);
}

export async function ensurePgliteTemplate(): Promise<string> {
  const dir = join(CACHE_DIR, `pglite-${await migrationsHash()}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  await mkdir(CACHE_DIR, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const handle = await openDatabase({ pgliteDir: tmp });
  await migrate(handle);
  await handle.close();
  // Another test process may have finished first: keep theirs (it may be being copied right now).
  try {
    await rename(tmp, dir);
  } catch {
    await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

export async function copyPgliteTemplate(target: string): Promise<void> {
  await cp(await ensurePgliteTemplate(), target, { recursive: true });
}

export function templateDatabaseName(hash: string): string {
  return `karibu_tpl_${hash}`;
}

/** Creates (once) a migrated template database on the server of `baseUrl`. */
export async function ensurePostgresTemplate(baseUrl: string): Promise<string> {
  const name = templateDatabaseName(await migrationsHash());
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '' });
      try { await migrate(handle); } finally { await handle.close(); }
    }
  } finally {
    await admin.end();
  }
  return name;
}

/** A fresh database cloned from the template; returns its URL and a function that drops it. */
export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = templateDatabaseName(await migrationsHash());
  const name = `karibu_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    // CREATE DATABASE … TEMPLATE needs the template to itself: parallel test files take turns.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (!/being accessed by other users/.test((err as Error).message) || attempt >= 100) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        // Give closed pools a moment to hang up; force only as a last resort.
        for (let attempt = 0; ; attempt++) {
          try { await c.query(`drop database if exists ${name}${attempt >= 20 ? ' with (force)' : ''}`); break; } catch (err) {
            if (!/being accessed by other users/.test((err as Error).message)) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally { await c.end(); }
    },
  };
}

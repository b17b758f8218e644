import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type KaribuApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { copyPgliteTemplate, createPostgresDatabase } from './template-db.ts';
import { TEST_WEB_DIR } from './web-build.ts';

/**
 * Which database the tests run on: PostgreSQL when TEST_DATABASE_URL is set (CI's second pass,
 * with REDIS_URL too), the embedded PGlite otherwise (CI's first pass).
 */
export const testDatabaseKind: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string | undefined;
  dataDir: string;
  /** Closes the handle (if still open) and removes the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database of the current test kind. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'karibu-test-'));
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const pgdb = await createPostgresDatabase(baseUrl);
    const handle = await openDatabase({ databaseUrl: pgdb.url, pgliteDir: '', poolSize: 10 });
    return {
      handle, url: pgdb.url, dataDir,
      dispose: async () => { await handle.close().catch(() => undefined); await pgdb.drop(); await rm(dataDir, { recursive: true, force: true }); },
    };
  }
  const pgliteDir = join(dataDir, 'pglite');
  await copyPgliteTemplate(pgliteDir);
  const handle = await openDatabase({ pgliteDir });
  return {
    handle, url: undefined, dataDir,
    dispose: async () => { await handle.close().catch(() => undefined); await rm(dataDir, { recursive: true, force: true }); },
  };
}

/**
 * The same database opened again after its handle was closed, for a test that lets another
 * process write to it in between (the `karibu` CLI: PGlite is one process's at a time).
 */
export async function reopenTestDatabase(db: TestDatabase): Promise<TestDatabase> {
  const handle = db.url
    ? await openDatabase({ databaseUrl: db.url, pgliteDir: '', poolSize: 10 })
    : await openDatabase({ pgliteDir: join(db.dataDir, 'pglite') });
  return {
    handle, url: db.url, dataDir: db.dataDir,
    dispose: async () => { await handle.close().catch(() => undefined); await db.dispose(); },
  };
}

export interface TestApp {
  app: KaribuApp;
  config: Config;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * REDIS_URL when the run has one, with a key prefix of this app's own: test files run in parallel
 * on one Redis from one address, and shared per-address counters (pairing allows 10 a minute)
 * would make one file's requests spend another's budget.
 */
export function testRedisEnv(): Record<string, string> {
  return process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `karibu-t-${randomUUID().slice(0, 8)}:` } : {};
}

/**
 * buildApp over a fresh test database (and Redis when REDIS_URL is set), serving the tests' own
 * web build (test/support/web-build.ts), never the dist/web a running server may be using.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestAppOn(await createTestDatabase(), env);
}

/** TEST_MASTER_KEY is the key createTestApp's server uses (a CLI run for it takes the same). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** createTestApp over a database of the caller's (see reopenTestDatabase); closing disposes it. */
export async function createTestAppOn(db: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    KARIBU_MASTER_KEY: TEST_MASTER_KEY,
    WEB_DIR: TEST_WEB_DIR,
    ...testRedisEnv(),
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const app = await buildApp(config, { database: db.handle, skipMigrations: true });
  return {
    app, config, db,
    close: async () => { await app.close(); await db.dispose(); },
  };
}

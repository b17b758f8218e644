import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, testRedisEnv, type TestDatabase } from '../support/test-app.ts';

/**
 * docs/api.md's "Set up an event from nothing", run as written: its ```bash blocks, in order, with
 * bash against a real server process on a free port and a fresh database. The first block (org
 * create) runs before the server starts, as the text says; the others run as one shell session,
 * so the ids they keep in variables carry over. If the doc drifts from the API, this fails.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SECTION = '## Set up an event from nothing';

function walkthroughBlocks(markdown: string): string[] {
  const start = markdown.indexOf(SECTION);
  if (start < 0) throw new Error(`docs/api.md has no "${SECTION}" section`);
  const rest = markdown.slice(start + SECTION.length);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe(`docs/api.md walkthrough against a fresh server (${testDatabaseKind})`, () => {
  let db: TestDatabase | undefined;
  let server: ReturnType<typeof spawn> | undefined;
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await db?.dispose();
  });

  it('creates the organizer, venue, zones, gates, event, types, a ticket and a door phone, and the scan admits', async () => {
    const blocks = walkthroughBlocks(readFileSync(resolve(ROOT, 'docs/api.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks[0]).toContain('karibu org create');

    db = await createTestDatabase();
    await db.handle.close(); // the CLI and the server open the database themselves
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', DATA_DIR: db.dataDir, LOG_LEVEL: 'info',
      KARIBU_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...testRedisEnv(),
    };
    const bash = (script: string, extra: Record<string, string> = {}) =>
      spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script], { cwd: ROOT, env: { ...env, ...extra }, encoding: 'utf8', timeout: 120_000 });

    const created = bash(blocks[0]!);
    expect(created.stderr + created.stdout).toContain('can sign in now');
    expect(created.status).toBe(0);

    server = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/server/main.ts')], {
      cwd: ROOT, env: { ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout!.on('data', (d) => { log += d; });
    server.stderr!.on('data', (d) => { log += d; });
    const port = await new Promise<number>((res, rej) => {
      const timer = setInterval(() => {
        const m = log.match(/"address":"http:\/\/127\.0\.0\.1:(\d+)".*"msg":"karibu ready"/);
        if (m) { clearInterval(timer); res(Number(m[1])); }
      }, 20);
      setTimeout(() => { clearInterval(timer); rej(new Error(`server did not start:\n${log}`)); }, 30_000);
    });

    const session = bash(blocks.slice(1).join('\n'), { KARIBU: `http://127.0.0.1:${port}` });
    expect(session.stderr, session.stdout).toBe('');
    expect(session.status).toBe(0);
    // The last block prints the scan's verdict.
    const verdict = JSON.parse(session.stdout.slice(session.stdout.lastIndexOf('{'))) as { verdict: string; reason: string };
    expect(verdict.verdict).toBe('admitted');
    expect(session.stdout).toMatch(/"name": "VIP"/);
  }, 180_000);
});

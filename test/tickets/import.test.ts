import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFromFile } from '../../src/cli/import.command.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { scanAtDoor } from '../attendee/support/door.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, createTestDatabase, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { apiKey } from './support.ts';

const run = promisify(execFile);

// Line numbers are the file's own: the quoted name spans lines 9–10, line 12 is blank.
const CSV = [
  'Name,Email,Phone,Type,Order Ref,Notes', //                        1
  'Ada Lovelace,ada@example.ng,0803 123 4567,1,A-1,front row', //    2  ok
  ',nobody@example.ng,,1,,', //                                      3  missing_name
  'Bad Email,bad@example,,1,,', //                                   4  bad_email
  'Bad Phone,,12345,1,,', //                                         5  bad_phone
  'ADA  LOVELACE,Ada@Example.ng,,1,A-2,', //                         6  duplicate_in_file (line 2)
  'Unknown Type,ut@example.ng,,9,,', //                              7  unknown_type
  'Existing Guest,existing@example.ng,,1,,', //                      8  duplicate_in_event
  '"Bola', //                                                        9  ok (quoted, two lines)
  'Tinubu",bola@example.ng,,VIP,,', //                              10
  'Late Bad Email,late@@example.ng,,1,,', //                        11  bad_email
  '', //                                                            12
  'Chioma Eze,,+2348091112222,general admission,,', //               13  ok (type by name)
].join('\r\n');

const EXPECTED_REJECTED = [
  { line: 3, reason: 'missing_name' }, { line: 4, reason: 'bad_email' }, { line: 5, reason: 'bad_phone' },
  { line: 6, reason: 'duplicate_in_file' }, { line: 7, reason: 'unknown_type' }, { line: 8, reason: 'duplicate_in_event' },
  { line: 11, reason: 'bad_email' },
];

interface Report {
  rows: number; valid: number; imported: number; committed: boolean; strict: boolean; ignoredColumns: string[];
  rejected: { line: number; reason: string; message: string }[];
  tickets: { line: number; qr: string; holder: { name: string; phone: string | null }; type: { no: number }; orderRef: string | null }[];
}

describe(`CSV import (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  let key: Record<string, string>;
  const count = () => withTenant(t.app.ctx.db, f.tenantId, async (trx) =>
    Number((await trx.selectFrom('tickets').select((e) => e.fn.countAll().as('n')).where('event_id', '=', f.eventId).executeTakeFirstOrThrow()).n));
  const post = (query: string, body: string, contentType = 'text/csv') => t.app.inject({
    method: 'POST', url: `/api/v1/events/${f.eventId}/imports${query}`, headers: { ...key, 'content-type': contentType }, payload: body,
  });

  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
    key = await apiKey(t.app, f);
    await f.issue([{ holderName: 'Existing Guest', holderEmail: 'existing@example.ng' }]);
  });
  afterAll(async () => { await t?.close(); });

  it('with strict, reports every bad row by line and reason and imports nothing', async () => {
    const before = await count();
    const res = await post('?strict=true', CSV);
    expect(res.statusCode).toBe(200);
    const report = res.json() as Report;
    expect(report).toMatchObject({ rows: 10, valid: 3, imported: 0, committed: false, strict: true, tickets: [] });
    expect(report.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual(EXPECTED_REJECTED);
    expect(report.rejected.find((r) => r.line === 6)!.message).toContain('line 2');
    expect(await count()).toBe(before);
  });

  it('without strict, imports the valid rows (normalised) and reports the rest; the tickets scan', async () => {
    const before = await count();
    const res = await post('', CSV);
    const report = res.json() as Report;
    expect(report).toMatchObject({ rows: 10, valid: 3, imported: 3, committed: true, strict: false, ignoredColumns: ['Notes'] });
    expect(report.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual(EXPECTED_REJECTED);
    expect(report.tickets.map((x) => [x.line, x.holder.name, x.type.no])).toEqual([
      [2, 'Ada Lovelace', 1], [9, 'Bola Tinubu', 2], [13, 'Chioma Eze', 1],
    ]);
    expect(report.tickets[0]).toMatchObject({ orderRef: 'A-1', holder: { phone: '+2348031234567' } });
    expect(await count()).toBe(before + 3);
    const verdict = await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, report.tickets[1]!.qr, { gateId: f.gate('VIP'), gateZone: 'VIP' });
    expect(verdict.verdict).toBe('admitted');

    // The same file again: everything valid is now a duplicate of the event's tickets.
    const again = (await post('', CSV)).json() as Report;
    expect(again.imported).toBe(0);
    expect(again.rejected.filter((r) => r.reason === 'duplicate_in_event').map((r) => r.line)).toEqual([2, 8, 9, 13]);
  });

  it('uses a default type for files without a type column, and refuses a file without a name column', async () => {
    const ok = (await post('?type=2', 'name,email\nZainab Musa,zainab@example.ng\n')).json() as Report;
    expect(ok.tickets.map((x) => x.type.no)).toEqual([2]);
    const bad = await post('', 'email,phone\nx@example.ng,\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { code: 'unprocessable', message: expect.stringContaining('name column') } });
    const json = await post('', JSON.stringify({ csv: 'name\nA' }), 'application/json');
    expect(json.statusCode).toBe(415);
  });

  it('runs the same import from the CLI function, with exit code and report lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'karibu-import-'));
    try {
      const file = join(dir, 'guests.csv');
      await writeFile(file, 'name,email,type\nKemi Ade,kemi@example.ng,1\nNo Email Type,,7\n');
      const printed: string[] = [];
      const code = await importFromFile(t.app.ctx, { file, event: f.eventId, strict: false, out: join(dir, 'out.json') }, (l) => printed.push(l));
      expect(code).toBe(1);
      expect(printed.join('\n')).toContain('Imported 1 ticket.');
      expect(printed.join('\n')).toContain('line 3: unknown_type');
      const out = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as { holder: { name: string } }[];
      expect(out.map((x) => x.holder.name)).toEqual(['Kemi Ade']);
      expect(await importFromFile(t.app.ctx, { file: join(dir, 'missing.csv'), event: f.eventId, strict: false }, () => undefined)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe(`karibu import, as a process (${testDatabaseKind})`, () => {
  // One process only (a cold start costs seconds): the in-process tests above cover the rest.
  it('finds the event by slug, prints the report and exits 1 under --strict with a bad row', async () => {
    const db = await createTestDatabase();
    const env = {
      NODE_ENV: 'test', DATA_DIR: db.dataDir, KARIBU_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    try {
      const app = await buildApp(loadConfig(env), { database: db.handle, skipMigrations: true });
      const f = await createEventFixture(app.ctx);
      const slug = await withTenant(app.ctx.db, f.tenantId, async (trx) =>
        (await trx.selectFrom('events').select('slug').where('id', '=', f.eventId).executeTakeFirstOrThrow()).slug);
      await app.close(); // frees the embedded database for the CLI process
      const bad = join(db.dataDir, 'bad.csv');
      await writeFile(bad, 'name,email\nFine Person,fine@example.ng\nBroken,broken@\n');
      const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/karibu.ts', 'import', ...args], { env: { ...process.env, ...env } })
        .then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
      const second = await cli(bad, '--event', slug, '--type', '1', '--strict');
      expect(second.code).toBe(1);
      expect(second.out).toContain('Nothing imported');
      expect(second.out).toContain('line 3: bad_email');
    } finally {
      await db.dispose();
    }
  }, 60_000);
});

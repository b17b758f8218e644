import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { systemCaller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { attendanceExport } from './attendance-export.service.ts';
import { EXPORT_PAGE_SIZE } from './csv-stream.ts';
import * as repository from './exports.repository.ts';

// Counts the pages the exports read, without changing what they read.
vi.mock('./exports.repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./exports.repository.ts')>();
  return { ...original, attendancePage: vi.fn(original.attendancePage) };
});

// A full collection on demand, so the heap measured is what is alive, not garbage awaiting the GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A large event downloads whole, a page at a time: 20,000 tickets (written straight in SQL; the
 * issuing API would spend minutes signing them) come back as 20,000 rows, the database is read in
 * keyset pages, no further than the client has read, and the live heap stays flat.
 */
describe(`export streaming (${testDatabaseKind})`, () => {
  const TICKETS = 20_000;
  let t: TestApp;
  let org: Org;
  let manager: Session;
  const pages = vi.mocked(repository.attendancePage);

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    await withTenant(t.app.ctx.db, org.tenantId, async (trx) => {
      const type = await trx.selectFrom('ticket_types').select('id').where('event_id', '=', org.event.id).where('type_no', '=', 1).executeTakeFirstOrThrow();
      // Codes from the serial's digits mapped onto the code alphabet; PINs are the zero-padded serial.
      await sql`
        insert into tickets (id, tenant_id, event_id, ticket_type_id, serial, code, pin, holder_name, holder_email, link_secret)
        select gen_random_uuid(), ${org.tenantId}, ${org.event.id}, ${type.id}, n,
               substr(d, 1, 4) || '-' || substr(d, 5, 4), lpad(n::text, 6, '0'),
               'Guest ' || n || ' Ọláníyì', 'guest' || n || '@example.test', 'bulk-' || gen_random_uuid()
          from generate_series(1, ${TICKETS}) as n,
               lateral (select translate(lpad(n::text, 8, '0'), '0123456789', 'ABCDEFGHJK') as d) digits`.execute(trx);
      await trx.updateTable('events').set({ next_serial: TICKETS + 1 }).where('id', '=', org.event.id).execute();
    });
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('answers with every ticket, reading the database in pages', async () => {
    pages.mockClear();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/exports/attendance.csv`, headers: bearer(manager) });
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines).toHaveLength(TICKETS + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[TICKETS]).toMatch(/^[A-HJK]{4}-[A-HJK]{4},20000,Guest 20000 Ọláníyì,/);
    // 20 full pages, then the empty one that says there is no more.
    expect(pages).toHaveBeenCalledTimes(TICKETS / EXPORT_PAGE_SIZE + 1);
    expect(pages.mock.calls.map((c) => c[2])).toEqual([0, ...Array.from({ length: TICKETS / EXPORT_PAGE_SIZE }, (_, i) => (i + 1) * EXPORT_PAGE_SIZE)]);
  }, 120_000);

  it('keeps the heap flat however many rows go through', async () => {
    const actual = await vi.importActual<typeof import('./exports.repository.ts')>('./exports.repository.ts');
    // What the export keeps alive (collected heap) while each page's rows are held.
    const live: number[] = [];
    pages.mockImplementation(async (...args) => {
      pages.mockClear(); // the mock's own record of results would keep every page alive
      const rows = await actual.attendancePage(...args);
      gc();
      live.push(process.memoryUsage().heapUsed);
      return rows;
    });
    const { body } = await attendanceExport(t.app.ctx, systemCaller(org.tenantId), org.event.id, { bom: true });
    pages.mockClear();
    gc();
    const before = process.memoryUsage().heapUsed;
    let bytes = 0;
    for await (const chunk of body) bytes += (chunk as Buffer).length; // read and dropped, as a socket does
    pages.mockImplementation(actual.attendancePage);
    expect(bytes).toBeGreaterThan(TICKETS * 50);
    expect(live).toHaveLength(TICKETS / EXPORT_PAGE_SIZE + 1);
    // A page of rows is about half a megabyte; all 20,000 at once would be some 7 MB.
    expect(Math.max(...live) - before).toBeLessThan(5 * 1024 * 1024);
    // Nothing piles up from page to page: the 20th page costs what the first did.
    expect(Math.max(...live) - live[0]!).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);

  it('reads no further ahead than the client has read', async () => {
    pages.mockClear();
    const { body } = await attendanceExport(t.app.ctx, systemCaller(org.tenantId), org.event.id, { bom: true });
    let chunks = 0;
    for await (const _chunk of body) {
      if (++chunks === 3) break; // the header and two pages
    }
    // At most one page read ahead of what was taken; breaking off ends the reads.
    expect(pages.mock.calls.length).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pages.mock.calls.length).toBeLessThanOrEqual(3);
    expect(body.destroyed).toBe(true);
  });
});

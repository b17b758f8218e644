import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test/support/test-app.ts';
import { quoteLiteral } from './scan-fast-path.ts';

/** The fast path inlines text and JSON as literals: they must read back as exactly what was sent. */
const TRICKY = [
  '', "'", "''", '\\', "\\'", "'\\", "x'); DROP TABLE scans; --", "E'\\x41'", '\\\\\'\'', 'a\nb\r\tc',
  'Ngozi O\'Brien-Okafor', '{"holderName":"Ada \\"Lovelace\\"","n":1}', 'ẞüñ 日本 👋🏾', '$$', '$tag$ x $tag$', '\u2028\u2029',
];

function randomText(seed: number): string {
  const alphabet = ["'", '\\', '"', 'a', ' ', '\n', 'é', '👋', '$', ';', '-', 'E'];
  let x = seed;
  let out = '';
  const len = seed % 17;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

describe('fast-path literals', () => {
  it("escape exactly as pg's escapeLiteral does", () => {
    for (const s of [...TRICKY, ...Array.from({ length: 2000 }, (_, i) => randomText(i + 1))]) {
      expect(quoteLiteral(s), JSON.stringify(s)).toBe(pg.escapeLiteral(s));
    }
  });
});

describe(`fast-path literals read back (${testDatabaseKind})`, () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.dispose(); });

  it('as the same text and the same JSON', async () => {
    const texts = [...TRICKY, ...Array.from({ length: 200 }, (_, i) => randomText(i * 7 + 3))];
    const { rows } = await sql<{ v: string[] }>`select array[${sql.raw(texts.map((s) => `${quoteLiteral(s)}::text`).join(', '))}]::text[] as v`.execute(db.handle.db);
    expect(rows[0]!.v).toEqual(texts);
    const answer = { verdict: 'admitted', ticket: { holderName: "D'Angelo \\ \"Q\" 👋", zones: ['GA'] } };
    const json = await sql<{ v: unknown }>`select ${sql.raw(`${quoteLiteral(JSON.stringify(answer))}::jsonb`)} as v`.execute(db.handle.db);
    const v = json.rows[0]!.v;
    expect(typeof v === 'string' ? JSON.parse(v) : v).toEqual(answer);
  });
});

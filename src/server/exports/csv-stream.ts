import { Readable } from 'node:stream';
import { csvLine, type CsvValue } from './csv-cell.ts';

/**
 * How a CSV export reaches the client without the whole list in memory: the database is read one
 * keyset page at a time, each page in its own short tenant transaction (on PGlite, with its single
 * connection, a transaction held open while a slow client downloads would stall every door scan),
 * and the next page is only read when the client has taken the previous one (Readable.from pulls
 * the generator on demand, so the socket's backpressure reaches the database). The pages are not
 * one snapshot: a scan recorded mid-download may or may not appear, as in any live list.
 */
export const EXPORT_PAGE_SIZE = 1000;

/** Pages of `fetch(after, limit)` until a short page, each continuing after the last row's key. */
export async function* keysetPages<R, K>(
  first: K, fetch: (after: K, limit: number) => Promise<R[]>, keyOf: (row: R) => K, limit = EXPORT_PAGE_SIZE,
): AsyncGenerator<R[]> {
  let after = first;
  for (;;) {
    const rows = await fetch(after, limit);
    if (rows.length > 0) yield rows;
    if (rows.length < limit) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/**
 * The CSV as a byte stream: an optional UTF-8 byte order mark (Excel reads the file as UTF-8 only
 * with it), the header line, then each page as one chunk.
 */
export function csvStream<R>(header: readonly string[], pages: AsyncIterable<R[]>, cells: (row: R) => CsvValue[], bom: boolean): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield `${bom ? '\uFEFF' : ''}${csvLine(header)}`;
    for await (const page of pages) yield page.map((row) => csvLine(cells(row))).join('');
  }
  return Readable.from(chunks(), { objectMode: false, encoding: 'utf8' });
}

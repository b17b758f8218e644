import { readFile, writeFile } from 'node:fs/promises';
import type { AppContext } from '../server/app-context.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { asSystem } from '../server/db/database.ts';
import { DomainError } from '../server/shared/domain-error.ts';
import type { ImportReport } from '../contracts/tickets.contract.ts';
import { importTicketsCsv } from '../server/tickets/ticket-import.service.ts';

/**
 * `karibu import FILE --event ID|SLUG [--strict] [--type T] [--region CC] [--out FILE]`: the CSV
 * import of the API, run against the server's database directly (same rules, same report).
 * Exit codes: 0 every row imported · 1 some rows rejected (with --strict: nothing imported) ·
 * 2 the command itself was wrong (no such file or event, not CSV).
 */
export interface ImportCommandOptions {
  file: string;
  event: string;
  strict: boolean;
  type?: string | undefined;
  region?: string | undefined;
  /** Writes the issued tickets (QR text, code, PIN, link) as JSON, mode 0600. */
  out?: string | undefined;
}

export async function runImport(env: Record<string, string | undefined>, options: ImportCommandOptions): Promise<number> {
  // Server logs would drown the report; the CLI prints what matters itself.
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'error', ...env }));
  try {
    return await importFromFile(app.ctx, options, (line) => console.log(line));
  } finally {
    await app.close();
  }
}

export async function importFromFile(ctx: AppContext, options: ImportCommandOptions, print: (line: string) => void): Promise<number> {
  let csv: string;
  try {
    csv = await readFile(options.file, 'utf8');
  } catch (err) {
    print(`karibu import: cannot read ${options.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 2;
  }
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.event);
  const event = await asSystem(ctx.db, (trx) => trx.selectFrom('events').select(['id', 'tenant_id', 'name'])
    .where(isUuid ? 'id' : 'slug', '=', options.event).executeTakeFirst());
  if (!event) {
    print(`karibu import: no event "${options.event}" (give its id or slug).`);
    return 2;
  }
  let report: ImportReport;
  try {
    report = await importTicketsCsv(ctx, event.tenant_id, event.id, { kind: 'system', id: null }, csv,
      { strict: options.strict, defaultType: options.type, phoneRegion: options.region });
  } catch (err) {
    if (err instanceof DomainError) {
      print(`karibu import: ${err.message}`);
      return 2;
    }
    throw err;
  }
  for (const line of formatReport(event.name, report)) print(line);
  if (options.out && report.tickets.length > 0) {
    await writeFile(options.out, JSON.stringify(report.tickets, null, 2) + '\n', { mode: 0o600 });
    print(`Issued tickets written to ${options.out}`);
  }
  return report.rejected.length === 0 ? 0 : 1;
}

export function formatReport(eventName: string, r: ImportReport): string[] {
  const lines = [
    `Import into "${eventName}": ${r.rows} rows, ${r.valid} valid, ${r.rejected.length} rejected.`,
    r.committed
      ? `Imported ${r.imported} ticket${r.imported === 1 ? '' : 's'}.`
      : `Nothing imported (--strict and ${r.rejected.length} bad row${r.rejected.length === 1 ? '' : 's'}).`,
  ];
  if (r.ignoredColumns.length) lines.push(`Ignored columns: ${r.ignoredColumns.join(', ')}`);
  for (const p of r.rejected) lines.push(`  line ${p.line}: ${p.reason} — ${p.message}`);
  return lines;
}

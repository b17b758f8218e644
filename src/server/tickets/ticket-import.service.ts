import { languageOf } from '../../core/index.ts';
import { CsvError, parse } from 'csv-parse/sync';
import type { ImportProblem, ImportReport } from '../../contracts/tickets.contract.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { checkHolder, DEFAULT_PHONE_REGION, holderDuplicateKey, isPhoneRegion } from './holder-input.ts';
import { issueAndAnnounce, IDEMPOTENCY_TTL_HOURS, replay, requestHash, resolveTicketType, type Actor, type IntakeDeps } from './ticket-intake.service.ts';
import type { TicketInput } from './ticket-issuance.service.ts';
import { viewOfIssued } from './ticket-view.ts';
import { claimIdempotency, completeIdempotency, eventExists, eventTicketTypes, validHoldersMatching } from './tickets-in.repository.ts';

/**
 * CSV import of tickets (`karibu import FILE --event ID` and POST /events/{id}/imports). Every bad
 * row is reported with its line and reason; the valid rows go in together — or, with strict,
 * nothing goes in unless every row is valid. Never half an import: one transaction.
 *
 * Columns (header row, any order, case and spacing ignored; unknown columns are listed, not used):
 *   name (or first_name + last_name) · email · phone · type (number, name or id; optional when the
 *   event has one type or a default is given) · order_ref
 * Duplicates (holder-input.ts holderDuplicateKey): the same email and name — or, without email,
 * the same phone and name — as an earlier row of the file, or as a valid ticket of the event.
 */

export const MAX_IMPORT_ROWS = 20_000;

export interface ImportOptions { strict?: boolean | undefined; defaultType?: string | number | undefined; phoneRegion?: string | undefined }

type Field = 'name' | 'firstName' | 'lastName' | 'email' | 'phone' | 'type' | 'orderRef' | 'language';
const ALIASES: Record<string, Field> = {
  name: 'name', fullname: 'name', holder: 'name', holdername: 'name', attendee: 'name', attendeename: 'name',
  firstname: 'firstName', givenname: 'firstName', lastname: 'lastName', surname: 'lastName', familyname: 'lastName',
  email: 'email', emailaddress: 'email', mail: 'email',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', msisdn: 'phone', tel: 'phone', telephone: 'phone',
  type: 'type', tickettype: 'type', typeno: 'type', category: 'type',
  orderref: 'orderRef', order: 'orderRef', orderid: 'orderRef', reference: 'orderRef', ref: 'orderRef',
  language: 'language', lang: 'language', locale: 'language',
};

interface ParsedRow { line: number; values: Partial<Record<Field, string>>; columnMismatch: boolean }

export function parseTicketCsv(text: string): { rows: ParsedRow[]; ignoredColumns: string[] } {
  // CRLF → LF first: csv-parse counts a CRLF inside a quoted field as two lines.
  const input = text.replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 64 * 1024 }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) throw new DomainError('unprocessable', `The file is not valid CSV (line ${(err as CsvError & { lines?: number }).lines ?? '?'}): ${err.message.split(':')[0]}.`);
    throw err;
  }
  const header = records[0];
  if (!header) throw new DomainError('unprocessable', 'The file is empty: expected a header row (name,email,phone,type,order_ref).');
  const fields = header.record.map((h) => ALIASES[h.toLowerCase().replace(/[\s_\-.]/g, '')]);
  const ignoredColumns = header.record.filter((_, i) => fields[i] === undefined);
  if (!fields.includes('name') && !(fields.includes('firstName') || fields.includes('lastName'))) {
    throw new DomainError('unprocessable', 'The header row has no name column (expected e.g. name,email,phone,type,order_ref).');
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) throw new DomainError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows per import.`);
  const rows: ParsedRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((v) => v === '')) continue;
    const newlinesInside = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const values: ParsedRow['values'] = {};
    fields.forEach((f, i) => { if (f && record[i] !== undefined && values[f] === undefined) values[f] = record[i]; });
    rows.push({ line: info.lines - newlinesInside, values, columnMismatch: record.length !== header.record.length });
  }
  return { rows, ignoredColumns };
}

export async function importTicketsCsv(
  deps: IntakeDeps, tenantId: string, eventId: string, actor: Actor, csv: string, options: ImportOptions = {}, idempotencyKey?: string,
): Promise<ImportReport & { replayed: boolean }> {
  const region = options.phoneRegion ?? DEFAULT_PHONE_REGION;
  if (!isPhoneRegion(region)) throw new DomainError('unprocessable', `phoneRegion "${region}" is not a known ISO 3166 country code.`);
  const strict = options.strict ?? false;
  const { rows, ignoredColumns } = parseTicketCsv(csv);
  const scope = `importTickets:${eventId}`;
  const hash = requestHash({ csv, strict, defaultType: options.defaultType ?? null, region });

  return withTenant(deps.db, tenantId, async (trx) => {
    if (!(await eventExists(trx, eventId))) throw new DomainError('not_found', 'No such event.');
    if (idempotencyKey) {
      const earlier = await claimIdempotency(trx, tenantId, scope, idempotencyKey, hash, IDEMPOTENCY_TTL_HOURS);
      if (earlier) {
        const tickets = await replay(deps, trx, earlier, hash);
        const result = (typeof earlier.result === 'string' ? JSON.parse(earlier.result) : earlier.result) as Omit<ImportReport, 'tickets'> & { lines: number[] };
        const { lines, ...report } = result;
        return { ...report, tickets: tickets.map((t, i) => ({ ...t, line: lines[i] ?? 0 })), replayed: true };
      }
    }
    const types = await eventTicketTypes(trx, eventId);
    const rejected: ImportProblem[] = [];
    const candidates: { line: number; input: TicketInput; key: string | null }[] = [];
    const firstLineOf = new Map<string, number>();
    for (const row of rows) {
      if (row.columnMismatch) {
        rejected.push({ line: row.line, reason: 'bad_row', message: 'The row has a different number of columns than the header.' });
        continue;
      }
      const v = row.values;
      const name = v.name ?? [v.firstName, v.lastName].filter(Boolean).join(' ');
      const holder = checkHolder({ name, email: v.email, phone: v.phone }, region);
      if (!holder.ok) { rejected.push({ line: row.line, reason: holder.problem, message: holder.message }); continue; }
      const type = resolveTicketType(types, v.type || options.defaultType);
      if (!type) {
        rejected.push({ line: row.line, reason: 'unknown_type', message: v.type ? `No ticket type "${v.type}" in this event.` : 'No ticket type given (add a type column or a default type).' });
        continue;
      }
      const key = holderDuplicateKey(holder.holder);
      if (key !== null) {
        const first = firstLineOf.get(key);
        if (first !== undefined) {
          rejected.push({ line: row.line, reason: 'duplicate_in_file', message: `Same holder as line ${first}.` });
          continue;
        }
        firstLineOf.set(key, row.line);
      }
      candidates.push({
        line: row.line, key,
        input: { ticketTypeId: type.id, holderName: holder.holder.name, holderEmail: holder.holder.email, holderPhone: holder.holder.phone, orderRef: v.orderRef || null,
          language: languageOf(v.language) },
      });
    }
    // Against the event's existing valid tickets.
    const emails = [...new Set(candidates.map((c) => c.input.holderEmail).filter((e): e is string => Boolean(e)))];
    const phones = [...new Set(candidates.filter((c) => !c.input.holderEmail).map((c) => c.input.holderPhone).filter((p): p is string => Boolean(p)))];
    const existing = new Set((await validHoldersMatching(trx, eventId, emails, phones))
      .map((h) => holderDuplicateKey({ name: h.holder_name, email: h.holder_email, phone: h.holder_phone })));
    const accepted = candidates.filter((c) => {
      if (c.key === null || !existing.has(c.key)) return true;
      rejected.push({ line: c.line, reason: 'duplicate_in_event', message: 'This holder already has a valid ticket for this event.' });
      return false;
    });
    rejected.sort((a, b) => a.line - b.line);

    const commit = !(strict && rejected.length > 0);
    const issued = commit
      ? await issueAndAnnounce(deps, trx, tenantId, eventId, accepted.map((c) => c.input), actor, 'import', { rejected: rejected.length })
      : [];
    const report: Omit<ImportReport, 'tickets'> = {
      rows: rows.length, valid: accepted.length, imported: issued.length, committed: commit, strict, rejected, ignoredColumns,
    };
    const lines = issued.map((_, i) => accepted[i]!.line);
    if (idempotencyKey) await completeIdempotency(trx, tenantId, scope, idempotencyKey, issued.map((t) => t.id), { ...report, lines });
    return { ...report, tickets: issued.map((t, i) => ({ ...viewOfIssued(eventId, t), line: lines[i]! })), replayed: false };
  });
}

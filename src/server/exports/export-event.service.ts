import type { Readable } from 'node:stream';
import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { findExportEvent, type ExportEventRow } from './exports.repository.ts';

/** What an export route sends: a file name for content-disposition and the body. */
export interface ExportFile<B = Readable> {
  filename: string;
  body: B;
}

/**
 * The exported event with its venue's time zone, read before any byte is sent: an unknown event
 * must still be a 404 in the one error shape, which a stream already under way cannot become.
 */
export async function loadExportEvent(ctx: AppContext, caller: Caller, eventId: string): Promise<ExportEventRow> {
  const event = await withTenant(ctx.db, caller.tenantId, (trx) => findExportEvent(trx, eventId));
  if (!event) throw new DomainError('not_found', 'No such event.');
  return event;
}

/** `<event-slug>-<what>`, kept to characters every file system and header parser takes. */
export function exportFilename(slug: string, what: string): string {
  return `${slug.replace(/[^A-Za-z0-9._-]+/g, '-')}-${what}`;
}

/** A column heading for times, saying which clock they are on. */
export function timeHeading(label: string, timeZone: string): string {
  return `${label} (${timeZone})`;
}

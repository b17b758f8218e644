import type { Readable } from 'node:stream';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
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
 * The download is audited there too: an export is the guest list leaving the system, and the
 * organizer should be able to see who took it and when.
 */
export async function openExport(ctx: AppContext, caller: Caller, eventId: string, file: string): Promise<{ event: ExportEventRow; filename: string }> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    const event = await findExportEvent(trx, eventId);
    if (!event) throw new DomainError('not_found', 'No such event.');
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.exported', subjectId: eventId, detail: { ...actor.detail, file } });
    return { event, filename: exportFilename(event.slug, file) };
  });
}

/** `<event-slug>-<what>`, kept to characters every file system and header parser takes. */
function exportFilename(slug: string, what: string): string {
  return `${slug.replace(/[^A-Za-z0-9._-]+/g, '-')}-${what}`;
}

/** A column heading for times, saying which clock they are on. */
export function timeHeading(label: string, timeZone: string): string {
  return `${label} (${timeZone})`;
}

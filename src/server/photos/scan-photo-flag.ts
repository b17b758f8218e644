import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { eventScanContext } from '../events/scan-context.cache.ts';

/**
 * Photo check on the online scan answer (decision 0010): `photoCheck: true` when the ticket's type
 * shows a photo, `photo: true` when one is on file (the scanner then fetches it with its device
 * token). Both absent otherwise, so other answers stay byte-for-byte as before. Added after the
 * judgement, not inside it: the judge's batch SQL stays as it is.
 *
 * Most events use no photo check: whether one does comes from the event's scan context, which the
 * scan has just used (cached per process, refreshed in the background by one request at a time,
 * dropped when a type is edited here), so their scans pay no extra query. A lookup of its own that
 * expires without one request refreshing it for all would send every scan arriving during the
 * reload to the database at once: at 2,000 scans/s, a stall of the door's answers each time.
 */
async function eventUsesPhotoCheck(ctx: AppContext, tenantId: string, eventId: string): Promise<boolean> {
  const scanCtx = await eventScanContext(ctx, tenantId, eventId);
  if (!scanCtx) return false;
  for (const type of scanCtx.typesByNo.values()) if (type.photoCheck) return true;
  return false;
}

export async function photoFlags(
  ctx: AppContext, tenantId: string, eventId: string, ticketId: string | null, toDoorStaff: boolean,
): Promise<{ photoCheck?: true; photo?: true }> {
  if (!toDoorStaff || ticketId === null || !(await eventUsesPhotoCheck(ctx, tenantId, eventId))) return {};
  const row = await withTenant(ctx.db, tenantId, (trx) => trx.selectFrom('tickets as t')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoin('ticket_photos as p', 'p.ticket_id', 't.id')
    .select(['tt.photo_check', 'p.photo_enc'])
    .where('t.id', '=', ticketId).executeTakeFirst());
  if (!row?.photo_check) return {};
  return row.photo_enc ? { photoCheck: true, photo: true } : { photoCheck: true };
}

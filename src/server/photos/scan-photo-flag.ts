import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';

/**
 * Photo check on the online scan answer (decision 0010): `photoCheck: true` when the ticket's type
 * shows a photo, `photo: true` when one is on file (the scanner then fetches it with its device
 * token). Both absent otherwise, so other answers stay byte-for-byte as before. Added after the
 * judgement, not inside it: the judge's batch SQL stays as it is.
 *
 * Most events use no photo check: which events do is cached for a few seconds, so their scans pay
 * no extra query. A type switched on shows up within that time.
 */
const TTL_MS = 10_000;
const eventsWithPhotoCheck = new Map<string, { yes: boolean; until: number }>();

async function eventUsesPhotoCheck(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string): Promise<boolean> {
  const hit = eventsWithPhotoCheck.get(eventId);
  if (hit && hit.until > Date.now()) return hit.yes;
  const row = await withTenant(ctx.db, tenantId, (trx) => trx.selectFrom('ticket_types').select('id')
    .where('event_id', '=', eventId).where('photo_check', '=', true).limit(1).executeTakeFirst());
  if (eventsWithPhotoCheck.size > 10_000) eventsWithPhotoCheck.clear();
  eventsWithPhotoCheck.set(eventId, { yes: row !== undefined, until: Date.now() + TTL_MS });
  return row !== undefined;
}

export async function photoFlags(
  ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, ticketId: string | null, toDoorStaff: boolean,
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

/** For tests that toggle a type and scan at once. */
export function forgetPhotoCheckCache(): void {
  eventsWithPhotoCheck.clear();
}

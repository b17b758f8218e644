import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { audit, type AuditActorKind } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { open, seal } from '../secrets/sealed-box.ts';
import { DomainError } from '../shared/domain-error.ts';
import { fetchPhoto } from './photo-fetch.ts';
import { decodeDataUrl, processPhoto, type ProcessedPhoto } from './photo-image.ts';

/**
 * Photo check (decision 0010): one photo per ticket of a type that opts in, stored re-encoded and
 * sealed at rest under the master key, bound to the ticket id so a row copied onto another ticket
 * does not open. Every change takes a new `seq` so door phones fetch it in their next photo pack.
 */
const PHOTO_PURPOSE = 'ticket-photo';
const THUMB_PURPOSE = 'ticket-photo-thumb';

type Deps = Pick<AppContext, 'db' | 'masterKey'>;
export interface PhotoActor { actorKind: AuditActorKind; actorId: string | null; detail?: Record<string, unknown> | undefined }

interface TicketFacts { id: string; event_id: string; status: string; photo_check: boolean }

/** A ticket by id, or by serial (the door knows a scanned ticket by its serial). */
export type TicketRef = string | { serial: number };

async function ticketFacts(trx: Trx, eventId: string, ref: TicketRef): Promise<TicketFacts> {
  let q = trx.selectFrom('tickets as t').innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .select(['t.id', 't.event_id', 't.status', 'tt.photo_check']).where('t.event_id', '=', eventId);
  q = typeof ref === 'string' ? q.where('t.id', '=', ref) : q.where('t.serial', '=', ref.serial);
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'Not found.');
  return row;
}

const notPhotoCheck = () => new DomainError('forbidden', 'This ticket type does not use photo check.');

/** Validates, re-encodes and stores a photo (replacing any). Consent is the holder's, stated with the upload. */
export async function putPhoto(
  deps: Deps, tenantId: string, eventId: string, ticketId: string, body: { photo: string; consent: boolean }, actor: PhotoActor,
): Promise<{ hasPhoto: true; bytes: number }> {
  if (body.consent !== true) throw new DomainError('unprocessable', 'The holder must agree to door staff seeing the photo.', { path: 'body.consent' });
  // Decoded before the transaction: image work must not hold a database connection.
  const processed = await processPhoto(decodeDataUrl(body.photo));
  const stored = await withTenant(deps.db, tenantId, (trx) => storeProcessedPhoto(deps, trx, tenantId, eventId, ticketId, processed, actor));
  return stored;
}

/** Stores an already processed photo in the caller's transaction (the issuance API stores it with the new ticket). */
export async function storeProcessedPhoto(
  deps: Pick<AppContext, 'masterKey'>, trx: Trx, tenantId: string, eventId: string, ticketId: string, processed: ProcessedPhoto, actor: PhotoActor,
): Promise<{ hasPhoto: true; bytes: number }> {
  {
    const t = await ticketFacts(trx, eventId, ticketId);
    if (!t.photo_check) throw notPhotoCheck();
    if (t.status !== 'valid') throw new DomainError('conflict', `This ticket is ${t.status}.`);
    const row = {
      photo_enc: seal(deps.masterKey, PHOTO_PURPOSE, processed.photo, ticketId),
      thumb_enc: seal(deps.masterKey, THUMB_PURPOSE, processed.thumb, ticketId),
      mime: processed.mime, bytes: processed.photo.length, seal_nonce: randomBytes(8), consent_at: new Date(),
    };
    await trx.insertInto('ticket_photos').values({ ticket_id: ticketId, tenant_id: tenantId, event_id: eventId, ...row })
      .onConflict((oc) => oc.column('ticket_id').doUpdateSet({ ...row, seq: sql`nextval('ticket_photos_seq')`, updated_at: new Date() }))
      .execute();
    await audit(trx, { tenantId, actorKind: actor.actorKind, actorId: actor.actorId, action: 'ticket.photo_set', subjectId: ticketId, detail: actor.detail ?? {} });
    return { hasPhoto: true as const, bytes: processed.photo.length };
  }
}

/**
 * Photos sent with the issuance API, checked and re-encoded before any ticket is issued (so a bad
 * photo issues nothing). Data URLs only: a URL to fetch would let callers aim the server at
 * addresses of its own network.
 */
export async function prepareIssuancePhotos(
  tickets: readonly { photo?: string | undefined; photoConsent?: boolean | undefined }[], fetchOpts: { allowPrivate: boolean } = { allowPrivate: false },
): Promise<(ProcessedPhoto | null)[]> {
  const out: (ProcessedPhoto | null)[] = [];
  for (const [i, t] of tickets.entries()) {
    if (t.photo === undefined) { out.push(null); continue; }
    if (t.photoConsent !== true) throw new DomainError('unprocessable', `tickets[${i}].photoConsent: the holder must agree to door staff seeing the photo.`, { path: `body.tickets.${i}.photoConsent` });
    try {
      // A data URL, or an address fetched once (photo-fetch.ts guards what it may reach).
      const bytes = t.photo.startsWith('data:') ? decodeDataUrl(t.photo) : await fetchPhoto(t.photo, fetchOpts);
      out.push(await processPhoto(bytes));
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, `tickets[${i}].photo: ${err.message}`, { path: `body.tickets.${i}.photo` });
      throw err;
    }
  }
  return out;
}

/** Removes the photo; the row stays as a tombstone (no image bytes) so door phones drop their copy. */
export async function deletePhoto(deps: Deps, tenantId: string, eventId: string, ticketId: string, actor: PhotoActor): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    await ticketFacts(trx, eventId, ticketId);
    const res = await trx.updateTable('ticket_photos')
      .set({ photo_enc: null, thumb_enc: null, mime: null, bytes: null, seal_nonce: null, consent_at: null, seq: sql`nextval('ticket_photos_seq')`, updated_at: new Date() })
      .where('ticket_id', '=', ticketId).where('photo_enc', 'is not', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) {
      await audit(trx, { tenantId, actorKind: actor.actorKind, actorId: actor.actorId, action: 'ticket.photo_removed', subjectId: ticketId, detail: actor.detail ?? {} });
    }
  });
}

/** The door's photo: only for photo-check types (403 otherwise), 404 when the ticket has none. */
export async function readPhoto(deps: Deps, tenantId: string, eventId: string, ref: TicketRef): Promise<{ mime: string; image: Buffer }> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const t = await ticketFacts(trx, eventId, ref);
    if (!t.photo_check) throw notPhotoCheck();
    const row = await trx.selectFrom('ticket_photos').select(['photo_enc', 'mime']).where('ticket_id', '=', t.id).executeTakeFirst();
    if (!row?.photo_enc || !row.mime) throw new DomainError('not_found', 'This ticket has no photo.');
    return { mime: row.mime, image: open(deps.masterKey, PHOTO_PURPOSE, row.photo_enc, t.id) };
  });
}

/** Whether each ticket has a photo (for `hasPhoto` in ticket views and `photo` in scan answers). */
export async function ticketsWithPhotos(trx: Trx, ticketIds: readonly string[]): Promise<Set<string>> {
  if (ticketIds.length === 0) return new Set();
  const rows = await trx.selectFrom('ticket_photos').select('ticket_id')
    .where('ticket_id', 'in', ticketIds).where('photo_enc', 'is not', null).execute();
  return new Set(rows.map((r) => r.ticket_id));
}

export function openThumb(deps: Pick<AppContext, 'masterKey'>, ticketId: string, sealed: Uint8Array): Buffer {
  return open(deps.masterKey, THUMB_PURPOSE, sealed, ticketId);
}

/** For the attendee's page: whether the type uses photo check and a photo is on file (never the image). */
export async function photoStateOf(deps: Pick<AppContext, 'db'>, tenantId: string, ticketId: string): Promise<{ photoCheck: boolean; hasPhoto: boolean }> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await trx.selectFrom('tickets as t').innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
      .leftJoin('ticket_photos as p', 'p.ticket_id', 't.id').select(['tt.photo_check', 'p.photo_enc'])
      .where('t.id', '=', ticketId).executeTakeFirst();
    return { photoCheck: row?.photo_check ?? false, hasPhoto: Boolean(row?.photo_enc) };
  });
}

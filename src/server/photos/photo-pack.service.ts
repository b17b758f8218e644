import { sql } from 'kysely';
import { bytesToBase64Url, constantTimeEqual, parseTicketToken, sealPhoto, tokenDigest } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import { openThumb } from './photo.service.ts';

/**
 * The offline photo pack (decision 0010): thumbnails of an event's photo-check tickets for door
 * phones, kept apart from the manifest so its format and 3 MB budget stay as they are. Each
 * thumbnail is sealed under its ticket's QR (core sealPhoto), so a lost phone shows no faces.
 * Paged by the photos' change sequence: `since` is the last page's `cursor`; a removed photo comes
 * as [serial, null, null] so the phone drops its copy.
 */
export type PackItem = [number, string, string] | [number, null, null];
export interface PhotoPack { photoCheckTypes: number[]; items: PackItem[]; cursor: string; more: boolean; withheld?: true }

const MAX_PAGE = 500;

export async function buildPhotoPack(
  ctx: Pick<AppContext, 'db' | 'masterKey' | 'keys'>, tenantId: string, eventId: string, deviceId: string,
  since: string | undefined, limit = MAX_PAGE,
): Promise<PhotoPack> {
  const after = since === undefined ? 0 : Number(since);
  if (!Number.isSafeInteger(after) || after < 0) throw new DomainError('bad_request', 'since is not a photo pack cursor; omit it to start over.');
  return withTenant(ctx.db, tenantId, async (trx) => {
    const device = await trx.selectFrom('devices').select(['kind', 'allow_offline_names', 'revoked_at']).where('id', '=', deviceId).executeTakeFirst();
    if (!device || device.revoked_at) throw new DomainError('forbidden', 'This device is not paired any more.');
    // Faces are personal data like names: the same per-device permission, never on a kiosk.
    const types = await trx.selectFrom('ticket_types').select('type_no').where('event_id', '=', eventId).where('photo_check', '=', true).orderBy('type_no').execute();
    // Not a 403: the phone still learns which types use photo check, so offline it says the photo
    // is not available rather than "No photo" (which would read as "this guest has none").
    if (device.kind === 'kiosk' || !device.allow_offline_names) return { photoCheckTypes: types.map((t) => t.type_no), items: [], cursor: '0', more: false, withheld: true };
    const { rows } = await sql<{
      ticket_id: string; seq: string; thumb_enc: Uint8Array | null; seal_nonce: Uint8Array | null; serial: number; kid: string | null;
      token_hash: Uint8Array | null; type_no: number; valid_from: Date | null; valid_until: Date | null; photo_check: boolean; status: string;
    }>`
      select p.ticket_id, p.seq, p.thumb_enc, p.seal_nonce, t.serial, t.kid, t.token_hash, t.status, tt.type_no, tt.valid_from, tt.valid_until, tt.photo_check
        from ticket_photos p join tickets t on t.id = p.ticket_id join ticket_types tt on tt.id = t.ticket_type_id
       where p.event_id = ${eventId} and p.seq > ${after}
       order by p.seq limit ${Math.min(Math.max(limit, 1), MAX_PAGE) + 1}`.execute(trx);
    const more = rows.length > Math.min(limit, MAX_PAGE);
    const page = more ? rows.slice(0, -1) : rows;
    const items: PackItem[] = [];
    for (const r of page) {
      const sealed = r.thumb_enc && r.seal_nonce && r.photo_check && r.status === 'valid' && r.token_hash && r.kid !== null
        ? await sealFor(ctx, trx, eventId, r) : null;
      items.push(sealed ? [r.serial, bytesToBase64Url(r.seal_nonce!), sealed] : [r.serial, null, null]);
    }
    const last = page.at(-1);
    return { photoCheckTypes: types.map((t) => t.type_no), items, cursor: String(last ? last.seq : after), more };
  });
}

type Trx = Parameters<typeof renderTicketQr>[1];

/** The thumbnail sealed under the QR the attendee holds; null when that QR is no longer the issued one. */
async function sealFor(
  ctx: Pick<AppContext, 'masterKey' | 'keys'>, trx: Trx, eventId: string,
  r: { ticket_id: string; thumb_enc: Uint8Array | null; seal_nonce: Uint8Array | null; serial: number; kid: string | null; token_hash: Uint8Array | null; type_no: number; valid_from: Date | null; valid_until: Date | null },
): Promise<string | null> {
  const qr = await renderTicketQr(ctx, trx, { serial: r.serial, kid: Number(r.kid), type_no: r.type_no, valid_from: r.valid_from, valid_until: r.valid_until });
  const parsed = parseTicketToken(qr);
  const held = new Uint8Array(r.token_hash!);
  if (!parsed.ok || !constantTimeEqual(tokenDigest(parsed).subarray(0, held.length), held)) return null;
  const thumb = openThumb(ctx, r.ticket_id, r.thumb_enc!);
  return bytesToBase64Url(sealPhoto(thumb, parsed, eventId, r.serial, new Uint8Array(r.seal_nonce!)));
}

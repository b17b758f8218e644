import { bytesToBase64Url, constantTimeEqual, parseTicketToken, sealNote, tokenDigest, type ParsedToken } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import type { ManifestTicketRow } from './manifest.repository.ts';

/**
 * Attention notes in manifests (sync format 4, docs/decisions/0009-attention-notes-offline.md).
 *
 * A ticket's own note may say something about its holder ("Uses a wheelchair"), so it is sealed
 * under the ticket's QR exactly as the holder name is: a lost phone without the QR reads nothing.
 * It travels beside the ticket block as `notes: [serial, nameVersion, ciphertext]` rather than
 * inside it, so the block's byte layout (and every phone that reads it) stays as it is.
 */
export type ManifestNote = [number, number, string];

type RenderTrx = Parameters<typeof renderTicketQr>[1];

/**
 * The ticket's current QR re-rendered (Ed25519 is deterministic), when it is the one the attendee
 * holds: the type's validity may have changed since issuance, and then a seal under the new QR
 * could never be opened — such a record carries no seal rather than a wrong one.
 */
export async function issuedToken(ctx: AppContext, trx: RenderTrx, row: ManifestTicketRow, tokenHash: Uint8Array): Promise<ParsedToken | undefined> {
  if (row.kid === null) return undefined;
  const qr = await renderTicketQr(ctx, trx, { serial: row.serial, kid: row.kid, type_no: row.type_no, valid_from: row.valid_from, valid_until: row.valid_until });
  const parsed = parseTicketToken(qr);
  if (!parsed.ok || !constantTimeEqual(tokenDigest(parsed).subarray(0, tokenHash.length), tokenHash)) return undefined;
  return parsed;
}

/** Sealed notes of the page's tickets that have one (few do: no cache, one QR render each). */
export async function sealedNotes(ctx: AppContext, trx: RenderTrx, eventId: string, rows: readonly ManifestTicketRow[]): Promise<ManifestNote[]> {
  const out: ManifestNote[] = [];
  for (const row of rows) {
    if (row.attention_note === null || !row.token_hash) continue;
    const token = await issuedToken(ctx, trx, row, new Uint8Array(row.token_hash));
    if (!token) continue;
    const sealed = sealNote(row.attention_note, token, eventId, row.serial, row.name_version);
    out.push([row.serial, sealed.nameVersion, bytesToBase64Url(sealed.ciphertext)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

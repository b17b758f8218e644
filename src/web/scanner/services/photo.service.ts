// Photo check at the door (decision 0010): the holder's photo beside the verdict, for staff to
// compare with the face in front of them. Online it is fetched with the device token after the
// answer (the verdict does not wait for it); offline it comes from the photo pack, opened with the
// QR just scanned — a ticket found by code or PIN has no QR to open it with.
import { base64UrlToBytes, openSealedPhoto } from '../../../core/index.ts';
import { ApiError } from '../../shared/api-client.ts';
import { packState, savePackPage, sealedThumb } from '../offline/photo-store.ts';
import { verdict, type VerdictView } from '../state.ts';
import { api } from './runtime.ts';

const MAX_PACK_PAGES = 40;
let shownUrl: string | null = null;

/** Puts the photo state on the verdict still on screen (a later scan's verdict is left alone). */
function attach(scanId: string, photo: NonNullable<VerdictView['photo']>): void {
  const v = verdict.value;
  if (!v || v.scanId !== scanId) {
    if (photo.url) URL.revokeObjectURL(photo.url);
    return;
  }
  // One object URL alive at a time: the previous guest's face does not linger in memory.
  if (shownUrl && shownUrl !== photo.url) URL.revokeObjectURL(shownUrl);
  shownUrl = photo.url ?? null;
  verdict.value = { ...v, photo };
}

/** After an online answer that says photo check: the photo, or "No photo". */
export async function showOnlinePhoto(scanId: string, eventId: string, serial: number, hasPhoto: boolean): Promise<void> {
  if (!hasPhoto) return attach(scanId, { state: 'none' });
  try {
    const blob = await api.photo(eventId, serial);
    attach(scanId, { state: 'shown', url: URL.createObjectURL(blob) });
  } catch (err) {
    // A photo removed a moment ago is simply none; anything else says so rather than hiding the box.
    attach(scanId, { state: err instanceof ApiError && err.status === 404 ? 'none' : 'failed' });
  }
}

/** Offline: whether the ticket's type uses photo check, and its thumbnail when the QR opens it. */
export async function showOfflinePhoto(scanId: string, eventId: string, serial: number, typeNo: number, qr: string | null): Promise<void> {
  const pack = await packState(eventId).catch(() => undefined);
  if (!pack?.photoCheckTypes.includes(typeNo)) return;
  if (pack.withheld) return attach(scanId, { state: 'failed' });
  if (qr === null) return attach(scanId, { state: 'sealed' });
  const held = await sealedThumb(eventId, serial).catch(() => undefined);
  const sealed = held && base64UrlToBytes(held.sealed);
  const nonce = held && base64UrlToBytes(held.nonce);
  if (!sealed || !nonce) return attach(scanId, { state: 'none' });
  const image = openSealedPhoto(sealed, qr, eventId, serial, nonce);
  if (!image) return attach(scanId, { state: 'none' });
  attach(scanId, { state: 'shown', url: URL.createObjectURL(new Blob([image as BlobPart], { type: 'image/jpeg' })) });
}

/** Downloads the pack's new pages after a manifest round (a phone not allowed guest data offline gets none: `withheld`). */
export async function pullPhotoPack(eventId: string): Promise<void> {
  let cursor = (await packState(eventId))?.cursor ?? null;
  for (let page = 0; page < MAX_PACK_PAGES; page++) {
    const res = await api.photoPack(eventId, cursor);
    await savePackPage(eventId, res);
    cursor = res.cursor;
    if (!res.more) return;
  }
}

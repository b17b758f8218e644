// The offline photo pack on the phone (decision 0010): sealed thumbnails of the event's photo-check
// tickets, in their own IndexedDB database so the scanner's replica store (and its versions) stay
// as they are. Nothing here is viewable without a ticket's QR: each record is the server's
// ciphertext, opened at the verdict with the QR just scanned.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

interface PhotoSchema extends DBSchema {
  photos: { key: [string, number]; value: { eventId: string; serial: number; nonce: string; sealed: string } };
  packs: { key: string; value: { eventId: string; cursor: string; photoCheckTypes: number[]; withheld?: boolean } };
}

let opened: Promise<IDBPDatabase<PhotoSchema>> | null = null;
function photoDb(): Promise<IDBPDatabase<PhotoSchema>> {
  opened ??= openDB<PhotoSchema>('karibu-photos', 1, {
    upgrade(db) {
      db.createObjectStore('photos', { keyPath: ['eventId', 'serial'] });
      db.createObjectStore('packs', { keyPath: 'eventId' });
    },
  });
  return opened;
}

export async function packState(eventId: string): Promise<{ cursor: string; photoCheckTypes: number[]; withheld?: boolean } | undefined> {
  return (await photoDb()).get('packs', eventId);
}

/** Stores one page: new or replaced thumbnails, removed ones ([serial, null, null]) deleted. */
export async function savePackPage(
  eventId: string, page: { photoCheckTypes: number[]; items: ([number, string, string] | [number, null, null])[]; cursor: string; withheld?: true },
): Promise<void> {
  const db = await photoDb();
  const tx = db.transaction(['photos', 'packs'], 'readwrite');
  for (const [serial, nonce, sealed] of page.items) {
    if (nonce === null) void tx.objectStore('photos').delete([eventId, serial]);
    else void tx.objectStore('photos').put({ eventId, serial, nonce, sealed: sealed! });
  }
    // Withheld (the manager withdrew guest data offline): the thumbnails held so far go too.
  if (page.withheld) {
    for (const key of await tx.objectStore('photos').getAllKeys(IDBKeyRange.bound([eventId, 0], [eventId, Number.MAX_SAFE_INTEGER]))) void tx.objectStore('photos').delete(key);
  }
  void tx.objectStore('packs').put({ eventId, cursor: page.cursor, photoCheckTypes: page.photoCheckTypes, ...(page.withheld ? { withheld: true } : {}) });
  await tx.done;
}

export async function sealedThumb(eventId: string, serial: number): Promise<{ nonce: string; sealed: string } | undefined> {
  return (await photoDb()).get('photos', [eventId, serial]);
}

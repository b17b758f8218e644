// Browser half of bench/manifest.bench.ts: bundled with esbuild, run in Chromium. Downloads every
// page of a manifest snapshot from a local HTTP server (gzip, decoded by the browser as in the
// scanner), parses it, decodes the ticket blocks with core and indexes the records by serial,
// serial by code key and PIN key — what the scanner's replica holds — then stores them in
// IndexedDB in chunks of 1,024 tickets (the scanner's CHUNK_SIZE).
import { base64UrlToBytes } from '../src/core/sync-bytes.ts';
import { decodeTicketBlock, type ManifestRecord } from '../src/core/sync-ticket-block.ts';

export interface ApplyInput { baseUrl: string; pages: number; eventId: string; storeInIndexedDb: boolean }
export interface ApplyResult {
  tickets: number;
  downloadAndParseMs: number;
  decodeAndIndexMs: number;
  indexedDbMs: number;
  totalMs: number;
}

// The bench tsconfig has no DOM lib (it type-checks with the server); the few IndexedDB calls used.
interface Req<T> { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null; onupgradeneeded?: (() => void) | null }
interface Db { createObjectStore(name: string): unknown; transaction(name: string, mode: 'readwrite'): Tx; close(): void }
interface Tx { objectStore(name: string): { put(value: unknown, key: number): unknown }; oncomplete: (() => void) | null; onerror: (() => void) | null; error: unknown }
const idb = (globalThis as unknown as { indexedDB: { open(name: string, version: number): Req<Db> } }).indexedDB;

function idbPut(chunks: Map<number, ManifestRecord[]>): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = idb.open(`karibu-bench-${Math.random()}`, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('chunks');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('chunks', 'readwrite');
      const store = tx.objectStore('chunks');
      for (const [no, records] of chunks) store.put(records, no);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  });
}

export async function runApply(input: ApplyInput): Promise<ApplyResult> {
  const t0 = performance.now();
  let parseMs = 0;
  let decodeMs = 0;
  const bySerial = new Map<number, ManifestRecord>();
  const byCode = new Map<number, number>();
  const byPin = new Map<number, number>();
  for (let p = 0; p < input.pages; p++) {
    const a = performance.now();
    const res = await fetch(`${input.baseUrl}/page/${p}`);
    const json = (await res.json()) as { tickets: string; types: { typeNo: number; zones: string[]; validFrom: number | null; validUntil: number | null }[] };
    const b = performance.now();
    const records = decodeTicketBlock(base64UrlToBytes(json.tickets)!, { eventId: input.eventId, types: json.types });
    for (const r of records) {
      bySerial.set(r.state.serial, r);
      byCode.set(r.codeKey, r.state.serial);
      byPin.set(r.pinKey, r.state.serial);
    }
    const c = performance.now();
    parseMs += b - a;
    decodeMs += c - b;
  }
  let idbMs = 0;
  if (input.storeInIndexedDb) {
    const d = performance.now();
    const chunks = new Map<number, ManifestRecord[]>();
    for (const r of bySerial.values()) {
      const no = Math.floor(r.state.serial / 1024);
      const list = chunks.get(no);
      if (list) list.push(r); else chunks.set(no, [r]);
    }
    await idbPut(chunks);
    idbMs = performance.now() - d;
  }
  return { tickets: bySerial.size, downloadAndParseMs: parseMs, decodeAndIndexMs: decodeMs, indexedDbMs: idbMs, totalMs: performance.now() - t0 };
}

// IndexedDB of the door phone (idb): session, per-event replicas, the upload queue and the scan
// history. Everything a door team needs survives a reload, a crash or a flat battery.
//
// The queue is written before a verdict is shown: a scan the phone decided offline is never lost,
// even if the app dies the next millisecond.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { validatePolicy, type Direction, type ReasonCode, type TicketState, type Verdict } from '../../../core/index.ts';
import type { BatchScan } from '../../shared/api-client.ts';
import type { ManifestTicket } from './manifest-format.ts';
import { EventReplica, type ReplicaMeta } from './replica.ts';

export interface QueuedScan {
  scanId: string;
  eventId: string;
  body: BatchScan;
  /** Local facts for replaying this scan over fresh server state (never sent). */
  serial?: number;
  at: number;
}

export interface HistoryEntry {
  scanId: string;
  eventId: string;
  /** Device clock, ms. */
  at: number;
  gateId: string;
  direction: Direction;
  verdict: Verdict;
  reason: ReasonCode;
  serial?: number;
  holderName?: string;
  typeName?: string;
  /** What was scanned, for the list: 'QR', the code, or the PIN masked. */
  label: string;
  /** Who decided: the server, or this phone with no network. */
  mode: 'online' | 'offline';
  /** Upload state of an offline verdict; conflicts go to the organizer's review list. */
  sync: 'none' | 'pending' | 'accepted' | 'duplicate' | 'conflict';
  previous?: { at: number; gateName: string };
  undone?: boolean;
  /** Ticket state before the scan, when the scan changed it: offline undo restores it. */
  before?: TicketState;
  /** A session scan (session mode): it moved no ticket in or out of the event, so undo skips it. */
  sessionId?: string;
}

interface ScannerSchema extends DBSchema {
  kv: { key: string; value: unknown };
  replicas: { key: string; value: ReplicaMeta };
  chunks: { key: [string, number]; value: { eventId: string; chunk: number; tickets: ManifestTicket[] } };
  queue: { key: string; value: QueuedScan; indexes: { byEvent: string } };
  history: { key: string; value: HistoryEntry; indexes: { byAt: number } };
}

export type ScannerDb = IDBPDatabase<ScannerSchema>;

export function openScannerDb(name = 'karibu-scanner'): Promise<ScannerDb> {
  return openDB<ScannerSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('kv');
      db.createObjectStore('replicas', { keyPath: 'eventId' });
      db.createObjectStore('chunks', { keyPath: ['eventId', 'chunk'] });
      db.createObjectStore('queue', { keyPath: 'scanId' }).createIndex('byEvent', 'eventId');
      db.createObjectStore('history', { keyPath: 'scanId' }).createIndex('byAt', 'at');
    },
  });
}

export async function kvGet<T>(db: ScannerDb, key: string): Promise<T | undefined> {
  return (await db.get('kv', key)) as T | undefined;
}

export async function kvSet(db: ScannerDb, key: string, value: unknown): Promise<void> {
  if (value === undefined || value === null) await db.delete('kv', key);
  else await db.put('kv', value, key);
}

/** Saves the replica's metadata and the chunks changed since the last save, in one transaction. */
export async function saveReplica(db: ScannerDb, replica: EventReplica): Promise<void> {
  const dirty = [...replica.dirtyChunks];
  replica.dirtyChunks.clear();
  const tx = db.transaction(['replicas', 'chunks'], 'readwrite');
  const chunks = tx.objectStore('chunks');
  const writes: Promise<unknown>[] = [tx.objectStore('replicas').put(replica.meta)];
  for (const chunk of dirty) {
    const tickets = replica.chunk(chunk);
    writes.push(tickets.length ? chunks.put({ eventId: replica.meta.eventId, chunk, tickets }) : chunks.delete([replica.meta.eventId, chunk]));
  }
  try {
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    for (const chunk of dirty) replica.dirtyChunks.add(chunk); // retried with the next save
    throw err;
  }
}

export async function loadReplica(db: ScannerDb, eventId: string): Promise<EventReplica | undefined> {
  const meta = await db.get('replicas', eventId);
  if (!meta) return undefined;
  // A replica saved by an earlier version of the app may hold its policy with the zone chain of
  // sync format 1; validatePolicy reads it as the same tree. One that does not validate is dropped:
  // the phone is then not ready and takes the policy from its next manifest page.
  if (meta.policy) {
    const checked = validatePolicy(meta.policy);
    meta.policy = checked.ok ? checked.value : null;
  }
  const replica = new EventReplica(meta);
  const range = IDBKeyRange.bound([eventId, 0], [eventId, Number.MAX_SAFE_INTEGER]);
  for (const { tickets } of await db.getAll('chunks', range)) {
    for (const t of tickets) replica.put(t, false);
  }
  return replica;
}

export async function deleteReplica(db: ScannerDb, eventId: string): Promise<void> {
  const tx = db.transaction(['replicas', 'chunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('replicas').delete(eventId),
    tx.objectStore('chunks').delete(IDBKeyRange.bound([eventId, 0], [eventId, Number.MAX_SAFE_INTEGER])),
    tx.done,
  ]);
}

/** Queues an offline scan and records it in the history together (one transaction). */
export async function queueScan(db: ScannerDb, scan: QueuedScan, entry: HistoryEntry): Promise<void> {
  const tx = db.transaction(['queue', 'history'], 'readwrite');
  await Promise.all([tx.objectStore('queue').put(scan), tx.objectStore('history').put(entry), tx.done]);
}

export function queuedScans(db: ScannerDb, eventId?: string): Promise<QueuedScan[]> {
  return eventId ? db.getAllFromIndex('queue', 'byEvent', eventId) : db.getAll('queue');
}

export function queueSize(db: ScannerDb): Promise<number> {
  return db.count('queue');
}

export async function removeQueued(db: ScannerDb, scanIds: string[]): Promise<void> {
  const tx = db.transaction('queue', 'readwrite');
  await Promise.all([...scanIds.map((id) => tx.store.delete(id)), tx.done]);
}

export async function putHistory(db: ScannerDb, entry: HistoryEntry): Promise<void> {
  await db.put('history', entry);
}

export async function getHistory(db: ScannerDb, scanId: string): Promise<HistoryEntry | undefined> {
  return db.get('history', scanId);
}

/** The newest history entries, newest first. */
export async function recentHistory(db: ScannerDb, limit: number): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  let cursor = await db.transaction('history').store.index('byAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Keeps the history bounded (a festival door scans tens of thousands); queued scans are kept apart. */
export async function trimHistory(db: ScannerDb, keep: number): Promise<void> {
  const tx = db.transaction('history', 'readwrite');
  let cursor = await tx.store.index('byAt').openCursor(null, 'prev');
  let seen = 0;
  while (cursor) {
    if (++seen > keep && cursor.value.sync !== 'pending') await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

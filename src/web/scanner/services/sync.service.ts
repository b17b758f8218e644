// Keeping the phone and the server in step (docs/sync-protocol.md): upload queued offline scans, then
// pull the manifest delta — in that order, so the delta already contains our own scans. Runs on
// a timer, when the network comes back, and soon after each offline scan.
import { ApiError, NetworkError, type BatchScan } from '../../shared/api-client.ts';
import { APP_VERSION } from '../../shared/app-version.ts';
import { parseManifest } from '../offline/manifest-format.ts';
import { EventReplica, type PendingScan } from '../offline/replica.ts';
import {
  getHistory, loadReplica, putHistory, queuedScans, queueSize, removeQueued, saveReplica, type QueuedScan,
} from '../offline/scanner-db.ts';
import { t } from '../i18n.ts';
import { errorWords } from './error-words.ts';
import { counts, history, lastSyncAt, online, queued, reachable, replicaState, session, showNotice } from '../state.ts';
import { api, db } from './runtime.ts';
import { pullPhotoPack } from './photo.service.ts';

const SYNC_INTERVAL_MS = 20_000;
/** Scans per upload (the protocol allows 1000; smaller batches finish on a weak network). */
const BATCH_SIZE = 250;
/** Pages pulled per sync round: a 100k-ticket first download continues on the next round. */
const MAX_PAGES_PER_ROUND = 50;

let replica: EventReplica | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
let running: Promise<void> | null = null;
let again = false;

export function currentReplica(): EventReplica | null {
  return replica;
}

export function publishCounts(): void {
  counts.value = replica ? replica.counts : { inside: 0, expected: 0 };
}

export async function refreshQueueCount(): Promise<void> {
  queued.value = await queueSize(db());
}

/** Loads the event's replica from IndexedDB (or an empty one). */
export async function openReplica(eventId: string): Promise<void> {
  if (replica?.meta.eventId !== eventId) {
    replica = (await loadReplica(db(), eventId)) ?? EventReplica.empty(eventId);
  }
  lastSyncAt.value = replica.meta.syncedAt;
  replicaState.value = { status: replica.ready ? 'ready' : 'none', saved: replica.tickets.size };
  publishCounts();
  await refreshQueueCount();
}

export function closeReplica(): void {
  replica = null;
  publishCounts();
}

function pendingFor(queue: QueuedScan[], eventId: string): PendingScan[] {
  return queue
    // Session scans never change a ticket's event state, so they are not re-applied over a delta.
    .filter((q) => q.eventId === eventId && q.serial !== undefined && q.body.sessionId === undefined && q.body.gateId !== undefined)
    .sort((a, b) => a.at - b.at)
    .map((q) => ({ serial: q.serial!, gateId: q.body.gateId!, direction: q.body.direction, at: q.at }));
}

async function upload(): Promise<void> {
  const queue = await queuedScans(db());
  const byEvent = new Map<string, QueuedScan[]>();
  for (const q of queue) byEvent.set(q.eventId, [...(byEvent.get(q.eventId) ?? []), q]);
  for (const [eventId, scans] of byEvent) {
    scans.sort((a, b) => a.body.scannedAt - b.body.scannedAt);
    for (let i = 0; i < scans.length; i += BATCH_SIZE) {
      let batch = scans.slice(i, i + BATCH_SIZE);
      let result;
      try {
        result = await api.uploadScans(eventId, batch.map((q): BatchScan => q.body));
      } catch (err) {
        // 4xx other than 429 will not succeed by retrying: keep the scans, say so, try the next event.
        if (err instanceof ApiError && err.status < 500 && err.status !== 429 && err.status !== 401) {
          showNotice(errorWords(err), 'error', 8000);
          // Tickets picked by name are refused (403) once a manager withdrew this phone's names:
          // those stay queued for a manager to see, and the QR, code and PIN scans still go.
          const rest = batch.filter((q) => !('serial' in q.body));
          if (err.status !== 403 || rest.length === 0 || rest.length === batch.length) break;
          batch = rest;
          result = await api.uploadScans(eventId, batch.map((q): BatchScan => q.body));
        } else {
          throw err;
        }
      }
      // Only what the server answered for leaves the queue; anything unanswered is sent again
      // (the scan id makes that safe).
      const done = result.results.map((r) => r.scanId);
      await removeQueued(db(), done);
      for (const r of result.results) {
        const entry = await getHistory(db(), r.scanId);
        if (entry) await putHistory(db(), { ...entry, sync: r.status });
      }
      if (history.value.some((h) => done.includes(h.scanId))) {
        const byId = new Map(result.results.map((r) => [r.scanId, r.status]));
        history.value = history.value.map((h) => (byId.has(h.scanId) ? { ...h, sync: byId.get(h.scanId)! } : h));
      }
      await refreshQueueCount();
    }
  }
}

async function pull(): Promise<void> {
  if (!replica) return;
  const target = replica;
  for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
    if (!target.ready) replicaState.value = { status: 'downloading', saved: target.tickets.size };
    const json = await api.manifest(target.meta.eventId, target.meta.cursor);
    const parsed = parseManifest(json, target.meta.eventId, target.meta.types);
    const pending = pendingFor(await queuedScans(db(), target.meta.eventId), target.meta.eventId);
    target.applyPage(parsed, pending, Date.now(), session.value?.device?.id);
    await saveReplica(db(), target);
    if (replica !== target) return; // the event was changed meanwhile
    publishCounts();
    lastSyncAt.value = target.meta.syncedAt;
    if (!parsed.more) break;
  }
  replicaState.value = { status: target.ready ? 'ready' : 'downloading', saved: target.tickets.size };
  // Photo check: the thumbnails follow the manifest, in their own pack (a failure never fails the round).
  if (target.ready) void pullPhotoPack(target.meta.eventId).catch((err: unknown) => console.warn('photo pack failed', err));
}

async function refreshTokensIfDue(): Promise<void> {
  const s = session.value;
  if (!s?.tokens || s.tokensAt === null) return;
  // Refresh two minutes early so a scan never waits for a refresh round trip.
  if (Date.now() > s.tokensAt + (s.tokens.expiresIn - 120) * 1000) await api.refresh();
}

interface BatteryManagerLike { level: number; charging: boolean }

/**
 * After a round that worked: the app version, the scans still waiting, the battery (Chromium
 * offers it; others do not) and where its copy of the event stands (the manifest position), for the console to flag a phone that is falling behind. A report
 * that fails is dropped — it is news about the phone, never a scan.
 */
async function reportIn(): Promise<void> {
  try {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> };
    const battery = nav.getBattery ? await nav.getBattery().then((b) => ({ level: b.level, charging: b.charging }), () => null) : null;
    const held = replica?.ready && replica.meta.position !== undefined ? { eventId: replica.meta.eventId, position: replica.meta.position } : null;
    await api.reportDevice({ appVersion: APP_VERSION, pendingScans: await queueSize(db()), battery, manifest: held });
  } catch (err) {
    console.warn('device report failed', err);
  }
}

/** One sync round; concurrent calls coalesce into at most one more round. */
export function syncNow(): Promise<void> {
  if (running) { again = true; return running; }
  running = (async () => {
    do {
      again = false;
      if (!session.value?.tokens) break;
      try {
        await refreshTokensIfDue();
        await upload();
        await pull();
        reachable.value = true;
        await reportIn();
      } catch (err) {
        if (err instanceof NetworkError) reachable.value = false;
        else if (err instanceof ApiError && err.status >= 500) reachable.value = false;
        else console.warn('sync failed', err);
        // A call made while this round was failing still gets its round: typically the 'online'
        // event, arriving while a round started offline waits for its doomed request. Breaking
        // here dropped it, and the queue then waited for the 20 s timer — long enough for a door
        // to check the same ticket online before its offline admission reached the server.
        if (!again) break;
      }
    } while (again);
  })().finally(() => { running = null; });
  return running;
}

const onOnline = () => { online.value = true; void syncNow(); };
const onOffline = () => { online.value = false; };
const onVisible = () => { if (document.visibilityState === 'visible') void syncNow(); };

export function startSyncLoop(): void {
  if (timer) return;
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  timer = setInterval(() => { if (document.visibilityState === 'visible') void syncNow(); }, SYNC_INTERVAL_MS);
  void syncNow();
}

export function stopSyncLoop(): void {
  clearInterval(timer);
  timer = undefined;
  window.removeEventListener('online', onOnline);
  window.removeEventListener('offline', onOffline);
  document.removeEventListener('visibilitychange', onVisible);
}

let soonTimer: ReturnType<typeof setTimeout> | undefined;
/** Sync shortly (after a burst of offline scans, one round instead of one per scan). */
export function syncSoon(delayMs = 1500): void {
  clearTimeout(soonTimer);
  soonTimer = setTimeout(() => void syncNow(), delayMs);
}

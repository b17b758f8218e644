// One scan, start to verdict. Online, the server decides (it sees every door); the phone decides
// the same scan locally in parallel (~1 ms), and if the server has not answered within
// ONLINE_TIMEOUT_MS — or cannot be reached — the local verdict is shown and the scan is queued
// with the SAME scan id, so a late server answer and the later upload can never count it twice.
// A ticket with a scan still waiting in this phone's upload queue is not sent online at all: the
// server does not know that scan yet and would judge the ticket blind (offline/upload-queue.ts).
import { v7 as uuidv7 } from 'uuid';
import { ApiError, NetworkError, type OfflineInput, type ScanInput } from '../../shared/api-client.ts';
import { commitLocal, decideOffline, type LocalVerdict } from '../offline/offline-verdict.ts';
import { verifyEd25519 } from '../offline/ed25519-web.ts';
import { queueScan, queuedScans, putHistory, saveReplica, type HistoryEntry } from '../offline/scanner-db.ts';
import { queuedScanOf, routeScan, type ScanRoute } from '../offline/upload-queue.ts';
import { awaitsAttention, online, reachable, selection, session, showNotice, showVerdicts, verdict, type VerdictView } from '../state.ts';
import { t } from '../i18n.ts';
import { errorWords } from './error-words.ts';
import { showOfflinePhoto, showOnlinePhoto } from './photo.service.ts';
import { api, db } from './runtime.ts';
import { currentReplica, publishCounts, refreshQueueCount, syncNow, syncSoon } from './sync.service.ts';
import { submitSessionScan } from './session-mode.service.ts';
import { fallsBack, fromServer, labelOf, ONLINE_TIMEOUT_MS, remember, serverDown, serverUp, show, type Shown } from './scan-common.ts';

export { ONLINE_TIMEOUT_MS } from './scan-common.ts';

const offlineDeps = { verify: verifyEd25519 };

/** Scans one ticket and shows the verdict. Resolves when the verdict is on screen. */
export async function submitScan(input: ScanInput): Promise<void> {
  const sel = selection.value;
  if (!sel) return;
  // A note on screen waits for staff's tap: the next guest's scan must not sweep it away unread.
  if (awaitsAttention(verdict.value)) return;
  if (sel.sessionId) return submitSessionScan(input, { ...sel, sessionId: sel.sessionId });
  const scanId = uuidv7();
  const deviceNow = Date.now();
  const base = { scanId, gateId: sel.gateId, direction: sel.direction };
  const replica = currentReplica();
  const localAt = deviceNow + (replica?.meta.clockOffsetMs ?? 0);
  // A ticket picked by serial from the name search is decided here only on a phone that holds the
  // clear names (a manager allowed them); elsewhere it can only be checked online.
  const offlineInput: OfflineInput | null = 'serial' in input && !replica?.tickets.get(input.serial)?.holderName ? null : input;
  // decideOffline answers null exactly when the replica lacks the policy or this gate; knowing that
  // up front lets the request leave at once while the local verdict is worked out beside it.
  const canLocal = Boolean(replica && offlineInput && replica.meta.policy && replica.gate(sel.gateId));
  const localP: Promise<LocalVerdict | null> = canLocal
    ? decideOffline(replica!, {
      input: offlineInput!, gateId: sel.gateId, direction: sel.direction, at: localAt, deviceId: session.value?.device?.id ?? null,
    }, offlineDeps)
    : Promise.resolve(null);
  localP.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
  const entryBase = {
    scanId, eventId: sel.eventId, at: deviceNow, gateId: sel.gateId, direction: sel.direction, label: labelOf(input),
  };

  let route: ScanRoute = session.value?.tokens && online.value && serverUp()
    ? await routeOf(sel.eventId, input, localP)
    : 'phone';
  if (route === 'upload-first') {
    // Picked by name, this ticket has no QR, code or PIN to decide and queue it with here.
    await syncNow();
    route = await routeOf(sel.eventId, input, localP);
    if (route !== 'online') {
      showNotice(t('scan.awaitsUpload'), 'error', 6000);
      return;
    }
  }
  if (route === 'online') {
    try {
      const res = await api.scan(sel.eventId, { ...base, scannedAt: new Date(deviceNow).toISOString(), ...input }, canLocal ? ONLINE_TIMEOUT_MS : 8000);
      reachable.value = true;
      const local = await localP;
      if (replica && local?.next && local.verdict === res.verdict) {
        commitLocal(replica, local);
        void saveReplica(db(), replica).catch(() => undefined);
        publishCounts();
      } else if (res.verdict !== 'refused') {
        // The server moved a ticket the phone could not follow locally: fetch its state soon.
        syncSoon(500);
      }
      const extra = fromServer(res);
      show({ scanId, verdict: res.verdict, reason: res.reason, offline: false, ...extra, ...(res.photoCheck ? { photo: { state: 'loading' as const } } : {}) });
      // Photo check: the verdict is up at once, the photo follows (fetched with the device token).
      if (res.photoCheck && extra.serial !== undefined) void showOnlinePhoto(scanId, sel.eventId, extra.serial, res.photo === true);
      // The history list is kept on the phone: names as before, never a note about the guest.
      const { attentionNote: _note, attentionSealed: _sealed, ...listed } = extra;
      const entry: HistoryEntry = { ...entryBase, verdict: res.verdict, reason: res.reason, mode: 'online', sync: 'none', ...listed };
      if (local?.before && local.verdict === res.verdict) entry.before = local.before;
      remember(entry);
      await putHistory(db(), entry);
      return;
    } catch (err) {
      if (!fallsBack(err, input)) {
        showNotice(errorWords(err), 'error');
        return;
      }
      if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) {
        serverDown();
      }
    }
  }

  if (!offlineInput) {
    showNotice(t('error.network'), 'error', 6000);
    return;
  }
  const local = await localP;
  if (!replica || !local) {
    showNotice(t('scan.notReady'), 'error', 6000);
    return;
  }
  await decideLocally(sel.eventId, { ...base, scannedAt: deviceNow }, offlineInput, local, localAt, entryBase);
}

/**
 * Checks in tickets picked by name on this phone, with no network: each is decided on the replica
 * by core decide() (what the server replays them with), committed and queued by serial, so the
 * upload is judged by the same rule. One notice for all, no full-screen verdict per guest — but
 * one per ticket with a note for staff (its type's; a ticket's own is sealed to its QR), in turn.
 * Null when this phone cannot decide them (no manifest, this gate unknown, or no names held).
 */
export async function checkInLocally(serials: readonly number[]): Promise<{ admitted: number; refused: number } | null> {
  const sel = selection.value;
  const replica = currentReplica();
  if (!sel || !replica || !replica.meta.policy || !replica.gate(sel.gateId)) return null;
  if (!serials.every((s) => replica.tickets.get(s)?.holderName)) return null;
  let admitted = 0;
  let refused = 0;
  const noted: VerdictView[] = [];
  for (const serial of serials) {
    const deviceNow = Date.now();
    const localAt = deviceNow + replica.meta.clockOffsetMs;
    const input = { serial };
    const local = await decideOffline(replica, {
      input, gateId: sel.gateId, direction: sel.direction, at: localAt, deviceId: session.value?.device?.id ?? null,
    }, offlineDeps);
    if (!local) return null;
    if (local.verdict === 'refused') refused++; else admitted++;
    const scanId = uuidv7();
    await decideLocally(sel.eventId, { scanId, gateId: sel.gateId, direction: sel.direction, scannedAt: deviceNow }, input, local, localAt, {
      scanId, eventId: sel.eventId, at: deviceNow, gateId: sel.gateId, direction: sel.direction, label: labelOf(input),
    }, { quiet: true });
    if (local.attentionNote || local.attentionSealed) noted.push({ scanId, verdict: local.verdict, reason: local.reason, offline: true, shownAt: Date.now(), ...pick(local) });
  }
  showVerdicts(noted);
  return { admitted, refused };
}

/**
 * Online or on this phone? Reads the upload queue (IndexedDB, no network); only when it holds a
 * scan of this event with a known ticket does it wait for the local verdict to learn which ticket
 * this scan names, so a scan with nothing queued still leaves at once.
 */
async function routeOf(eventId: string, input: ScanInput, localP: Promise<LocalVerdict | null>): Promise<ScanRoute> {
  const queue = await queuedScans(db(), eventId);
  if (!queue.some((q) => q.serial !== undefined)) return 'online';
  const local = await localP.catch(() => null);
  return routeScan(eventId, input, local, queue);
}

async function decideLocally(
  eventId: string,
  base: { scanId: string; gateId: string; direction: 'in' | 'out'; scannedAt: number },
  input: OfflineInput,
  local: LocalVerdict,
  localAt: number,
  entryBase: Pick<HistoryEntry, 'scanId' | 'eventId' | 'at' | 'gateId' | 'direction' | 'label'>,
  opts: { quiet?: boolean } = {},
): Promise<void> {
  const replica = currentReplica()!;
  commitLocal(replica, local);
  const entry: HistoryEntry = { ...entryBase, verdict: local.verdict, reason: local.reason, mode: 'offline', sync: 'pending' };
  for (const key of ['serial', 'holderName', 'typeName', 'previous', 'before'] as const) {
    if (local[key] !== undefined) (entry as unknown as Record<string, unknown>)[key] = local[key];
  }
  // Queued before it is shown: once staff see a verdict, the scan is on disk.
  await queueScan(db(), queuedScanOf(eventId, base, input, local, localAt), entry);
  if (!opts.quiet) {
    show({ scanId: base.scanId, verdict: local.verdict, reason: local.reason, offline: true, ...pick(local) });
    const typeNo = local.serial !== undefined ? replica.tickets.get(local.serial)?.state.typeNo : undefined;
    if (typeNo !== undefined) void showOfflinePhoto(base.scanId, eventId, local.serial!, typeNo, 'qr' in input ? input.qr : null).catch(() => undefined);
  }
  remember(entry);
  publishCounts();
  void saveReplica(db(), replica).catch(() => undefined);
  await refreshQueueCount();
  syncSoon();
}

function pick(local: LocalVerdict): Shown {
  const out: Shown = {};
  if (local.attentionNote) out.attentionNote = local.attentionNote;
  if (local.attentionSealed) out.attentionSealed = true;
  if (local.holderName) out.holderName = local.holderName;
  if (local.typeName) out.typeName = local.typeName;
  if (local.serial !== undefined) out.serial = local.serial;
  if (local.previous) out.previous = local.previous;
  return out;
}

// Session mode: the phone stands at the door of a session's room. Scans go to the server with the
// session's id (its room's head count holds there, under a lock), and the phone decides the same
// scan locally beside it (offline/session-verdict.ts) for when the server is slow or away; queued
// scans upload with the session id and are replayed by the server like any offline scan.
import { v7 as uuidv7 } from 'uuid';
import { ApiError, NetworkError, type OfflineInput, type ScanInput } from '../../shared/api-client.ts';
import { verifyEd25519 } from '../offline/ed25519-web.ts';
import { putHistory, queueScan, saveReplica, kvSet, type HistoryEntry } from '../offline/scanner-db.ts';
import type { ManifestSession } from '../offline/manifest-format.ts';
import { adoptServerAnswer, commitSessionLocal, decideSessionOffline, type LocalSessionVerdict } from '../offline/session-verdict.ts';
import { online, reachable, selection, session, showNotice, type Selection } from '../state.ts';
import { t } from '../i18n.ts';
import { api, db } from './runtime.ts';
import { fallsBack, fromServer, labelOf, ONLINE_TIMEOUT_MS, remember, serverDown, serverUp, show } from './scan-common.ts';
import { currentReplica, refreshQueueCount, syncSoon } from './sync.service.ts';

const deps = { verify: verifyEd25519 };
/** Sessions starting within this long are offered beside those on now. */
const NEXT_WINDOW_MS = 12 * 3600_000;

/** The sessions a door can pick: on now (early grace included), then the next ones, by start. */
export function pickableSessions(now = Date.now()): ManifestSession[] {
  const replica = currentReplica();
  const grace = (replica?.meta.policy?.earlyGraceSeconds ?? 0) * 1000;
  return (replica?.meta.sessions ?? [])
    .filter((s) => s.endsAt >= now && s.startsAt - grace <= now + NEXT_WINDOW_MS)
    .sort((a, b) => a.startsAt - b.startsAt || a.name.localeCompare(b.name));
}

export function currentSession(): ManifestSession | undefined {
  const id = selection.value?.sessionId;
  return id ? currentReplica()?.meta.sessions?.find((s) => s.id === id) : undefined;
}

async function select(next: Selection): Promise<void> {
  selection.value = next;
  await kvSet(db(), 'selection', next);
}

export function enterSession(sessionId: string): Promise<void> {
  const sel = selection.value;
  return sel ? select({ ...sel, sessionId }) : Promise.resolve();
}

/** Back to the gate this phone was scanning at. */
export function leaveSession(): Promise<void> {
  const sel = selection.value;
  if (!sel) return Promise.resolve();
  const { sessionId: _left, ...gate } = sel;
  return select(gate);
}

export async function submitSessionScan(input: ScanInput, sel: Selection & { sessionId: string }): Promise<void> {
  const scanId = uuidv7();
  const deviceNow = Date.now();
  const replica = currentReplica();
  const localAt = deviceNow + (replica?.meta.clockOffsetMs ?? 0);
  const offlineInput: OfflineInput | null = 'serial' in input && !replica?.tickets.get(input.serial)?.holderName ? null : input;
  const localP: Promise<LocalSessionVerdict | null> = replica && offlineInput
    ? decideSessionOffline(replica, { input: offlineInput, sessionId: sel.sessionId, direction: sel.direction, at: localAt, deviceId: session.value?.device?.id ?? null }, deps)
    : Promise.resolve(null);
  localP.catch(() => undefined);
  const entryBase = { scanId, eventId: sel.eventId, at: deviceNow, gateId: '', direction: sel.direction, label: labelOf(input), sessionId: sel.sessionId };

  if (session.value?.tokens && online.value && serverUp()) {
    try {
      const res = await api.scan(sel.eventId, {
        scanId, sessionId: sel.sessionId, direction: sel.direction, scannedAt: new Date(deviceNow).toISOString(), ...input,
      }, ONLINE_TIMEOUT_MS);
      reachable.value = true;
      const extra = fromServer(res);
      // The phone follows what the server decided (it sees every door of the room).
      if (replica) {
        adoptServerAnswer(replica, sel.sessionId, {
          reason: res.reason, at: localAt, deviceId: session.value?.device?.id ?? null,
          ...(extra.serial !== undefined ? { serial: extra.serial } : {}), ...(res.session ? { inside: res.session.inside } : {}),
        });
      }
      show({ scanId, verdict: res.verdict, reason: res.reason, offline: false, ...extra });
      const entry: HistoryEntry = { ...entryBase, verdict: res.verdict, reason: res.reason, mode: 'online', sync: 'none', ...extra };
      remember(entry);
      await putHistory(db(), entry);
      if (replica) void saveReplica(db(), replica).catch(() => undefined);
      return;
    } catch (err) {
      if (!fallsBack(err, input)) {
        showNotice(err instanceof ApiError ? t('error.generic', { message: err.message }) : t('error.network'), 'error');
        return;
      }
      if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) serverDown();
    }
  }
  const local = await localP;
  if (!replica || !offlineInput || !local) {
    showNotice(t('scan.notReady'), 'error', 6000);
    return;
  }
  commitSessionLocal(replica, sel.sessionId, local);
  const entry: HistoryEntry = { ...entryBase, verdict: local.verdict, reason: local.reason, mode: 'offline', sync: 'pending' };
  if (local.serial !== undefined) entry.serial = local.serial;
  if (local.holderName) entry.holderName = local.holderName;
  if (local.typeName) entry.typeName = local.typeName;
  // Queued before it is shown. No serial: a session scan never changes the ticket's event state,
  // so it neither holds the ticket's gate scans back nor is replayed over a manifest delta.
  await queueScan(db(), {
    scanId, eventId: sel.eventId, at: localAt,
    body: { scanId, sessionId: sel.sessionId, direction: sel.direction, scannedAt: deviceNow, ...offlineInput, verdict: local.verdict, reason: local.reason },
  }, entry);
  show({ scanId, verdict: local.verdict, reason: local.reason, offline: true, ...pickShown(local) });
  remember(entry);
  void saveReplica(db(), replica).catch(() => undefined);
  await refreshQueueCount();
  syncSoon();
}

function pickShown(local: LocalSessionVerdict) {
  return {
    ...(local.holderName ? { holderName: local.holderName } : {}),
    ...(local.typeName ? { typeName: local.typeName } : {}),
    ...(local.serial !== undefined ? { serial: local.serial } : {}),
  };
}

// Pairing, signing in and choosing where to scan. All of it is remembered in IndexedDB, so a
// reload (or a phone restarted at the gate) goes straight back to scanning — offline too.
import type { DeviceInfo } from '../../shared/api-client.ts';
import { kvGet, kvSet, recentHistory, trimHistory } from '../offline/scanner-db.ts';
import { events, gates, history, phase, selection, session, venueTimeZone, type Selection, type Session } from '../state.ts';
import { api, db } from './runtime.ts';
import { closeReplica, openReplica, startSyncLoop, stopSyncLoop } from './sync.service.ts';

const HISTORY_KEPT = 2000;

/** Reads what this phone remembers and opens the right screen. */
export async function restoreSession(): Promise<void> {
  const [saved, chosen, info] = await Promise.all([
    kvGet<Session>(db(), 'session'), kvGet<Selection>(db(), 'selection'), kvGet<DeviceInfo>(db(), 'deviceInfo'),
  ]);
  if (info) { events.value = info.events; gates.value = info.gates; venueTimeZone.value = info.venue?.timezone; }
  // The scan history survives reloads; keep it bounded (scans waiting to sync are never dropped).
  await trimHistory(db(), HISTORY_KEPT).catch(() => undefined);
  history.value = await recentHistory(db(), 50);
  session.value = saved ?? null;
  if (!saved) { phase.value = 'pair'; return; }
  if (!saved.tokens) { phase.value = 'login'; return; }
  if (chosen) await enterScan(chosen);
  else phase.value = 'setup';
}

/**
 * The setup code as typed, or taken from a scanned setup QR: the QR holds a link such as
 * https://host/scan#pair=CODE (so the phone's own camera app opens the scanner with it), or the
 * bare code.
 */
export function setupCodeFrom(text: string): string {
  const trimmed = text.trim();
  try {
    const url = new URL(trimmed);
    const hash = new URLSearchParams(url.hash.slice(1));
    return (hash.get('pair') ?? hash.get('setup') ?? url.searchParams.get('pair') ?? trimmed).trim();
  } catch {
    return trimmed;
  }
}

export async function pair(setupCode: string, name: string): Promise<void> {
  const result = await api.pairDevice(setupCodeFrom(setupCode), name.trim() || undefined);
  const next: Session = {
    deviceToken: result.deviceToken,
    device: { ...result.device, ...(name.trim() ? { name: name.trim() } : {}) },
    tokens: null, tokensAt: null, email: null,
  };
  session.value = next;
  await kvSet(db(), 'session', next);
  // The one-time code must not linger in the address bar or the history.
  if (location.hash) window.history.replaceState(null, '', location.pathname);
  phase.value = 'login';
}

export async function login(email: string, password: string): Promise<void> {
  const current = session.value;
  if (!current) throw new Error('not paired');
  const tokens = await api.login(email.trim(), password, current.deviceToken);
  const next: Session = { ...current, tokens, tokensAt: Date.now(), email: email.trim() };
  session.value = next;
  await kvSet(db(), 'session', next);
  const chosen = await kvGet<Selection>(db(), 'selection');
  if (chosen) await enterScan(chosen);
  else phase.value = 'setup';
}

/** Events and gates of the device's venue; the last answer is kept for offline starts. */
export async function loadDeviceInfo(): Promise<DeviceInfo> {
  const info = await api.deviceInfo();
  events.value = info.events;
  gates.value = info.gates;
  venueTimeZone.value = info.venue.timezone;
  await kvSet(db(), 'deviceInfo', info);
  return info;
}

export async function choose(next: Selection): Promise<void> {
  await kvSet(db(), 'selection', next);
  await enterScan(next);
}

/** Opens the chosen event's local copy and starts scanning (and syncing). */
async function enterScan(chosen: Selection): Promise<void> {
  selection.value = chosen;
  await openReplica(chosen.eventId);
  phase.value = 'scan';
  startSyncLoop();
}

/** Back to the event / gate picker (scanning stops; the queue keeps syncing). */
export function changeSetup(): void {
  phase.value = 'setup';
}

export async function signOut(): Promise<void> {
  stopSyncLoop();
  closeReplica();
  const current = session.value;
  if (!current) return;
  const next: Session = { ...current, tokens: null, tokensAt: null };
  session.value = next;
  await kvSet(db(), 'session', next);
  phase.value = 'login';
}

export async function unpair(): Promise<void> {
  stopSyncLoop();
  closeReplica();
  session.value = null;
  selection.value = null;
  await kvSet(db(), 'session', null);
  await kvSet(db(), 'selection', null);
  phase.value = 'pair';
}

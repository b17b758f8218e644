// The door's other actions: undo the last scan, find a guest by name, check in a group.
import { v7 as uuidv7 } from 'uuid';
import { isValidHumanCode } from '../../../core/index.ts';
import { ApiError, NetworkError, type TicketSearchHit } from '../../shared/api-client.ts';
import { putHistory, removeQueued, saveReplica, type HistoryEntry } from '../offline/scanner-db.ts';
import { t } from '../i18n.ts';
import { history, online, selection, showNotice } from '../state.ts';
import { api, db } from './runtime.ts';
import { submitScan } from './scan.service.ts';
import { currentReplica, publishCounts, refreshQueueCount, syncNow } from './sync.service.ts';

/** The newest scan of this event that changed a ticket and is not undone yet. */
export function undoCandidate(): HistoryEntry | undefined {
  const eventId = selection.value?.eventId;
  return history.value.find((h) => h.eventId === eventId && !h.undone && h.verdict !== 'refused' && h.reason !== 'duplicate_scan');
}

function restoreLocalState(entry: HistoryEntry): void {
  const replica = currentReplica();
  if (!replica || !entry.before || entry.serial === undefined) return;
  replica.setState(entry.before);
  publishCounts();
  void saveReplica(db(), replica).catch(() => undefined);
}

async function markUndone(entry: HistoryEntry): Promise<void> {
  const undone = { ...entry, undone: true };
  history.value = history.value.map((h) => (h.scanId === entry.scanId ? undone : h));
  await putHistory(db(), undone);
  restoreLocalState(entry);
  showNotice(t('undo.done'));
}

/**
 * Undoes the last scan. A scan still waiting in the queue is first uploaded when the server is
 * reachable (the audit keeps both the scan and its undo); with no network it never left this
 * phone, so it is simply taken out of the queue.
 */
export async function undoLast(): Promise<void> {
  const entry = undoCandidate();
  if (!entry) { showNotice(t('undo.nothing')); return; }
  if (entry.sync === 'pending' && online.value) await syncNow();
  const fresh = history.value.find((h) => h.scanId === entry.scanId) ?? entry;
  if (fresh.sync === 'pending') {
    await removeQueued(db(), [fresh.scanId]);
    await refreshQueueCount();
    await markUndone({ ...fresh, sync: 'none' });
    return;
  }
  try {
    await api.undoScan(fresh.eventId, fresh.scanId);
    await markUndone(fresh);
  } catch (err) {
    if (err instanceof NetworkError) showNotice(t('undo.needsNetwork'), 'error');
    else showNotice(t('undo.failed', { message: err instanceof Error ? err.message : String(err) }), 'error');
  }
}

export interface SearchOutcome { hits: TicketSearchHit[]; source: 'online' | 'offline' | 'unavailable' }

/** Online search; offline, the holder names a manager allowed on this phone (if any). */
export async function searchNames(query: string, signal?: AbortSignal): Promise<SearchOutcome> {
  const eventId = selection.value?.eventId;
  if (!eventId) return { hits: [], source: 'unavailable' };
  if (online.value) {
    try {
      const { tickets } = await api.searchTickets(eventId, query, signal);
      return { hits: tickets, source: 'online' };
    } catch (err) {
      if (!(err instanceof NetworkError) && !(err instanceof ApiError && err.status >= 500)) throw err;
    }
  }
  const replica = currentReplica();
  const local = replica?.searchNames(query) ?? [];
  if (!replica || ![...replica.tickets.values()].some((x) => x.holderName)) return { hits: [], source: 'unavailable' };
  return {
    source: 'offline',
    hits: local.map((m) => ({
      serial: m.state.serial,
      holderName: m.holderName!,
      type: replica.type(m.state.typeNo)?.name ?? null,
      code: m.codeKey && isValidHumanCode(m.codeKey) ? m.codeKey : null,
      status: m.state.status,
      presence: m.state.presence,
    })),
  };
}

/**
 * Checks in several tickets (one order, a bus of delegates). Online through the group endpoint,
 * each ticket with its own verdict; offline one by one on the local replica.
 */
export async function groupCheckIn(hits: TicketSearchHit[]): Promise<{ admitted: number; refused: number }> {
  const sel = selection.value;
  const withCode = hits.filter((h) => h.code);
  if (!sel || withCode.length === 0) return { admitted: 0, refused: 0 };
  if (withCode.length === 1) {
    // One guest: the ordinary scan path, with its full-screen verdict.
    await submitScan({ code: withCode[0]!.code! });
    const refusedOne = history.value[0]?.verdict === 'refused';
    return { admitted: refusedOne ? 0 : 1, refused: refusedOne ? 1 : 0 };
  }
  let admitted = 0;
  let refused = 0;
  try {
    if (!online.value) throw new NetworkError('offline');
    const scans = withCode.map((h) => ({ scanId: uuidv7(), code: h.code! }));
    const now = Date.now();
    const { results } = await api.scanGroup(sel.eventId, { gateId: sel.gateId, direction: sel.direction, scannedAt: new Date(now).toISOString(), scans });
    for (const r of results) {
      const hit = withCode[scans.findIndex((s) => s.scanId === r.scanId)];
      if (r.verdict === 'refused') refused++; else admitted++;
      const entry: HistoryEntry = {
        scanId: r.scanId, eventId: sel.eventId, at: now, gateId: sel.gateId, direction: sel.direction,
        verdict: r.verdict, reason: r.reason, label: hit?.code ?? '', mode: 'online', sync: 'none',
        ...(hit ? { serial: hit.serial, holderName: hit.holderName } : {}),
        ...(hit?.type ? { typeName: hit.type } : {}),
      };
      history.value = [entry, ...history.value].slice(0, 50);
      await putHistory(db(), entry);
    }
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    for (const h of withCode) {
      await submitScan({ code: h.code! });
      const last = history.value[0];
      if (last?.verdict === 'refused') refused++; else admitted++;
    }
  }
  showNotice(t('search.groupResult', { admitted, refused }), refused ? 'error' : 'info', 6000);
  return { admitted, refused };
}

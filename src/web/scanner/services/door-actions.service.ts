// The door's other actions: undo the last scan, find a guest by name, check in a group.
import { v7 as uuidv7 } from 'uuid';
import { movedTicket } from '../../../core/index.ts';
import { ApiError, NetworkError, type GroupAnswer, type TicketSearchHit } from '../../shared/api-client.ts';
import { putHistory, queuedScans, removeQueued, saveReplica, type HistoryEntry } from '../offline/scanner-db.ts';
import { awaitsUpload } from '../offline/upload-queue.ts';
import { t } from '../i18n.ts';
import { errorWords } from './error-words.ts';
import { history, online, selection, showNotice, showVerdicts, type VerdictView } from '../state.ts';
import { api, db } from './runtime.ts';
import { checkInLocally, submitScan } from './scan.service.ts';
import { orderKeyOf } from '../offline/replica.ts';
import { currentReplica, publishCounts, refreshQueueCount, syncNow, syncSoon } from './sync.service.ts';

/** Tickets per group request (the server takes up to 50). */
const GROUP_LIMIT = 50;

/**
 * The newest scan of this event that moved a ticket (core movedTicket, the server's rule) and is
 * not undone yet; never a session scan (the server's undo rewrites the event state it left alone). A camera double-read after an admission moved nothing, so the admission before
 * it is what staff undo.
 */
export function undoCandidate(): HistoryEntry | undefined {
  const eventId = selection.value?.eventId;
  return history.value.find((h) => h.eventId === eventId && !h.undone && h.sessionId === undefined && movedTicket({ reason: h.reason, conflict: h.sync === 'conflict' }));
}

/** This phone's queued repeats of a queued scan: they repeat its answer, so they go with it. */
function queuedRepeatsOf(entry: HistoryEntry): HistoryEntry[] {
  return history.value.filter((h) => h.scanId !== entry.scanId && h.eventId === entry.eventId && h.sync === 'pending' && !h.undone
    && h.reason === 'duplicate_scan' && h.serial !== undefined && h.serial === entry.serial && h.at >= entry.at);
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
    // Uploaded alone, a repeat of the undone admission would be judged as a first entry.
    const repeats = queuedRepeatsOf(fresh);
    await removeQueued(db(), [fresh.scanId, ...repeats.map((r) => r.scanId)]);
    await refreshQueueCount();
    for (const r of repeats) {
      const undone = { ...r, sync: 'none' as const, undone: true };
      history.value = history.value.map((h) => (h.scanId === r.scanId ? undone : h));
      await putHistory(db(), undone);
    }
    await markUndone({ ...fresh, sync: 'none' });
    return;
  }
  try {
    await api.undoScan(fresh.eventId, fresh.scanId);
    await markUndone(fresh);
  } catch (err) {
    if (err instanceof NetworkError) showNotice(t('undo.needsNetwork'), 'error');
    else showNotice(t('undo.failed', { message: errorWords(err) }), 'error');
  }
}

export interface SearchOutcome {
  hits: TicketSearchHit[];
  /** online: from the server; offline: the names a manager allowed on this phone, checked in here. */
  source: 'online' | 'offline' | 'unavailable';
}

/** Online search; offline, the holder names a manager allowed on this phone (if any). */
export async function searchNames(query: string, signal?: AbortSignal): Promise<SearchOutcome> {
  const eventId = selection.value?.eventId;
  if (!eventId) return { hits: [], source: 'unavailable' };
  if (online.value) {
    try {
      const { tickets } = await api.searchTickets(eventId, query, signal);
      return { hits: tickets.map((h) => ({ ...h, group: h.orderRef ?? null })), source: 'online' };
    } catch (err) {
      if (!(err instanceof NetworkError) && !(err instanceof ApiError && err.status >= 500)) throw err;
    }
  }
  const replica = currentReplica();
  if (!replica || ![...replica.tickets.values()].some((x) => x.holderName)) return { hits: [], source: 'unavailable' };
  // As online: a matched guest's order follows (sync format 3 groups names by order).
  const matched = replica.searchNames(query);
  const hit = (m: (typeof matched)[number], sameOrder: boolean): TicketSearchHit => ({
    serial: m.state.serial,
    holderName: m.holderName!,
    type: replica.type(m.state.typeNo)?.name ?? null,
    status: m.state.status,
    presence: m.state.presence,
    group: `#${orderKeyOf(m)}`,
    sameOrder,
  });
  return { source: 'offline', hits: [...matched.map((m) => hit(m, false)), ...replica.orderMates(matched).map((m) => hit(m, true))] };
}

/**
 * Checks in tickets picked from the name search (a bus of delegates, one order): one ticket goes
 * through the ordinary scan (full-screen verdict), several through the group endpoint, each with
 * its own verdict. With no network — or a ticket whose scan here still waits to upload — a phone
 * allowed offline names decides them itself and queues them by serial (scan.service checkInLocally).
 */
export async function groupCheckIn(hits: TicketSearchHit[]): Promise<{ admitted: number; refused: number }> {
  const sel = selection.value;
  if (!sel || hits.length === 0) return { admitted: 0, refused: 0 };
  if (hits.length === 1) {
    await submitScan({ serial: hits[0]!.serial });
    const refusedOne = history.value[0]?.verdict === 'refused';
    return { admitted: refusedOne ? 0 : 1, refused: refusedOne ? 1 : 0 };
  }
  const serials = hits.map((h) => h.serial);
  const locally = async (): Promise<{ admitted: number; refused: number } | null> => {
    const done = await checkInLocally(serials);
    if (done) showNotice(t('search.groupResult', done), done.refused ? 'error' : 'info', 6000);
    return done;
  };
  if (!online.value) {
    const done = await locally();
    if (done) return done;
    showNotice(t('error.network'), 'error', 6000);
    return { admitted: 0, refused: 0 };
  }
  // A ticket whose scan here still waits to upload would be judged blind by the server (it could
  // admit it again): upload first, and check in nobody while that scan is still waiting.
  const waiting = async () => {
    const queue = await queuedScans(db(), sel.eventId);
    return hits.some((h) => awaitsUpload(queue, sel.eventId, h.serial));
  };
  if (await waiting()) {
    await syncNow();
    if (await waiting()) {
      const done = await locally();
      if (done) return done;
      showNotice(t('search.groupAwaitsUpload'), 'error', 6000);
      return { admitted: 0, refused: 0 };
    }
  }
  const items = hits.map((h) => ({ scanId: uuidv7(), serial: h.serial }));
  const now = Date.now();
  const results: GroupAnswer['results'] = [];
  try {
    for (let i = 0; i < items.length; i += GROUP_LIMIT) {
      const answer = await api.scanGroup(sel.eventId, {
        gateId: sel.gateId, direction: sel.direction, scannedAt: new Date(now).toISOString(), items: items.slice(i, i + GROUP_LIMIT),
      });
      results.push(...answer.results);
    }
  } catch (err) {
    // Nothing answered (the network dropped before the first reply): decide here if this phone can.
    // After a partial answer the rest would be judged twice, so then only the error is shown.
    if (!(err instanceof NetworkError) || results.length > 0) throw err;
    const done = await locally();
    if (done) return done;
    throw err;
  }
  syncSoon(500); // the phone's copy learns these entries from the server
  let admitted = 0;
  let refused = 0;
  const entries: HistoryEntry[] = [];
  // A group's tickets answer in one notice; those with a note for staff each get their verdict
  // screen too, one after another, so no note is lost in a count.
  const noted: VerdictView[] = [];
  for (const r of results) {
    const hit = hits[items.findIndex((s) => s.scanId === r.scanId)];
    if (!r.verdict || !r.reason) { refused++; continue; } // a per-ticket error: not checked in
    if (r.verdict === 'refused') refused++; else admitted++;
    const entry: HistoryEntry = {
      scanId: r.scanId, eventId: sel.eventId, at: now, gateId: sel.gateId, direction: sel.direction,
      verdict: r.verdict, reason: r.reason, label: hit ? `#${hit.serial}` : '', mode: 'online', sync: 'none',
      ...(hit ? { serial: hit.serial, holderName: hit.holderName } : {}),
      ...(hit?.type ? { typeName: hit.type } : {}),
    };
    entries.push(entry);
    await putHistory(db(), entry);
    if (r.attentionNote) {
      noted.push({
        scanId: r.scanId, verdict: r.verdict, reason: r.reason, offline: false, shownAt: Date.now(), attentionNote: r.attentionNote,
        ...(hit ? { serial: hit.serial, holderName: hit.holderName } : {}), ...(hit?.type ? { typeName: hit.type } : {}),
      });
    }
  }
  history.value = [...entries.reverse(), ...history.value].slice(0, 50);
  showNotice(t('search.groupResult', { admitted, refused }), refused ? 'error' : 'info', 6000);
  showVerdicts(noted);
  return { admitted, refused };
}

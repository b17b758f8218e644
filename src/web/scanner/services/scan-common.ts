// What a gate scan and a session scan share on the way to a verdict on screen: how long to wait
// for the server, when to fall back to the phone's own verdict, and how a verdict is shown and
// kept in the recent list.
import { ApiError, NetworkError, type ScanInput, type ScanResult } from '../../shared/api-client.ts';
import type { HistoryEntry } from '../offline/scanner-db.ts';
import { history, reachable, verdict, type VerdictView } from '../state.ts';
import { t } from '../i18n.ts';
import { signalVerdict } from './feedback.service.ts';
import { currentReplica } from './sync.service.ts';

/** How long a door waits for the server before trusting the phone's own verdict. */
export const ONLINE_TIMEOUT_MS = 1200;
/** After the server could not be reached, scans go straight to local verdicts for this long. */
const OFFLINE_BACKOFF_MS = 15_000;
const HISTORY_IN_MEMORY = 50;

let serverDownUntil = 0;
/** Whether the server is worth asking now (not just found unreachable). */
export const serverUp = (): boolean => Date.now() >= serverDownUntil;
/** The server could not be reached: scans go to local verdicts for a while. */
export function serverDown(): void {
  reachable.value = false;
  serverDownUntil = Date.now() + OFFLINE_BACKOFF_MS;
}

export function labelOf(input: ScanInput): string {
  if ('qr' in input) return t('history.qr');
  if ('code' in input) return input.code;
  if ('serial' in input) return `#${input.serial}`;
  return `PIN ••••${input.pin.slice(-2)}`;
}

export function show(view: Omit<VerdictView, 'shownAt' | 'timeZone'>): void {
  const timeZone = currentReplica()?.meta.timezone;
  verdict.value = { ...view, shownAt: Date.now(), ...(timeZone ? { timeZone } : {}) };
  // A repeat of this phone's own answer must never sound like a fresh admission.
  signalVerdict(view.reason === 'duplicate_scan' ? 'repeat' : view.verdict);
}

export function remember(entry: HistoryEntry): void {
  history.value = [entry, ...history.value.filter((h) => h.scanId !== entry.scanId)].slice(0, HISTORY_IN_MEMORY);
}

/** Should a failed online call fall back to the local verdict? (Otherwise it is shown as an error.) */
export function fallsBack(err: unknown, input: ScanInput): boolean {
  if (err instanceof NetworkError) return true;
  if (!(err instanceof ApiError)) return false;
  if (err.status >= 500 || err.status === 401) return true;
  // Rate limits guard against guessing typed codes; a signed QR cannot be guessed, so a busy door
  // keeps moving on the local verdict while typed codes wait.
  return err.status === 429 && 'qr' in input;
}

/** What a verdict screen shows of the ticket (the note for staff among it). */
export type Shown = Pick<VerdictView, 'holderName' | 'typeName' | 'serial' | 'previous' | 'attentionNote' | 'attentionSealed'>;

export function fromServer(res: ScanResult): Shown {
  const out: Shown = {};
  if (res.attentionNote) out.attentionNote = res.attentionNote;
  if (res.ticket?.holderName) out.holderName = res.ticket.holderName;
  if (res.ticket?.type) out.typeName = res.ticket.type;
  if (res.ticket?.serial !== undefined) out.serial = res.ticket.serial;
  if (res.previous) out.previous = { at: Date.parse(res.previous.at), gateName: res.previous.gate ?? '' };
  return out;
}


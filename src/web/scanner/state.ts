// The scanner's UI state, as signals: services write, components read (and re-render only where a
// value they read changed — a scan updates the verdict and counters, not the camera view).
import { signal } from '@preact/signals';
import type { Direction, ReasonCode, Verdict } from '../../core/index.ts';
import type { DeviceEvent, DeviceGate, PairedDevice, Tokens } from '../shared/api-client.ts';
import type { HistoryEntry } from './offline/scanner-db.ts';

export type Phase = 'loading' | 'pair' | 'login' | 'setup' | 'scan';

export interface Session {
  deviceToken: string;
  device: PairedDevice;
  tokens: Tokens | null;
  /** Device clock when the access token was issued (for refreshing before it expires). */
  tokensAt: number | null;
  email: string | null;
}

export interface Selection {
  eventId: string;
  gateId: string;
  direction: Direction;
  /** Session mode: scans are for this session at its room's door (the gate stays for going back). */
  sessionId?: string;
}

export interface VerdictView {
  scanId: string;
  verdict: Verdict;
  reason: ReasonCode;
  holderName?: string;
  typeName?: string;
  serial?: number;
  previous?: { at: number; gateName: string };
  offline: boolean;
  shownAt: number;
  /** The venue's time zone, when the phone holds the event's manifest: times are shown in it. */
  timeZone?: string;
  /** A note for door staff: the verdict stays up until they tap it. */
  attentionNote?: string;
  /** Offline, found by code or PIN: the ticket has a note only its QR opens. */
  attentionSealed?: true;
  /**
   * Photo check: absent when the ticket's type does not use it. `shown` with an object URL; `none`
   * (no photo on file), `sealed` (offline, found by code or PIN: only the QR opens it), `failed`.
   */
  photo?: { state: 'loading' | 'shown' | 'none' | 'sealed' | 'failed'; url?: string };
}

/** A verdict carrying a note waits for staff to tap it; scans wait meanwhile (the note is not missed). */
export function awaitsAttention(v: VerdictView | null): boolean {
  return v !== null && (v.attentionNote !== undefined || v.attentionSealed === true);
}

export const phase = signal<Phase>('loading');
export const session = signal<Session | null>(null);
export const selection = signal<Selection | null>(null);
export const events = signal<DeviceEvent[]>([]);
export const gates = signal<DeviceGate[]>([]);
/** The paired venue's time zone (from the device's home): times before a manifest is held are shown in it. */
export const venueTimeZone = signal<string | undefined>(undefined);

/** navigator.onLine, and whether the last request reached the server. */
export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
export const reachable = signal(true);
export const queued = signal(0);
export const lastSyncAt = signal<number | null>(null);
export const counts = signal<{ inside: number; expected: number }>({ inside: 0, expected: 0 });
/** Replica of the selected event: missing, downloading (tickets saved so far) or ready. */
export const replicaState = signal<{ status: 'none' | 'downloading' | 'ready'; saved: number }>({ status: 'none', saved: 0 });

export const verdict = signal<VerdictView | null>(null);
// Verdicts with notes waiting their turn: a group check-in may bring several, each to be tapped.
const waitingVerdicts: VerdictView[] = [];

/** Clears the verdict on screen; a waiting one (a group's next note) takes its place. */
export function dismissVerdict(): void {
  verdict.value = waitingVerdicts.shift() ?? null;
}

/** Shows verdicts one after another, each until dismissed (after whatever note is on screen now). */
export function showVerdicts(views: readonly VerdictView[]): void {
  waitingVerdicts.push(...views);
  if (!awaitsAttention(verdict.value)) dismissVerdict();
}
export const history = signal<HistoryEntry[]>([]);
/** A short message at the bottom of the screen (undo done, errors); cleared after a few seconds. */
export const notice = signal<{ text: string; tone: 'info' | 'error' } | null>(null);
/** Ticks every 15 s so "synced 2 min ago" stays true without re-rendering on every frame. */
export const clock = signal(Date.now());

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
export function showNotice(text: string, tone: 'info' | 'error' = 'info', ms = 4000): void {
  notice.value = { text, tone };
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.value = null; }, ms);
}

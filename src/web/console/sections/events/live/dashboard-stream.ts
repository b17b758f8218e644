// The live overview's connection: the dashboard's Server-Sent Events read with fetch (EventSource
// cannot send the bearer token), watched for silence, and reopened with backoff and Last-Event-ID
// when it is lost. The page only renders the state this hands it.
import type { Dashboard } from '../../../console-api.ts';
import { ApiError } from '../../../../shared/api-client.ts';
import { readSse, type SseMessage } from '../../../../shared/sse.ts';

/** The server pings every 15 s: 35 s without any message means the line is dead, whatever TCP says. */
export const SILENCE_MS = 35_000;
/** Waits between reconnection attempts; the last one repeats. */
export const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000] as const;
/** The server ends every stream after 10 minutes by design; an end after this long is that, not a fault. */
export const PLANNED_END_AFTER_MS = 9 * 60_000;

export const backoffDelay = (attempt: number): number => BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;

export type LiveStatus = 'connecting' | 'live' | 'lost' | 'failed';

export interface LiveState {
  status: LiveStatus;
  dashboard: Dashboard | null;
  /** The server time the figures were last known current (a snapshot's asOf, a fresh ping's at). */
  confirmedAt: string | null;
  /** Why the stream cannot be opened at all (forbidden, not found): no retry helps. */
  error: unknown;
}

export interface StreamDeps {
  open(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
  /** Renews a token about to lapse before a reconnect (errors are ignored: the open will say). */
  freshen(): Promise<void>;
}

/** Answers that no retry changes: the page says why and stops. */
const isFinal = (err: unknown) => err instanceof ApiError && err.status !== 401 && err.status !== 408 && err.status !== 429 && err.status < 500;

export class DashboardStream {
  private state: LiveState = { status: 'connecting', dashboard: null, confirmedAt: null, error: null };
  private lastEventId: string | null = null;
  private attempt = 0;
  /** Each connection's number: callbacks of an abandoned one are ignored. */
  private generation = 0;
  private controller: AbortController | null = null;
  private silence: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private openedAt = 0;
  private stopped = false;
  /** Server clock minus this browser's clock, from the last message. */
  private offsetMs = 0;

  constructor(private readonly deps: StreamDeps, private readonly onChange: (s: LiveState) => void) {}

  start(): void {
    void this.connect(false);
  }

  /** Leaving the page: the request is aborted so the server frees the stream at once. */
  stop(): void {
    this.stopped = true;
    this.drop();
    clearTimeout(this.retry);
  }

  /** The server's current time as best known (for "not seen for 5 minutes"). */
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  get current(): LiveState {
    return this.state;
  }

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private drop(): void {
    this.generation++;
    clearTimeout(this.silence);
    this.controller?.abort();
    this.controller = null;
  }

  private async connect(reconnecting: boolean): Promise<void> {
    if (this.stopped) return;
    this.drop();
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    this.armSilence(generation);
    if (reconnecting) await this.deps.freshen().catch(() => undefined);
    if (generation !== this.generation) return;
    let response: Response;
    try {
      response = await this.deps.open(this.lastEventId, controller.signal);
    } catch (err) {
      this.failed(generation, err);
      return;
    }
    if (generation !== this.generation) return;
    this.openedAt = Date.now();
    if (!response.body) { this.failed(generation, new Error('no body')); return; }
    try {
      await readSse(response.body, (m) => this.message(generation, m));
    } catch (err) {
      this.failed(generation, err);
      return;
    }
    this.ended(generation);
  }

  private armSilence(generation: number): void {
    clearTimeout(this.silence);
    this.silence = setTimeout(() => {
      if (generation !== this.generation) return;
      this.lose();
    }, SILENCE_MS);
  }

  private message(generation: number, m: SseMessage): void {
    if (generation !== this.generation) return;
    this.armSilence(generation);
    let data: unknown;
    try { data = JSON.parse(m.data); } catch { return; } // a garbled message is skipped, not fatal
    if (m.event === 'snapshot' || m.event === 'patch') {
      // A patch carries the fields that changed since this connection's last message; the server
      // sends one only after a snapshot on the same connection, so there is always one to patch.
      if (m.event === 'patch' && !this.state.dashboard) return;
      const dashboard = m.event === 'patch' ? { ...this.state.dashboard!, ...(data as Partial<Dashboard>) } : data as Dashboard;
      if (m.id) this.lastEventId = m.id;
      this.attempt = 0;
      this.offsetMs = Date.parse(dashboard.asOf) - Date.now();
      this.set({ status: 'live', dashboard, confirmedAt: dashboard.asOf, error: null });
    } else if (m.event === 'ping') {
      const ping = data as { at: string; fresh: boolean };
      this.offsetMs = Date.parse(ping.at) - Date.now();
      // fresh:false — the server cannot read the figures: the line is fine, the numbers are not.
      if (!ping.fresh) { this.set({ status: 'lost' }); return; }
      this.attempt = 0;
      // A ping confirms the figures still hold, but a page that has none yet is not live.
      this.set(this.state.dashboard ? { status: 'live', confirmedAt: ping.at } : {});
    }
  }

  private ended(generation: number): void {
    if (generation !== this.generation || this.stopped) return;
    // The planned end of a long stream: reopen at once, the banner stays away unless that fails.
    if (this.state.status === 'live' && Date.now() - this.openedAt >= PLANNED_END_AFTER_MS) {
      this.attempt = 0;
      void this.connect(true);
      return;
    }
    this.lose();
  }

  private failed(generation: number, err: unknown): void {
    if (generation !== this.generation || this.stopped) return;
    if (isFinal(err)) {
      this.drop();
      this.set({ status: 'failed', error: err });
      return;
    }
    this.lose();
  }

  private lose(): void {
    this.drop();
    this.set({ status: 'lost' });
    clearTimeout(this.retry);
    const delay = backoffDelay(this.attempt++);
    this.retry = setTimeout(() => void this.connect(true), delay);
  }
}

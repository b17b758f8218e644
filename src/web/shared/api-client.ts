// Every call the browser apps make to /api/v1, in one place: auth headers, token refresh and
// timeouts. Request and response shapes come from src/contracts (types only: no schema code in the
// bundles), so a server contract change that breaks a caller fails the typecheck.
import type { GroupAnswer, GroupBody, ScanAnswer, ScanBody, TicketSearchAnswer, UndoAnswer } from '../../contracts/scanning.contract.ts';
import type { UploadAnswer, UploadedScan } from '../../contracts/sync.contract.ts';
import type { PhotoPack } from '../../contracts/photos.contract.ts';
import type { TokenPair } from '../../contracts/auth.contract.ts';
import type { Device, DeviceHome, DeviceReportBody, PairAnswer } from '../../contracts/devices.contract.ts';
import type { Direction, ReasonCode, Verdict } from '../../core/index.ts';
import type { ScanInput } from './scan-input.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The request never got an answer: no network, server down, or our own timeout. */
export class NetworkError extends Error {
  constructor(message: string, readonly timedOut = false) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The part of a sign-in the phone keeps. */
export type Tokens = Pick<TokenPair, 'accessToken' | 'refreshToken' | 'expiresIn'>;
export type PairedDevice = Pick<Device, 'id' | 'venueId' | 'kind' | 'name'>;
export type PairResult = PairAnswer;

export type { OfflineInput, ScanInput } from './scan-input.ts';

export interface ScanTicketInfo { serial: number; holderName?: string | null; type?: string | null; zones?: string[] }
export type { GroupAnswer, ScanAnswer } from '../../contracts/scanning.contract.ts';
export type { PhotoPack };

/** A verdict as the phone shows it: the server's answer, or one the phone judged itself offline. */
export interface ScanResult {
  verdict: Verdict;
  reason: ReasonCode;
  ticket?: ScanTicketInfo;
  previous?: { at: string; gate?: string | null };
  /** The ticket's note for door staff (its own, else its type's); absent or null: none. */
  attentionNote?: string | null;
  /** Photo check: the ticket's type shows the holder's photo; `photo` when one is on file. */
  photoCheck?: true;
  photo?: true;
}

/** A name-search hit as the phone lists it: from the server (a DoorTicket) or from the manifest offline. */
export interface TicketSearchHit {
  serial: number;
  holderName: string;
  type?: string | null;
  code?: string | null;
  status?: string;
  presence?: string;
  orderRef?: string | null;
  /** Listed because it shares an order with a ticket the name matched. */
  sameOrder?: boolean;
  /** Tickets with the same group are one order: the order reference online, the order's first serial offline. */
  group?: string | null;
}

/** One offline scan as uploaded (docs/sync-protocol.md §3); the phone always sends its clock as epoch ms. */
export type BatchScan = UploadedScan & { scannedAt: number };
export type BatchResult = UploadAnswer;
export type UploadStatus = UploadAnswer['results'][number]['status'];

export type DeviceInfo = DeviceHome;
export type DeviceEvent = DeviceHome['events'][number];
export type DeviceGate = DeviceHome['gates'][number];

export interface ApiClientOptions {
  baseUrl?: string;
  /** Current tokens (read on every request, so a refresh by another call is picked up). */
  getTokens: () => Tokens | null;
  /** Persist rotated tokens; null when the refresh token was refused (staff must sign in again). */
  onTokens: (tokens: Tokens | null) => void;
  fetch?: typeof fetch;
}

interface RequestOptions {
  timeoutMs?: number; auth?: boolean; signal?: AbortSignal; headers?: Record<string, string>;
  /** Sends a string body as is with this type (a CSV file) instead of JSON. */
  contentType?: string;
}

export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  constructor(private readonly options: ApiClientOptions) {}

  private async raw(method: string, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const tokens = this.options.getTokens();
    if (opts.auth !== false && tokens) headers.authorization = `Bearer ${tokens.accessToken}`;
    const controller = new AbortController();
    const timer = opts.timeoutMs ? setTimeout(() => controller.abort(), opts.timeoutMs) : undefined;
    opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      return await (this.options.fetch ?? fetch)(`${this.options.baseUrl ?? ''}${path}`, {
        method, headers, body: body === undefined ? undefined : opts.contentType ? String(body) : JSON.stringify(body), signal: controller.signal,
        // API answers are never cached by the browser: a verdict must be fresh.
        cache: 'no-store',
      });
    } catch (err) {
      const timedOut = controller.signal.aborted && !opts.signal?.aborted;
      throw new NetworkError(timedOut ? 'The server did not answer in time.' : String((err as Error)?.message ?? err), timedOut);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    let response = await this.raw(method, path, body, opts);
    if (response.status === 401 && opts.auth !== false && this.options.getTokens()) {
      if (await this.refresh()) response = await this.raw(method, path, body, opts);
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** One refresh at a time, shared by every call that hit an expired access token. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const tokens = this.options.getTokens();
      if (!tokens) return false;
      try {
        const response = await this.raw('POST', '/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }, { auth: false, timeoutMs: 10_000 });
        if (response.status === 401 || response.status === 403) { this.options.onTokens(null); return false; }
        if (!response.ok) return false;
        this.options.onTokens((await response.json()) as Tokens);
        return true;
      } catch {
        return false; // offline: keep the tokens, try again later
      }
    })().finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  /** A file (CSV, PDF) with the same token and refresh as any call; the caller reads the body. */
  async download(path: string, opts: { timeoutMs?: number } = {}): Promise<Response> {
    const options: RequestOptions = { headers: { accept: '*/*' }, timeoutMs: opts.timeoutMs ?? 120_000 };
    let response = await this.raw('GET', path, undefined, options);
    if (response.status === 401 && this.options.getTokens()) {
      if (await this.refresh()) response = await this.raw('GET', path, undefined, options);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  /**
   * A long-lived answer (Server-Sent Events): the same token and refresh as any call, no timeout,
   * and the body left to the caller to read as it arrives. Ends when `signal` aborts.
   */
  async stream(path: string, opts: { signal: AbortSignal; headers?: Record<string, string> }): Promise<Response> {
    const options: RequestOptions = { signal: opts.signal, headers: { accept: 'text/event-stream', ...opts.headers } };
    let response = await this.raw('GET', path, undefined, options);
    if (response.status === 401 && this.options.getTokens()) {
      if (await this.refresh()) response = await this.raw('GET', path, undefined, options);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  /**
   * Refreshes the tokens first when the access token expires within `withinMs` (read from its own
   * `exp`), so a reconnecting stream does not start on a token about to lapse — without rotating
   * the refresh token on every reconnect, which a flaky venue network would turn into many.
   */
  async freshen(withinMs: number, now = Date.now()): Promise<void> {
    const tokens = this.options.getTokens();
    if (!tokens) return;
    const exp = tokenExpiry(tokens.accessToken);
    if (exp === null || exp - now < withinMs) await this.refresh();
  }

  pairDevice(setupCode: string, name?: string): Promise<PairResult> {
    return this.request('POST', '/api/v1/devices/pair', name ? { setupCode, name } : { setupCode }, { auth: false, timeoutMs: 15_000 });
  }

  login(email: string, password: string, deviceToken?: string): Promise<TokenPair> {
    return this.request('POST', '/api/v1/auth/login', deviceToken ? { email, password, deviceToken } : { email, password }, { auth: false, timeoutMs: 15_000 });
  }

  deviceInfo(): Promise<DeviceInfo> {
    return this.request('GET', '/api/v1/devices/me', undefined, { timeoutMs: 15_000 });
  }

  scan(eventId: string, body: ScanBody, timeoutMs: number): Promise<ScanAnswer> {
    return this.request('POST', `/api/v1/events/${enc(eventId)}/scans`, body, { timeoutMs });
  }

  scanGroup(eventId: string, body: GroupBody): Promise<GroupAnswer> {
    return this.request('POST', `/api/v1/events/${enc(eventId)}/scans/group`, body, { timeoutMs: 15_000 });
  }

  undoScan(eventId: string, scanId: string): Promise<UndoAnswer> {
    return this.request('POST', `/api/v1/events/${enc(eventId)}/scans/${enc(scanId)}/undo`, {}, { timeoutMs: 10_000 });
  }

  searchTickets(eventId: string, q: string, signal?: AbortSignal): Promise<TicketSearchAnswer> {
    return this.request('GET', `/api/v1/events/${enc(eventId)}/tickets?q=${enc(q)}`, undefined, { timeoutMs: 10_000, ...(signal ? { signal } : {}) });
  }

  /** Photo check: the holder's photo for the verdict, by the serial the scan answer named. */
  photo(eventId: string, serial: number, timeoutMs = 5000): Promise<Blob> {
    return this.image(`/api/v1/events/${enc(eventId)}/serials/${serial}/photo`, timeoutMs);
  }

  /** An image behind auth (an <img src> cannot send the bearer token). */
  async image(path: string, timeoutMs = 10_000): Promise<Blob> {
    let response = await this.raw('GET', path, undefined, { timeoutMs, headers: { accept: 'image/*' } });
    if (response.status === 401 && this.options.getTokens() && await this.refresh()) response = await this.raw('GET', path, undefined, { timeoutMs, headers: { accept: 'image/*' } });
    if (!response.ok) throw await toApiError(response);
    return response.blob();
  }

  /** One page of the offline photo pack (thumbnails sealed per QR), after `since`. */
  photoPack(eventId: string, since: string | null): Promise<PhotoPack> {
    return this.request('GET', `/api/v1/events/${enc(eventId)}/photo-pack${since ? `?since=${enc(since)}` : ''}`, undefined, { timeoutMs: 60_000 });
  }

  /** One manifest page (snapshot or delta, as the cursor says). Sends the phone's clock so the
   * server can measure its offset. */
  manifest(eventId: string, since: string | null): Promise<unknown> {
    // Format 3: names (on phones allowed them) carry order groups, for checking in a whole order offline;
    // 4: attention notes for staff (types' in clear, tickets' sealed under their QR); 5: the sessions, for room doors.
    const query = `?format=5${since ? `&since=${enc(since)}` : ''}`;
    return this.request('GET', `/api/v1/events/${enc(eventId)}/manifest${query}`, undefined, {
      timeoutMs: 60_000, headers: { 'x-device-time': String(Date.now()) },
    });
  }

  /** Tells the server how this phone is (after a sync round that worked): shown in the console. */
  reportDevice(body: DeviceReportBody): Promise<void> {
    return this.request('POST', '/api/v1/devices/me/report', body, { timeoutMs: 10_000 });
  }

  /** Uploads offline scans (≤ 1000). `sentAt` is the phone's raw clock, like each scannedAt. */
  uploadScans(eventId: string, scans: BatchScan[]): Promise<BatchResult> {
    return this.request('POST', `/api/v1/events/${enc(eventId)}/scans/batch`, { sentAt: Date.now(), scans }, { timeoutMs: 30_000 });
  }
}

const enc = encodeURIComponent;

/** When a JWT access token expires (epoch ms), from its payload; null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('retry-after'));
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(response.status, body.error?.code ?? 'unknown', body.error?.message ?? response.statusText, retry || undefined);
  } catch {
    return new ApiError(response.status, 'unknown', response.statusText || `HTTP ${response.status}`, retry || undefined);
  }
}

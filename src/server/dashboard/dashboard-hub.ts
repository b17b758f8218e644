import type { Dashboard } from '../../contracts/dashboard.contract.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { LiveDashboard } from './dashboard-live.ts';
import { encodeView, sseMessage, type ViewMessage } from './dashboard-messages.ts';
import { dashboardVersion } from './dashboard.repository.ts';
import { doorView, type DashboardView } from './dashboard.service.ts';

/**
 * Live dashboards of this process. Each event with an open dashboard has one channel that asks the
 * database for the figures' fingerprint every POLL_MS and, when it moved, reads the figures once and
 * sends them to every dashboard of the event — 1 or 100 dashboards cost one read. The read brings
 * figures kept in memory up to date with what changed (dashboard-live.ts), so it costs what
 * changed, not the size of the event.
 *
 * Asking the database, rather than hearing from the code that wrote, is what makes a scan on any
 * instance reach a dashboard on any other: every instance shares the database, whatever wrote the
 * change (online scan, offline upload, undo, resolution, issuance, cancellation, a CLI import), and
 * nothing is lost when a message would have been (no pub/sub to miss). docs/decisions has why.
 *
 * A connection's first message is the whole snapshot; after it, each is a patch of the fields that
 * changed (dashboard-messages.ts). Its SSE id is the fingerprint: a dashboard that reconnects with
 * Last-Event-ID gets the current snapshot at once unless it holds those figures already, and a
 * message only ever replaces fields, so none can be counted twice.
 */
export const POLL_MS = 100;
/**
 * At most 4 snapshots a second per event, however fast the door: the last change always goes.
 * On a big event, where one read of the figures takes longer, the spacing grows to twice that
 * read, so live dashboards never keep the database busy more than a third of the time. A change
 * that arrives during the spacing is read the moment it ends, not at the next poll.
 */
export const MIN_PUSH_INTERVAL_MS = 250;
const PING_MS = 15_000;
/** Streams end after this and the browser reconnects, so a revoked login stops seeing figures. */
export const MAX_STREAM_MS = 10 * 60_000;

export interface DashboardSubscriber {
  view: DashboardView;
  /** The fingerprint the dashboard already shows (Last-Event-ID), if any. */
  lastEventId: string | undefined;
  /** Bytes shared by every dashboard the message goes to: write them, do not keep or change them. */
  write(chunk: Buffer): void;
  end(): void;
}

/**
 * Dashboards written to in one turn of the event loop. A hundred socket writes at once would hold
 * the door's scans behind them for several milliseconds; in slices, scans are answered in between.
 */
const WRITES_PER_TURN = 20;

/** A dashboard as its channel sees it: what it shows, and whether this connection has had a snapshot. */
type Subscriber = DashboardSubscriber & { shown?: string; primed?: boolean };

class EventChannel {
  readonly subscribers = new Set<Subscriber>();
  private version: string | undefined;
  /** The version the last messages' patches apply to (the one before them). */
  private base: string | undefined;
  private live: LiveDashboard | undefined;
  private messages: Record<DashboardView, ViewMessage> | undefined;
  private lastPush = 0;
  private busy = false;
  private healthy = true;
  /** How long the last read of the figures took (ms): it spaces the next. */
  private readMs = 0;
  /** When the figures' no-shows start counting (epoch ms), from the last snapshot. */
  private noShowFrom: number | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly ping: NodeJS.Timeout;
  /** A read held back by the spacing, due when it ends. */
  private held: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: AppContext, private readonly tenantId: string, private readonly eventId: string) {
    this.poll = setInterval(() => void this.tick(), POLL_MS);
    this.ping = setInterval(() => this.broadcastPing(), PING_MS);
    this.poll.unref();
    this.ping.unref();
  }

  add(sub: Subscriber): void {
    this.subscribers.add(sub);
    sub.shown = sub.lastEventId;
    if (this.messages) this.send(sub);
    void this.tick();
  }

  stop(): void {
    clearInterval(this.poll);
    clearInterval(this.ping);
    clearTimeout(this.held);
  }

  /**
   * Sends the figures unless the dashboard shows them already (by its id: a reconnect's
   * Last-Event-ID): a patch when this connection's last message was the one it applies to,
   * else the snapshot.
   */
  private send(sub: Subscriber, always = false): void {
    if (!this.messages || (sub.shown === this.version && !always)) return;
    const view = this.messages[sub.view];
    const patch = sub.primed && sub.shown === this.base ? view.patch : undefined;
    sub.shown = this.version;
    sub.primed = true;
    sub.write(patch ?? view.snapshot);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.subscribers.size === 0) return;
    const wait = this.messages ? this.lastPush + Math.max(MIN_PUSH_INTERVAL_MS, 2 * this.readMs) - Date.now() : 0;
    if (wait > 0) {
      this.held ??= setTimeout(() => { this.held = undefined; void this.tick(); }, wait);
      this.held.unref();
      return;
    }
    this.busy = true;
    try {
      this.live ??= await LiveDashboard.load(this.ctx, this.tenantId, this.eventId);
      const stored = await withTenant(this.ctx.db, this.tenantId, (trx) => dashboardVersion(trx, this.eventId));
      const version = `${stored}.${this.noShowsStarted() ? 'n' : 'p'}`;
      // A background read (the phones' list, or everything whole) is shown as soon as it is in.
      const refreshed = this.live.refreshed;
      if (version !== this.version || !this.messages || refreshed) {
        const started = performance.now();
        const figures = await this.live.read(new Date());
        this.readMs = performance.now() - started;
        // The same id when only the phones' list changed: sent to every dashboard open here.
        this.publish(version, figures, refreshed);
      }
      this.live.refreshIfDue();
      this.healthy = true;
    } catch (err) {
      // The database away: dashboards keep the last figures and the next ping says they are stale.
      if (this.healthy) this.ctx.log.warn({ err, eventId: this.eventId }, 'live dashboard could not read the figures');
      this.healthy = false;
    } finally {
      this.busy = false;
    }
  }

  private noShowsStarted(): boolean {
    return this.noShowFrom !== undefined && Date.now() >= this.noShowFrom;
  }

  private publish(version: string, figures: Dashboard, always: boolean): void {
    this.noShowFrom = Date.parse(figures.noShows.from);
    // A read that began before the 30-minute mark and ended after it is stamped by its figures.
    const settled = `${version.slice(0, version.lastIndexOf('.'))}.${figures.noShows.count === null ? 'p' : 'n'}`;
    const before = this.messages;
    this.base = this.version;
    this.version = settled;
    const messages = this.messages = {
      full: encodeView(figures, settled, before?.full.fields),
      door: encodeView(doorView(figures), settled, before?.door.fields),
    };
    this.lastPush = Date.now();
    // A slice still due when newer figures are out leaves its dashboards to the newer ones' slices.
    this.inSlices((sub) => { if (this.messages === messages) this.send(sub, always); });
  }

  private broadcastPing(): void {
    const message = sseMessage('ping', JSON.stringify({ at: new Date().toISOString(), fresh: this.healthy }));
    this.inSlices((sub) => sub.write(message));
  }

  /** `fn` on every dashboard open now, WRITES_PER_TURN a turn; one that left meanwhile is skipped. */
  private inSlices(fn: (sub: Subscriber) => void): void {
    const subs = [...this.subscribers];
    const slice = (from: number) => {
      for (let i = from; i < Math.min(from + WRITES_PER_TURN, subs.length); i++) {
        if (this.subscribers.has(subs[i]!)) fn(subs[i]!);
      }
      if (from + WRITES_PER_TURN < subs.length) setImmediate(slice, from + WRITES_PER_TURN);
    };
    slice(0);
  }
}

export class DashboardHub {
  private readonly channels = new Map<string, EventChannel>();
  private closed = false;

  constructor(private readonly ctx: AppContext) {}

  /** Starts a dashboard's stream; the returned function ends it (the browser went away). */
  subscribe(tenantId: string, eventId: string, sub: DashboardSubscriber): () => void {
    if (this.closed) { sub.end(); return () => undefined; }
    let channel = this.channels.get(eventId);
    if (!channel) {
      channel = new EventChannel(this.ctx, tenantId, eventId);
      this.channels.set(eventId, channel);
    }
    const live = channel;
    const entry = { ...sub };
    live.add(entry);
    const expiry = setTimeout(() => leave(true), MAX_STREAM_MS);
    expiry.unref();
    let left = false;
    const leave = (end: boolean) => {
      if (left) return;
      left = true;
      clearTimeout(expiry);
      live.subscribers.delete(entry);
      if (end) sub.end();
      if (live.subscribers.size === 0) {
        live.stop();
        if (this.channels.get(eventId) === live) this.channels.delete(eventId);
      }
    };
    return () => leave(false);
  }

  /** At shutdown: ends every stream so the server can close (the browsers reconnect elsewhere). */
  close(): void {
    this.closed = true;
    for (const channel of this.channels.values()) {
      channel.stop();
      for (const sub of channel.subscribers) sub.end();
      channel.subscribers.clear();
    }
    this.channels.clear();
  }

  /** Dashboards open in this process (for metrics and tests). */
  get open(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.subscribers.size;
    return n;
  }
}

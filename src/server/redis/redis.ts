import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Metrics } from '../observability/metrics.ts';

/**
 * Redis is an accelerator, never a single point of failure. With REDIS_URL set, rate limits and
 * the guessing lockout are shared by every instance through it; when it goes away each of them
 * carries on in this process, and comes back to Redis by itself when Redis does. RedisLink is
 * the circuit they all read: `up` is a plain field, so the hot path pays a boolean check, never a
 * call, a promise or a wait.
 *
 *   - No command waits for Redis: the offline queue is off (a command sent while disconnected
 *     fails at once instead of queueing for the whole outage), a command times out after
 *     COMMAND_TIMEOUT_MS, and commands in flight when the connection drops fail at once.
 *   - The circuit opens when the connection closes or a command fails for a reason other than a
 *     Redis answer (timeout, broken socket); it closes again on the client's `ready` (ioredis
 *     reconnects in the background every second at most) or, for a Redis that hung without
 *     closing the connection, when a background PING answers.
 *   - Each change is one log line (warn going down, info coming back) and shows in
 *     `karibu_redis_up` / `karibu_redis_transitions_total`.
 */
export const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 1_000;
const PROBE_INTERVAL_MS = 1_000;

export class RedisLink {
  /** True while Redis answers. Everything that uses Redis checks this first and uses the process otherwise. */
  up = false;
  private readonly onUpListeners: (() => void)[] = [];
  private probe: NodeJS.Timeout | undefined;
  private closing = false;
  /** Whether a later `ready` is a recovery (up before, or down from the start). */
  private everUp = false;

  /**
   * @param keyPrefix starts every key written through this link (REDIS_KEY_PREFIX): instances of
   *   one deployment share it, and so their counters; another deployment on the same Redis does not.
   */
  constructor(readonly client: Redis, readonly keyPrefix: string, private readonly log: FastifyBaseLogger, private readonly metrics: Metrics) {
    metrics.redisUp.set(0);
    client.on('ready', () => this.markUp());
    client.on('close', () => this.markDown('connection closed'));
    // Every failed reconnect emits one; the transition was logged already.
    client.on('error', (err: Error) => log.debug({ err }, 'redis connection error'));
  }

  /**
   * A command failed. An error Redis answered (a script's, a wrong type) says Redis is there; a
   * timeout or a broken connection opens the circuit.
   */
  failed(err: unknown): void {
    if ((err as { name?: unknown } | null)?.name === 'ReplyError') return;
    this.markDown(err instanceof Error ? err.message : String(err));
  }

  /** Runs each time Redis comes back after an outage (not at a first connect): to hand back what the process held. */
  onUp(listener: () => void): void {
    this.onUpListeners.push(listener);
  }

  /** The first connect failed: the server starts in process, and Redis answering later is a recovery. */
  startedDown(): void {
    this.everUp = true;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopProbe();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private markDown(why: string): void {
    if (!this.up || this.closing) return;
    this.up = false;
    this.metrics.redisUp.set(0);
    this.metrics.redisTransitions.inc({ to: 'down' });
    this.log.warn({ why }, 'redis unreachable: rate limits and the guessing lockout carry on in this process');
    this.startProbe();
  }

  private markUp(): void {
    if (this.up || this.closing) return;
    const recovering = this.everUp;
    this.up = true;
    this.everUp = true;
    this.stopProbe();
    this.metrics.redisUp.set(1);
    this.metrics.redisTransitions.inc({ to: 'up' });
    if (recovering) {
      this.log.info('redis is back: rate limits and the guessing lockout are shared again');
      for (const listener of this.onUpListeners) {
        try { listener(); } catch (err) { this.log.error({ err }, 'redis recovery step failed'); }
      }
    } else {
      this.log.info('redis connected');
    }
  }

  /** While down: a PING each second, for a Redis that stopped answering but kept the connection. */
  private startProbe(): void {
    if (this.probe) return;
    this.probe = setInterval(() => {
      if (this.client.status !== 'ready') return; // reconnecting: `ready` will close the circuit
      this.client.ping().then(() => this.markUp(), () => undefined);
    }, PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }
}

/**
 * Opens the shared Redis. Never fails the start: a Redis that is down when the server starts is
 * an outage like any other, and the server begins in process until it answers.
 */
export async function openRedis(url: string, keyPrefix: string, log: FastifyBaseLogger, metrics: Metrics): Promise<RedisLink> {
  // Loaded only when REDIS_URL is set: a single node never pays for it at start.
  const { Redis: RedisClient } = await import('ioredis');
  const client = new RedisClient(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * attempt, MAX_RECONNECT_DELAY_MS),
  });
  const link = new RedisLink(client, keyPrefix, log, metrics);
  try {
    await client.connect();
  } catch (err) {
    log.warn({ err }, 'redis unreachable at start: rate limits and the guessing lockout run in this process until it answers');
    link.startedDown();
  }
  return link;
}

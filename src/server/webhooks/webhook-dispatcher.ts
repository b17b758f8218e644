import type { AppContext } from '../app-context.ts';
import { asSystem } from '../db/database.ts';
import { open } from '../secrets/sealed-box.ts';
import { claimDueDeliveries, purgeExpired, recordAttempt, type ClaimedDelivery } from './webhook.repository.ts';
import { postWebhook, type SendResult } from './webhook-sender.ts';
import { webhookSignatureHeaders } from './webhook-signature.ts';

/**
 * The background sender of the webhook outbox. Every instance runs one; they share the work
 * through row claims (FOR UPDATE SKIP LOCKED + a lease), so adding instances adds senders, and a
 * delivery is attempted by one instance at a time.
 *
 * Retries: attempt n failing waits baseDelayMs · 2^(n-1) (±10 % jitter, capped at maxDelayMs);
 * after maxAttempts the delivery is 'failed' and stays in the log (an organizer can redeliver).
 * With the defaults: 30 s, 1 min, 2 min … 6 h, 15 attempts ≈ 1.6 days of trying.
 * Success is any 2xx answer within timeoutMs.
 *
 * Every housekeepingMs it also drops expired idempotency keys (24 h) and finished deliveries older
 * than retentionDays (the delivery log's retention).
 */
export interface DispatcherTiming {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  batchSize: number;
  leaseMs: number;
  housekeepingMs: number;
  retentionDays: number;
}

export const DEFAULT_TIMING: DispatcherTiming = {
  pollMs: 1_000, baseDelayMs: 30_000, maxDelayMs: 6 * 3600_000, maxAttempts: 15, timeoutMs: 10_000, batchSize: 20, leaseMs: 60_000,
  housekeepingMs: 10 * 60_000, retentionDays: 30,
};

export const SECRET_PURPOSE = 'webhook-secret';

export function retryDelayMs(attempt: number, timing: Pick<DispatcherTiming, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const raw = timing.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(timing.maxDelayMs, raw) * (0.9 + 0.2 * random()));
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private lastHousekeeping = Date.now();
  timing: DispatcherTiming;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'masterKey' | 'config' | 'log'>, timing: Partial<DispatcherTiming> = {}) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.timing.pollMs);
  }

  /** Stops polling and waits for an in-flight round to finish (its attempts are recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Changes timing (tests make retries fast) and re-arms the poll. */
  configure(timing: Partial<DispatcherTiming>): void {
    this.timing = { ...this.timing, ...timing };
    if (!this.stopped) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped || this.running) return;
      this.running = this.runOnce()
        .then((sent) => sent)
        .catch((err: unknown) => { this.ctx.log.error({ err }, 'webhook dispatch round failed'); return 0; })
        .then((sent) => {
          this.running = undefined;
          // A full batch means more may be due: go again at once; otherwise wait a poll interval.
          if (!this.stopped) this.schedule(sent >= this.timing.batchSize ? 0 : this.timing.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One round: claim due deliveries, send them concurrently, record each outcome. Returns how many. */
  async runOnce(): Promise<number> {
    if (Date.now() - this.lastHousekeeping >= this.timing.housekeepingMs) {
      this.lastHousekeeping = Date.now();
      const purged = await asSystem(this.ctx.db, (trx) => purgeExpired(trx, this.timing.retentionDays));
      if (purged.keys || purged.deliveries) this.ctx.log.info(purged, 'purged expired idempotency keys and old webhook deliveries');
    }
    const claimed = await asSystem(this.ctx.db, (trx) => claimDueDeliveries(trx, this.timing.batchSize, this.timing.leaseMs));
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    let result: SendResult;
    try {
      const secret = open(this.ctx.masterKey, SECRET_PURPOSE, d.secret_enc, d.endpoint_id).toString('utf8');
      const body = JSON.stringify(typeof d.payload === 'string' ? JSON.parse(d.payload) : d.payload);
      result = await postWebhook(d.url, body, {
        'user-agent': 'Karibu-Webhooks/1',
        // The delivery id is the webhook-id: the same on every retry and redelivery of it.
        ...webhookSignatureHeaders(secret, d.id, body),
        'karibu-event': d.event_type,
        'karibu-event-id': d.event_id,
        'karibu-delivery': d.id,
        'karibu-attempt': String(d.attempts),
      }, { timeoutMs: this.timing.timeoutMs, allowPrivateNetworks: this.ctx.config.env !== 'production' });
    } catch (err) {
      result = { statusCode: null, error: (err as Error).message.slice(0, 300), durationMs: 0 };
    }
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const giveUp = !delivered && d.attempts >= this.timing.maxAttempts;
    const error = delivered ? null : result.error ?? `HTTP ${result.statusCode}`;
    await asSystem(this.ctx.db, (trx) => recordAttempt(trx, d, {
      statusCode: result.statusCode, error, durationMs: result.durationMs, delivered, giveUp,
      retryInMs: delivered || giveUp ? 0 : retryDelayMs(d.attempts, this.timing),
    }));
    this.ctx.log[delivered ? 'debug' : 'warn']({
      delivery: d.id, endpoint: d.endpoint_id, type: d.event_type, attempt: d.attempts, status: result.statusCode,
      error, giveUp,
    }, delivered ? 'webhook delivered' : 'webhook delivery failed');
  }
}

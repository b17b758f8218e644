import type { AppContext } from '../app-context.ts';
import { asSystem } from '../db/database.ts';
import { retryDelayMs } from '../webhooks/webhook-dispatcher.ts';
import { sendSms, type SendOutcome } from './sms-gateway.ts';
import { claimDueMessages, purgeOldMessages, recordSendOutcome, type ClaimedMessage } from './sms-messages.repository.ts';
import { hookUrls, openChannelToken, openCredentials } from './sms-credentials.ts';
import { isSmsLanguage, pinWords } from './sms-catalog.ts';

/**
 * The background sender of queued SMS (replies, PINs, test messages). A check-in's reply is queued
 * in the check-in's own transaction and sent after the provider's webhook was answered: the
 * webhook answers fast, and a gateway that is down loses no reply (and no check-in) — the message
 * waits and is retried with backoff. Instances share the queue through row claims (SKIP LOCKED and
 * a lease), as the webhook dispatcher does.
 *
 * A reply is only worth sending while the guest is at the door: after maxAttempts (about 20 min
 * with the defaults) it is marked failed and shows so in the log.
 *
 * Every housekeepingMs it also deletes messages older than retentionDays (SMS_LOG_RETENTION_DAYS),
 * except queued ones: the log holds attendees' phone numbers and texts, PINs included.
 */
export interface SenderTiming {
  pollMs: number; baseDelayMs: number; maxDelayMs: number; maxAttempts: number; timeoutMs: number; batchSize: number; leaseMs: number;
  housekeepingMs: number; retentionDays: number;
}
export const DEFAULT_SENDER_TIMING: SenderTiming = {
  pollMs: 1_000, baseDelayMs: 5_000, maxDelayMs: 5 * 60_000, maxAttempts: 8, timeoutMs: 10_000, batchSize: 20, leaseMs: 60_000,
  housekeepingMs: 10 * 60_000, retentionDays: 30,
};

export class SmsSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;
  private again = false;
  private lastHousekeeping = Date.now();
  timing: SenderTiming;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'masterKey' | 'config' | 'log'>, timing: Partial<SenderTiming> = {}) {
    this.timing = { ...DEFAULT_SENDER_TIMING, ...timing };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.timing.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  configure(timing: Partial<SenderTiming>): void {
    this.timing = { ...this.timing, ...timing };
    if (!this.stopped) this.schedule(0);
  }

  /** Something was queued: send now rather than at the next poll. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped || this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => { this.ctx.log.error({ err }, 'sms send round failed'); return 0; });
      void this.running.then((sent) => {
        this.running = undefined;
        const now = this.again || sent >= this.timing.batchSize;
        this.again = false;
        if (!this.stopped) this.schedule(now ? 0 : this.timing.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One round: claim due messages, send them, record each outcome. Returns how many were tried. */
  async runOnce(): Promise<number> {
    const claimed = await asSystem(this.ctx.db, (trx) => claimDueMessages(trx, this.timing.batchSize, this.timing.leaseMs));
    await Promise.all(claimed.map((m) => this.send(m)));
    // After the round's sends: a guest at the door waiting for a reply never waits behind the purge.
    if (Date.now() - this.lastHousekeeping >= this.timing.housekeepingMs) {
      this.lastHousekeeping = Date.now();
      const purged = await asSystem(this.ctx.db, (trx) => purgeOldMessages(trx, this.timing.retentionDays));
      if (purged) this.ctx.log.info({ messages: purged, retentionDays: this.timing.retentionDays }, 'purged old sms messages');
    }
    return claimed.length;
  }

  private async send(m: ClaimedMessage): Promise<void> {
    let outcome: SendOutcome;
    const body = m.kind === 'pin' && m.body === '' ? pinMessage(m) : m.body;
    try {
      const creds = openCredentials(this.ctx, m.channel_id, m.credentials_enc);
      const urls = hookUrls(this.ctx.config.publicUrl, m.channel_id, openChannelToken(this.ctx, m.channel_id, m.token_enc));
      outcome = await sendSms(this.ctx.config.smsApiBaseUrl, creds, { from: m.number, to: m.phone, body, statusCallback: urls.deliveryReportUrl }, this.timing.timeoutMs);
    } catch (err) {
      outcome = { kind: 'retry', error: (err as Error).message.slice(0, 300) };
    }
    const giveUp = outcome.kind === 'rejected' || (outcome.kind === 'retry' && m.attempts >= this.timing.maxAttempts);
    await asSystem(this.ctx.db, (trx) => recordSendOutcome(trx, m.id, outcome.kind === 'accepted'
      ? { status: 'sent', providerId: outcome.providerId, error: null, retryInMs: 0, body }
      : { status: giveUp ? 'failed' : 'queued', providerId: null, error: outcome.error, retryInMs: giveUp ? 0 : retryDelayMs(m.attempts, this.timing), body }));
    // Ids only: the recipient's number and the text are personal data.
    this.ctx.log[outcome.kind === 'accepted' ? 'debug' : 'warn']({ message: m.id, channel: m.channel_id, attempt: m.attempts, outcome: outcome.kind, ...(outcome.kind !== 'accepted' ? { error: outcome.error } : {}) }, 'sms send');
  }
}

/** The words of a PIN message queued at issuance (migrations/0024), in the ticket's language or the channel's. */
function pinMessage(m: ClaimedMessage): string {
  const lang = isSmsLanguage(m.ticket_locale) ? m.ticket_locale : isSmsLanguage(m.language) ? m.language : 'en';
  return pinWords(lang, { event: m.event_name ?? '', pin: m.pin ?? '', number: m.number, ussd: m.ussd_code });
}

const senders = new WeakMap<object, SmsSender>();

/** The app's SMS sender, once the sms feature registered it (undefined before). */
export function smsSender(ctx: object): SmsSender | undefined {
  return senders.get(ctx);
}
export function registerSmsSender(ctx: AppContext): SmsSender {
  const s = new SmsSender(ctx, { retentionDays: ctx.config.smsLogRetentionDays });
  senders.set(ctx, s);
  return s;
}

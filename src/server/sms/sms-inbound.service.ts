import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { asSystem, withTenant } from '../db/database.ts';
import type { Reservation } from '../judging/lockout.ts';
import { smsText } from './sms-catalog.ts';
import { channelForHook, type ChannelRow } from './sms-channels.repository.ts';
import { judgeTextedPin, outcomeCode, replyFor, replyLanguage, type PinOutcome } from './sms-check-in.service.ts';
import { openChannelToken } from './sms-credentials.ts';
import { smsLockoutOf } from './sms-lockout.ts';
import { applyDeliveryReport, insertInbound, queueOutbound, recentInboundCount, settleInbound } from './sms-messages.repository.ts';
import { parseSms } from './sms-parse.ts';
import { channelRegion, normalizeSender } from './sms-phone.ts';
import { smsSender } from './sms-sender.ts';

/**
 * Incoming SMS and delivery reports, after the route authenticated the provider. One transaction
 * per message: the inbound row (unique per provider message id, so a retried webhook does
 * nothing twice), the per-sender limit, the check-in and its scan row, and the queued reply
 * commit together — a check-in is never recorded without its reply queued, and the reply is sent
 * after the webhook was answered (sms-sender.ts).
 */

/** Attempts a sender may make on one channel per window; the next one hears why, then silence. */
export const SENDER_LIMIT = { attempts: 3, windowMs: 10 * 60_000 };

/** The channel of a callback URL when its token matches (constant time); undefined otherwise. */
export async function channelOfHook(ctx: AppContext, channelId: string, token: string): Promise<ChannelRow | undefined> {
  const row = await asSystem(ctx.db, (trx) => channelForHook(trx, channelId));
  // Compare digests, so neither the length nor a prefix of the token leaks through timing.
  const given = createHash('sha256').update(token).digest();
  const held = createHash('sha256').update(row ? openChannelToken(ctx, row.id, row.token_enc) : 'no channel').digest();
  return row && timingSafeEqual(given, held) ? row : undefined;
}

export interface InboundSms {
  providerId: string | null; from: string; text: string;
  /** 'ussd': the answer goes on the USSD screen; only a check-in's door code also goes by SMS (the screen closes). */
  kind: 'sms' | 'ussd';
}

export interface Received { duplicate: boolean; reply: string | null }

export async function receiveSms(ctx: AppContext, channel: ChannelRow, msg: InboundSms): Promise<Received> {
  const phone = normalizeSender(msg.from, channelRegion(channel.number));
  const parsed = parseSms(msg.text);
  const lockout = smsLockoutOf(ctx);
  let reservation: Reservation | null = null;
  if (phone && parsed.kind === 'checkin') {
    try {
      reservation = await lockout.reserve(channel.id);
    } catch (err) {
      // Redis unreachable: check-in goes on; the per-sender limit still holds.
      ctx.log.error({ err }, 'sms lockout check failed');
    }
  }
  const reserved = reservation?.state === 'ok' ? reservation.count : null;
  let guess = false;
  let duplicate = false;
  let replied: string | null = null;
  try {
    await withTenant(ctx.db, channel.tenant_id, async (trx) => {
      const inboundId = randomUUID();
      const inserted = await insertInbound(trx, {
        id: inboundId, tenantId: channel.tenant_id, channelId: channel.id, kind: msg.kind, providerId: msg.providerId,
        phone: phone ?? (msg.from.trim().slice(0, 32) || 'unknown'), body: msg.text.slice(0, 1600),
      });
      if (!inserted) { duplicate = true; return; }
      // An alphanumeric sender id (a bank, the network) is no attendee: logged, never answered.
      if (!phone) return settleInbound(trx, inboundId, { outcome: 'not_a_phone' });
      const reply = async (body: string, extra: { eventId?: string | null; ticketId?: string | null; doorCode?: string | null } = {}) => {
        replied = body;
        if (msg.kind === 'ussd' && !extra.doorCode) return;
        await queueOutbound(trx, {
          id: randomUUID(), tenantId: channel.tenant_id, channelId: channel.id, kind: 'sms', phone, body, replyTo: inboundId,
          eventId: extra.eventId ?? null, ticketId: extra.ticketId ?? null,
        });
      };
      const lang = replyLanguage(null, parsed.language, channel);

      const recent = await recentInboundCount(trx, channel.id, phone, new Date(Date.now() - SENDER_LIMIT.windowMs));
      if (recent > SENDER_LIMIT.attempts) {
        if (recent === SENDER_LIMIT.attempts + 1 || msg.kind === 'ussd') await reply(smsText(lang, 'rateLimited', { minutes: SENDER_LIMIT.windowMs / 60_000 }));
        return settleInbound(trx, inboundId, { outcome: 'rate_limited' });
      }
      if (parsed.kind !== 'checkin') {
        await reply(smsText(lang, 'unreadable'));
        return settleInbound(trx, inboundId, { outcome: parsed.kind });
      }
      if (reservation && reservation.state !== 'ok') {
        await reply(smsText(lang, 'paused'));
        return settleInbound(trx, inboundId, { outcome: 'locked_out' });
      }
      const outcome: PinOutcome = await judgeTextedPin(ctx, trx, channel, phone, parsed.pin, parsed.eventCode, Date.now());
      guess = outcome.kind === 'unknown';
      const judged = outcome.kind === 'judged' ? outcome : null;
      await reply(replyFor(outcome, replyLanguage(outcome, parsed.language, channel), parsed.pin), { eventId: judged?.eventId ?? null, ticketId: judged?.ticketId ?? null, doorCode: judged?.doorCode ?? null });
      await settleInbound(trx, inboundId, {
        outcome: outcomeCode(outcome), eventId: judged?.eventId ?? null, ticketId: judged?.ticketId ?? null,
        scanId: judged?.scanId ?? null, doorCode: judged?.doorCode ?? null,
      });
    });
  } catch (err) {
    if (reserved !== null) void lockout.release(channel.id).catch((e: unknown) => ctx.log.error({ err: e }, 'sms lockout release failed'));
    throw err;
  }
  if (reserved !== null) await settleGuess(ctx, channel, reserved, guess && !duplicate);
  if (!duplicate) smsSender(ctx)?.poke();
  return { duplicate, reply: replied };
}

/** Keeps the lockout unit of a guess (blocking the channel when it was the last), gives back an honest one. */
async function settleGuess(ctx: AppContext, channel: ChannelRow, reserved: number, guess: boolean): Promise<void> {
  const lockout = smsLockoutOf(ctx);
  try {
    if (!guess) return await lockout.release(channel.id);
    const { count, blocked } = await lockout.settleUnknown(channel.tenant_id, channel.id, reserved);
    if (blocked) {
      ctx.log.warn({ channel: channel.id, count }, 'sms channel locked out after repeated unknown PINs');
      await withTenant(ctx.db, channel.tenant_id, (trx) => audit(trx, {
        tenantId: channel.tenant_id, actorKind: 'system', actorId: null, action: 'sms.channel_locked_out', subjectId: channel.id, detail: { unknownPins: count },
      }));
    }
  } catch (err) {
    ctx.log.error({ err }, 'sms lockout bookkeeping failed');
  }
}

/**
 * A delivery report. Africa's Talking posts id and status (Success, Sent, Submitted, Buffered,
 * Rejected, Failed, AbsentSubscriber, Expired) with failureReason; Twilio posts MessageSid and MessageStatus
 * (queued, sending, sent, delivered, undelivered, failed, read) with ErrorCode.
 */
export async function receiveDeliveryReport(ctx: AppContext, channel: ChannelRow, form: Record<string, string>): Promise<boolean> {
  const at = channel.provider === 'africastalking';
  const providerId = at ? form.id : form.MessageSid;
  const raw = (at ? form.status : form.MessageStatus) ?? '';
  if (!providerId) return false;
  const status = at
    ? (raw === 'Success' ? 'delivered' : ['Failed', 'Rejected', 'Expired', 'AbsentSubscriber'].includes(raw) ? 'failed' : 'sent')
    : (['delivered', 'read'].includes(raw) ? 'delivered' : ['failed', 'undelivered'].includes(raw) ? 'failed' : 'sent');
  const reason = at ? form.failureReason : form.ErrorCode ? `Twilio error ${form.ErrorCode}` : undefined;
  const error = status === 'failed' ? `${raw}${reason ? `: ${reason}` : ''}`.slice(0, 300) : null;
  return withTenant(ctx.db, channel.tenant_id, (trx) => applyDeliveryReport(trx, channel.id, providerId, status, error));
}

import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { isSmsLanguage, smsText } from './sms-catalog.ts';
import { channelsOfEvent } from './sms-event.repository.ts';
import { queueOutbound } from './sms-messages.repository.ts';
import { smsSender } from './sms-sender.ts';

/**
 * A ticket sent again by SMS, at its holder's request from their ticket page: the link, the code
 * and the PIN, through the event's first number, to the phone on the ticket only. The SMS sender
 * sends it (and retries it) like every other message; it shows in the channel's log.
 */

export interface TicketForSms {
  tenantId: string; eventId: string; ticketId: string; phone: string;
  language: string; eventName: string; link: string; code: string; pin: string;
}

/** Whether the event has a number to text from. */
export async function eventSendsSms(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string): Promise<boolean> {
  return (await withTenant(ctx.db, tenantId, (trx) => channelsOfEvent(trx, eventId))).length > 0;
}

/** Queues the SMS; false when no number serves the event. */
export async function textTicket(ctx: AppContext, t: TicketForSms): Promise<boolean> {
  const queued = await withTenant(ctx.db, t.tenantId, async (trx) => {
    const channel = (await channelsOfEvent(trx, t.eventId))[0];
    if (!channel) return false;
    const lang = isSmsLanguage(t.language) ? t.language : isSmsLanguage(channel.language) ? channel.language : 'en';
    await queueOutbound(trx, {
      id: randomUUID(), tenantId: t.tenantId, channelId: channel.id, kind: 'pin', phone: t.phone, replyTo: null,
      body: smsText(lang, 'resend', { event: t.eventName, link: t.link, code: t.code, pin: t.pin }), eventId: t.eventId, ticketId: t.ticketId,
    });
    return true;
  });
  if (queued) smsSender(ctx)?.poke();
  return queued;
}

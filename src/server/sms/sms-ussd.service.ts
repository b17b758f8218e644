import { randomUUID } from 'node:crypto';
import { SMS_LANGUAGES, type SmsLanguage } from '../../contracts/sms.contract.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { segmentCount, isGsm7 } from './gsm7.ts';
import { isSmsLanguage, LANGUAGE_NAMES, smsText } from './sms-catalog.ts';
import type { ChannelRow } from './sms-channels.repository.ts';
import { ticketsOfPhone } from './sms-check-in.repository.ts';
import { eligibleEvents } from './sms-check-in.service.ts';
import { receiveSms, SENDER_LIMIT } from './sms-inbound.service.ts';
import { queueOutbound, recentInboundCount, insertInbound, settleInbound } from './sms-messages.repository.ts';
import { channelRegion, normalizeSender } from './sms-phone.ts';
import { smsSender } from './sms-sender.ts';

/** A USSD screen is 160 octets: 182 GSM-7 characters, or 80 in UCS-2. */
export const USSD_SCREEN = { gsm7: 182, ucs2: 80 } as const;

/** The screen cut to what its encoding holds (GSM-7 septets, or UTF-16 units), never inside a character. */
export function ussdScreen(full: string): string {
  const gsm7 = isGsm7(full);
  const max = gsm7 ? USSD_SCREEN.gsm7 : USSD_SCREEN.ucs2;
  let used = 0;
  let cut = 0;
  for (const ch of full) {
    used += gsm7 ? segmentCount(ch).characters : ch.length;
    if (used > max) break;
    cut += ch.length;
  }
  return full.slice(0, cut);
}

const end = (text: string) => ussdScreen(`END ${text}`);
const con = (text: string) => ussdScreen(`CON ${text}`);

/**
 * The USSD menu (Africa's Talking), stateless: every step arrives with `text`, all the answers of
 * the session so far joined by `*` ('' at first, then '1', then '1*482916'). The answer is
 * text/plain, `CON …` to show a menu and wait, `END …` to close; only digits are asked of the user.
 * A screen holds 182 GSM-7 characters but only 80 once any character needs UCS-2 (Amharic, Arabic,
 * the language menu with their names): screens are cut to what their encoding holds, and the
 * catalogs keep every ussd* screen within it (sms-catalog.test.ts).
 *
 *   ''                 → menu: 1 Check in · 2 My tickets · 3 Language
 *   1 → PIN → [event]  → check-in through the same path as an SMS (receiveSms: limits, lockout,
 *                         decide(), the scan log); the result on screen, the door code also by SMS
 *   2                  → the phone's tickets (event, PIN, code) by SMS to this number
 *   3 → n → (menu …)   → the rest of the session in language n (1-6, SMS_LANGUAGES' order: en fr sw
 *                         am ar pt): "3*2*1*482916" checks in in French, "3*3" shows the Swahili menu
 *
 * Anything else — a malformed step, a stale session — ends politely.
 */
export async function answerUssd(ctx: AppContext, channel: ChannelRow, form: Record<string, string>): Promise<string> {
  const channelLang: SmsLanguage = isSmsLanguage(channel.language) ? channel.language : 'en';
  const phone = normalizeSender(form.phoneNumber ?? '', channelRegion(channel.number));
  const steps = (form.text ?? '') === '' ? [] : (form.text ?? '').split('*');
  if (!phone || !form.sessionId) return end(smsText(channelLang, 'ussdBad'));
  if (steps.some((s) => !/^[0-9]{1,8}$/.test(s))) return end(smsText(channelLang, 'ussdBad'));

  let lang = channelLang;
  // "3*n" chooses the language for the rest of the session.
  while (steps[0] === '3') {
    if (steps.length === 1) return con(`${smsText(lang, 'ussdLanguage')}\n${SMS_LANGUAGES.map((l, i) => `${i + 1} ${LANGUAGE_NAMES[l]}`).join('\n')}`);
    const chosen = SMS_LANGUAGES[Number(steps[1]) - 1];
    if (!chosen) return end(smsText(lang, 'ussdBad'));
    lang = chosen;
    steps.splice(0, 2);
  }
  const [choice, pin, pick, ...rest] = steps;
  if (choice === undefined) return con(smsText(lang, 'ussdMenu'));
  if (rest.length > 0) return end(smsText(lang, 'ussdBad'));

  if (choice === '1') {
    if (pin === undefined) return con(smsText(lang, 'ussdAskPin'));
    if (!/^[0-9]{6}$/.test(pin)) return end(smsText(lang, 'unreadable'));
    let eventCode: string | null = null;
    const events = await withTenant(ctx.db, channel.tenant_id, (trx) => eligibleEvents(trx, channel, phone, pin));
    if (events.length > 1) {
      if (pick === undefined) return con(`${smsText(lang, 'ussdAskEvent')}\n${events.map((e, i) => `${i + 1} ${e.eventName}`).join('\n')}`);
      const event = events[Number(pick) - 1];
      if (!event) return end(smsText(lang, 'ussdBad'));
      eventCode = event.code;
    } else if (pick !== undefined) {
      return end(smsText(lang, 'ussdBad'));
    }
    // One attempt per session step: a provider retrying the same step is the same message.
    const { reply } = await receiveSms(ctx, { ...channel, language: lang }, {
      providerId: `ussd:${form.sessionId}:${form.text}`, from: phone, kind: 'ussd',
      text: `${pin}${eventCode ? ` ${eventCode}` : ''}`,
    });
    return end(reply ?? smsText(lang, 'ussdBad'));
  }

  if (choice === '2' && pin === undefined) return end(await sendMyTickets(ctx, channel, phone, lang, `ussd:${form.sessionId}:${form.text}`));
  return end(smsText(lang, 'ussdBad'));
}

/** "My tickets": each valid ticket of this phone (event, PIN, code) by SMS, under the per-sender limit. */
async function sendMyTickets(ctx: AppContext, channel: ChannelRow, phone: string, lang: SmsLanguage, providerId: string): Promise<string> {
  const text = await withTenant(ctx.db, channel.tenant_id, async (trx) => {
    const inboundId = randomUUID();
    if (!(await insertInbound(trx, { id: inboundId, tenantId: channel.tenant_id, channelId: channel.id, kind: 'ussd', providerId, phone, body: '2' }))) {
      return smsText(lang, 'ussdTicketsSent');
    }
    if (await recentInboundCount(trx, channel.id, phone, new Date(Date.now() - SENDER_LIMIT.windowMs)) > SENDER_LIMIT.attempts) {
      await settleInbound(trx, inboundId, { outcome: 'rate_limited' });
      return smsText(lang, 'rateLimited', { minutes: SENDER_LIMIT.windowMs / 60_000 });
    }
    const tickets = await ticketsOfPhone(trx, channel.id, phone);
    if (tickets.length === 0) {
      await settleInbound(trx, inboundId, { outcome: 'no_tickets' });
      return smsText(lang, 'ussdNoTickets');
    }
    for (const t of tickets) {
      await queueOutbound(trx, {
        id: randomUUID(), tenantId: channel.tenant_id, channelId: channel.id, kind: 'sms', phone, replyTo: inboundId,
        body: smsText(lang, 'ticketLine', { event: t.event_name, pin: t.pin, code: t.code }), eventId: t.event_id, ticketId: t.ticket_id,
      });
    }
    await settleInbound(trx, inboundId, { outcome: 'tickets_sent' });
    return smsText(lang, 'ussdTicketsSent');
  });
  smsSender(ctx)?.poke();
  return text;
}

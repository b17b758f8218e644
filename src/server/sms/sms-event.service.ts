import type { DoorCodeAnswer, SmsEventSettings, SmsEventSettingsView, SmsLanguage } from '../../contracts/sms.contract.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { segmentCount } from './gsm7.ts';
import { isSmsLanguage, pinWords } from './sms-catalog.ts';
import { eventSettings, saveEventSettings, venueGatesOf } from './sms-channels.repository.ts';
import { chosenSmsGate } from './sms-check-in.repository.ts';
import { channelsOfEvent, eventNameOf } from './sms-event.repository.ts';
import { checkInsByDoorCode } from './sms-messages.repository.ts';
import { maskPhone } from './sms-phone.ts';

/** An event's SMS side: its settings (SMS gate, any sender, PIN by SMS) and the door-code lookup. */

const SAMPLE_PIN = '482916';

export async function getSmsSettings(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string): Promise<SmsEventSettingsView> {
  return withTenant(ctx.db, tenantId, async (trx) => {
    const row = (await eventSettings(trx, [eventId])).get(eventId);
    const gate = await chosenSmsGate(trx, eventId, row?.gate_id ?? null);
    const channels = await channelsOfEvent(trx, eventId);
    const first = channels[0];
    const lang: SmsLanguage = isSmsLanguage(first?.language) ? first.language : 'en';
    const preview = pinWords(lang, {
      event: first?.event_name ?? (await eventNameOf(trx, eventId)) ?? '', pin: SAMPLE_PIN, number: first?.number ?? '20414', ussd: first?.ussd_code ?? null,
    });
    return {
      gateId: row?.gate_id ?? null, allowAnySender: row?.allow_any_sender ?? false, pinSms: row?.pin_sms ?? false,
      gate: gate ?? null, pinMessagePreview: preview, segments: segmentCount(preview),
    };
  });
}

export async function putSmsSettings(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, input: SmsEventSettings): Promise<SmsEventSettingsView> {
  await withTenant(ctx.db, tenantId, async (trx) => {
    if (input.gateId !== null && !(await venueGatesOf(trx, eventId)).some((g) => g.id === input.gateId)) {
      throw new DomainError('unprocessable', 'gateId is not a gate of this event\'s venue.');
    }
    await saveEventSettings(trx, tenantId, { event_id: eventId, gate_id: input.gateId, allow_any_sender: input.allowAnySender, pin_sms: input.pinSms });
  });
  return getSmsSettings(ctx, tenantId, eventId);
}

/** SMS check-ins of the event with this door code, for staff confirming a guest's SMS. */
export async function lookUpDoorCode(ctx: Pick<AppContext, 'db'>, tenantId: string, eventId: string, doorCode: string): Promise<DoorCodeAnswer> {
  const rows = await withTenant(ctx.db, tenantId, (trx) => checkInsByDoorCode(trx, eventId, doorCode.toUpperCase()));
  return {
    checkIns: rows.map((r) => ({
      scanId: r.scan_id, at: new Date(r.at).toISOString(), verdict: r.verdict, reason: r.reason, gate: r.gate,
      ticket: { serial: r.serial, holderName: r.holder_name, type: r.type_name }, phone: maskPhone(r.phone),
    })),
  };
}

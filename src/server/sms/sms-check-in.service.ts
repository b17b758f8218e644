import { randomUUID } from 'node:crypto';
import type { SmsLanguage } from '../../contracts/sms.contract.ts';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';
import { loadScanContext } from '../events/event-policy.service.ts';
import { judgeLocked, type CheckInRequest } from '../judging/check-in.service.ts';
import { batchScanRow, recordScanBatch } from '../scanning/scan.repository.ts';
import type { ReasonCode } from '../../core/index.ts';
import { doorCodeOf } from './door-code.ts';
import { isSmsLanguage, smsText, type SmsTextKey } from './sms-catalog.ts';
import type { ChannelRow } from './sms-channels.repository.ts';
import { lockTicketForSms, pinCandidates, ticketLanguage } from './sms-check-in.repository.ts';
import { zoneCovers } from '../../core/index.ts';
import type { ScanContext } from '../events/event-policy.service.ts';

/**
 * Judging a PIN an attendee sent from their phone (SMS or USSD), on the same path as a PIN typed at
 * a door: the ticket is locked, core decide() runs through check-in.service judgeLocked() on the
 * event's scan context, and the scan is written by the door scans' own karibu_scan_record_batch —
 * so the scan log, the dashboard, the change log manifests read and the check-in webhooks see an
 * SMS check-in like any other. The scan has input kind 'sms', no device and no staff member, and
 * is recorded at the event's SMS gate (sms_event_settings.gate_id, else the venue's first gate in a
 * root zone): the gate the reply sends the guest to.
 *
 * Which ticket: the PIN among the channel's events (the event code, when given, narrows them);
 * unless the event allows any sender, only a ticket whose phone is the sender's counts. A ticket
 * of another phone is answered exactly like an unknown PIN, so a guesser learns nothing; several
 * matching tickets (one PIN in two events) ask for the event code.
 */

export type PinOutcome =
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; codes: { code: string; eventName: string; eventId: string }[] }
  | { kind: 'no_gate'; eventId: string; eventName: string }
  | {
    kind: 'judged'; eventId: string; eventName: string; ticketId: string; scanId: string; reason: ReasonCode; verdict: string;
    holderName: string; gate: string; doorCode: string | null; language: string | null; doorsOpenAt: number | null; timezone: string;
  };

export async function judgeTextedPin(
  ctx: Pick<AppContext, 'masterKey'>, trx: Trx, channel: ChannelRow, phone: string, pin: string, eventCode: string | null, at: number,
): Promise<PinOutcome> {
  const all = await pinCandidates(trx, channel.id, pin);
  const named = eventCode ? all.filter((c) => c.code === eventCode) : all;
  const eligible = named.filter((c) => c.allow_any_sender || c.holder_phone === phone);
  if (eligible.length === 0) return { kind: 'unknown' };
  if (eligible.length > 1) {
    const codes = eligible.map((c) => ({ code: c.code, eventName: c.event_name, eventId: c.event_id })).sort((x, y) => x.code.localeCompare(y.code));
    return { kind: 'ambiguous', codes };
  }
  const hit = eligible[0]!;
  const scanCtx = await loadScanContext(trx, hit.event_id);
  const locked = await lockTicketForSms(trx, hit.ticket_id);
  if (!scanCtx || !locked) return { kind: 'unknown' };
  const gate = smsGateFor(scanCtx, hit.gate_id, locked.zone_codes ?? []);
  if (!gate) return { kind: 'no_gate', eventId: hit.event_id, eventName: hit.event_name };
  const row = { ...locked, gate_zone: gate.zone };

  const scanId = randomUUID();
  const req: CheckInRequest = {
    scanId, eventId: hit.event_id, gateId: gate.id, direction: 'in', input: { kind: 'sms', pin },
    deviceId: null, staffId: null, at, deviceTime: null,
  };
  const judged = await judgeLocked({ rotationSecret: () => Promise.reject(new Error('an SMS carries no QR')) }, scanCtx, req, row);
  if ('replayed' in judged) throw new Error('a fresh SMS scan id was already recorded');
  const { record } = judged;
  const next = record.nextState;
  await recordScanBatch(trx, hit.event_id, [batchScanRow(record)],
    next && record.ticketId ? [{ id: record.ticketId, state: next.state, presence: next.presence, entryCount: next.entryCount, at: record.effectiveTime }] : []);
  const green = record.verdict === 'admitted';
  return {
    kind: 'judged', eventId: hit.event_id, eventName: hit.event_name, ticketId: hit.ticket_id, scanId, reason: record.reason as ReasonCode,
    verdict: record.verdict, holderName: row.holder_name ?? '', gate: gate.name, doorCode: green ? doorCodeOf(ctx.masterKey, scanId) : null,
    language: await ticketLanguage(trx, hit.ticket_id), doorsOpenAt: scanCtx.policy.event.doorsOpenAt, timezone: scanCtx.timezone,
  };
}

/**
 * The gate an SMS check-in is recorded at and the guest is sent to: the event's SMS gate when the
 * organizer chose one; otherwise the first gate (by name) this ticket's zones pass, so a VIP is
 * sent to the VIP door and everyone else to a general one; failing both, the first gate.
 */
export function smsGateFor(scanCtx: Pick<ScanContext, 'gates' | 'policy'>, chosen: string | null, zones: readonly string[]): { id: string; name: string; zone: string } | undefined {
  if (chosen !== null && scanCtx.gates.has(chosen)) return scanCtx.gates.get(chosen);
  const gates = [...scanCtx.gates.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const parents = scanCtx.policy.event.zoneParents ?? {};
  return gates.find((g) => zoneCovers(zones, g.zone, parents)) ?? gates[0];
}

const REASON_TEXT: Partial<Record<ReasonCode, SmsTextKey>> = {
  admitted: 'admitted', duplicate_scan: 'duplicate', already_inside: 'alreadyInside', event_not_started: 'notStarted',
  event_ended: 'ended', event_cancelled: 'eventCancelled', cancelled: 'ticketInvalid', refunded: 'ticketInvalid',
  transferred: 'ticketInvalid', void: 'ticketInvalid', max_entries: 'usedUp', cooldown: 'cooldown',
  not_yet_valid: 'notValidNow', expired: 'notValidNow', wrong_zone: 'wrongZone',
};

/** The language of a reply: the ticket's (tickets.language, else its email's), else the keyword's, else the channel's. */
export function replyLanguage(outcome: PinOutcome | null, keywordLanguage: SmsLanguage | null, channel: ChannelRow): SmsLanguage {
  const ticketLang = outcome?.kind === 'judged' ? outcome.language : null;
  if (isSmsLanguage(ticketLang)) return ticketLang;
  if (keywordLanguage) return keywordLanguage;
  return isSmsLanguage(channel.language) ? channel.language : 'en';
}

/** The words an outcome is answered with. */
export function replyFor(outcome: PinOutcome, lang: SmsLanguage, pin: string): string {
  switch (outcome.kind) {
    case 'unknown': return smsText(lang, 'notFound');
    case 'ambiguous': return smsText(lang, 'ambiguous', { pin, codes: outcome.codes.map((c) => `${c.code} (${c.eventName})`).join(', ') });
    case 'no_gate': return smsText(lang, 'refused', { event: outcome.eventName, gate: '-' });
    case 'judged': {
      const key = REASON_TEXT[outcome.reason] ?? 'refused';
      const time = new Intl.DateTimeFormat(lang, { timeZone: outcome.timezone, timeStyle: 'short' }).format(new Date(outcome.doorsOpenAt ?? Date.now()));
      return smsText(lang, key, {
        name: firstName(outcome.holderName), event: outcome.eventName, gate: outcome.gate, code: outcome.doorCode ?? '', time,
      });
    }
  }
}

/** The outcome as the message log records it. */
export function outcomeCode(outcome: PinOutcome): string {
  return outcome.kind === 'judged' ? outcome.reason : outcome.kind;
}

/** An SMS is short and read by the guest: their first name is enough. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** The events a PIN may name for this sender (read only: USSD asks which one before checking in). */
export async function eligibleEvents(trx: Trx, channel: ChannelRow, phone: string, pin: string): Promise<{ code: string; eventName: string }[]> {
  return (await pinCandidates(trx, channel.id, pin))
    .filter((c) => c.allow_any_sender || c.holder_phone === phone)
    .map((c) => ({ code: c.code, eventName: c.event_name }));
}

import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { TargetRow } from '../judging/judging.types.ts';
import { languageOf, type Language } from '../../core/index.ts';

/** SQL of an SMS check-in: which tickets a texted PIN may name, and the locked ticket to judge. */

export interface PinCandidate {
  ticket_id: string; event_id: string; holder_phone: string | null; code: string; allow_any_sender: boolean;
  gate_id: string | null; event_name: string;
}

/** Tickets of the channel's events with this PIN (one per event at most: PINs are unique in an event). */
export async function pinCandidates(trx: Trx, channelId: string, pin: string): Promise<PinCandidate[]> {
  return (await sql<PinCandidate>`
    select t.id as ticket_id, t.event_id, t.holder_phone, ce.code, coalesce(s.allow_any_sender, false) as allow_any_sender,
           s.gate_id, e.name as event_name
      from sms_channel_events ce
      join events e on e.id = ce.event_id
      join tickets t on t.event_id = ce.event_id and t.pin = ${pin}
      left join sms_event_settings s on s.event_id = ce.event_id
     where ce.channel_id = ${channelId}
     order by e.starts_at, e.id`.execute(trx)).rows;
}

/** The channel's events with their codes and SMS settings. */
export async function channelEventsForCheckIn(trx: Trx, channelId: string): Promise<{ event_id: string; code: string; gate_id: string | null; event_name: string }[]> {
  return (await sql<{ event_id: string; code: string; gate_id: string | null; event_name: string }>`
    select ce.event_id, ce.code, s.gate_id, e.name as event_name from sms_channel_events ce join events e on e.id = ce.event_id
      left join sms_event_settings s on s.event_id = ce.event_id where ce.channel_id = ${channelId} order by e.starts_at, e.id`.execute(trx)).rows;
}

/**
 * The ticket LOCKED for judging, in the shape the door scans' batch opener returns
 * (karibu_scan_open_batch), so the same judgeLocked() reads it. `gate_zone` is left for the caller:
 * the SMS gate is chosen once the ticket's zones are known.
 */
export async function lockTicketForSms(trx: Trx, ticketId: string): Promise<TargetRow | undefined> {
  await sql`select 1 from tickets where id = ${ticketId} for update`.execute(trx);
  return (await sql<TargetRow>`
    select null::text as gate_zone, null::uuid as key_event, null::text as key_status,
           tk.id as ticket_id, tk.serial, tk.status, tk.presence, tk.entry_count, tk.state, tk.token_hash, tk.holder_name,
           tt.type_no, tt.name as type_name, tt.zone_codes, tt.allow_static, null::uuid as prior_event, null::jsonb as prior_response
      from tickets tk join ticket_types tt on tt.id = tk.ticket_type_id
     where tk.id = ${ticketId}`.execute(trx)).rows[0];
}

/**
 * The ticket holder's language: the one kept with the ticket (tickets.language, migration 0027:
 * picked on the registration or ticket page, or sent at issuance), else the one their latest
 * ticket email went out in; null when neither names a language Karibu speaks.
 */
export async function ticketLanguage(trx: Trx, ticketId: string): Promise<Language | null> {
  const row = (await sql<{ language: string | null; locale: string | null }>`
    select t.language,
           (select d.locale from email_deliveries d where d.ticket_id = t.id order by d.attempted_at desc limit 1) as locale
      from tickets t where t.id = ${ticketId}`.execute(trx)).rows[0];
  return languageOf(row?.language) ?? languageOf(row?.locale);
}

/** The event's chosen SMS gate, if it still is a gate of the event's venue. */
export async function chosenSmsGate(trx: Trx, eventId: string, chosen: string | null): Promise<{ id: string; name: string } | undefined> {
  if (chosen === null) return undefined;
  return (await sql<{ id: string; name: string }>`select g.id, g.name from events e join gates g on g.venue_id = e.venue_id
     where e.id = ${eventId} and g.id = ${chosen}`.execute(trx)).rows[0];
}

/** Valid tickets of the channel's events held by this phone (USSD "My tickets"). */
export async function ticketsOfPhone(trx: Trx, channelId: string, phone: string): Promise<{ ticket_id: string; event_id: string; event_name: string; pin: string; code: string }[]> {
  return (await sql<{ ticket_id: string; event_id: string; event_name: string; pin: string; code: string }>`
    select t.id as ticket_id, t.event_id, e.name as event_name, t.pin, t.code from sms_channel_events ce
      join events e on e.id = ce.event_id join tickets t on t.event_id = ce.event_id
     where ce.channel_id = ${channelId} and t.holder_phone = ${phone} and t.status = 'valid'
     order by e.starts_at, t.serial limit 5`.execute(trx)).rows;
}

import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of SMS channels, the events they serve and each event's SMS settings (migrations/0023). */

export interface ChannelRow {
  id: string; tenant_id: string; provider: 'africastalking' | 'twilio'; number: string; language: string; ussd_code: string | null;
  credentials_enc: Uint8Array; token_enc: Uint8Array; created_at: Date; updated_at: Date;
}
export interface ChannelEventRow { channel_id: string; event_id: string; code: string; name: string }

export async function insertChannel(trx: Trx, r: Omit<ChannelRow, 'created_at' | 'updated_at'>): Promise<void> {
  await sql`insert into sms_channels (id, tenant_id, provider, number, language, ussd_code, credentials_enc, token_enc)
    values (${r.id}, ${r.tenant_id}, ${r.provider}, ${r.number}, ${r.language}, ${r.ussd_code}, ${r.credentials_enc}, ${r.token_enc})`.execute(trx);
}

export async function listChannels(trx: Trx): Promise<ChannelRow[]> {
  return (await sql<ChannelRow>`select * from sms_channels order by created_at, id`.execute(trx)).rows;
}

export async function findChannel(trx: Trx, id: string): Promise<ChannelRow | undefined> {
  return (await sql<ChannelRow>`select * from sms_channels where id = ${id}`.execute(trx)).rows[0];
}

export async function updateChannel(trx: Trx, id: string, set: { number?: string; language?: string; ussd_code?: string | null; credentials_enc?: Uint8Array }): Promise<void> {
  // ussd_code: undefined keeps it, null clears it.
  await sql`update sms_channels set number = coalesce(${set.number ?? null}, number), language = coalesce(${set.language ?? null}, language),
    ussd_code = case when ${set.ussd_code !== undefined} then ${set.ussd_code ?? null} else ussd_code end,
    credentials_enc = coalesce(${set.credentials_enc ?? null}::bytea, credentials_enc), updated_at = now() where id = ${id}`.execute(trx);
}

export async function deleteChannel(trx: Trx, id: string): Promise<boolean> {
  const r = await sql`delete from sms_channels where id = ${id}`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function channelEvents(trx: Trx, channelIds: string[]): Promise<ChannelEventRow[]> {
  if (channelIds.length === 0) return [];
  return (await sql<ChannelEventRow>`select ce.channel_id, ce.event_id, ce.code, e.name from sms_channel_events ce
    join events e on e.id = ce.event_id where ce.channel_id = any(${channelIds}::uuid[]) order by e.starts_at, e.id`.execute(trx)).rows;
}

/** Replaces the channel's events (and their codes). */
export async function setChannelEvents(trx: Trx, tenantId: string, channelId: string, events: { eventId: string; code: string }[]): Promise<void> {
  await sql`delete from sms_channel_events where channel_id = ${channelId}`.execute(trx);
  for (const e of events) {
    await sql`insert into sms_channel_events (channel_id, tenant_id, event_id, code) values (${channelId}, ${tenantId}, ${e.eventId}, ${e.code})`.execute(trx);
  }
}

/** Events of this organizer among the ids (RLS), with what their codes are made from. */
export async function eventsNamed(trx: Trx, ids: string[]): Promise<{ id: string; name: string }[]> {
  return (await sql<{ id: string; name: string }>`select id, name from events where id = any(${ids}::uuid[]) order by starts_at, id`.execute(trx)).rows;
}

// ----- per-event settings -----

export interface EventSettingsRow { event_id: string; gate_id: string | null; allow_any_sender: boolean; pin_sms: boolean }

export async function eventSettings(trx: Trx, eventIds: string[]): Promise<Map<string, EventSettingsRow>> {
  if (eventIds.length === 0) return new Map();
  const rows = (await sql<EventSettingsRow>`select event_id, gate_id, allow_any_sender, pin_sms from sms_event_settings
    where event_id = any(${eventIds}::uuid[])`.execute(trx)).rows;
  return new Map(rows.map((r) => [r.event_id, r]));
}

export async function saveEventSettings(trx: Trx, tenantId: string, r: EventSettingsRow): Promise<void> {
  await sql`insert into sms_event_settings (event_id, tenant_id, gate_id, allow_any_sender, pin_sms)
    values (${r.event_id}, ${tenantId}, ${r.gate_id}, ${r.allow_any_sender}, ${r.pin_sms})
    on conflict (event_id) do update set gate_id = excluded.gate_id, allow_any_sender = excluded.allow_any_sender,
      pin_sms = excluded.pin_sms, updated_at = now()`.execute(trx);
}

/** The event's venue gates, first the chosen one's candidates: gates in a root zone, by name. */
export async function venueGatesOf(trx: Trx, eventId: string): Promise<{ id: string; name: string; zone: string; root: boolean }[]> {
  return (await sql<{ id: string; name: string; zone: string; root: boolean }>`
    select g.id, g.name, z.code as zone, z.parent_id is null as root from events e
      join gates g on g.venue_id = e.venue_id join zones z on z.id = g.zone_id
     where e.id = ${eventId} order by (z.parent_id is null) desc, g.name, g.id`.execute(trx)).rows;
}

// ----- callbacks (asSystem: the tenant is not known until the channel is found) -----

export async function channelForHook(trx: Trx, id: string): Promise<ChannelRow | undefined> {
  return (await sql<ChannelRow>`select * from sms_channels where id = ${id}`.execute(trx)).rows[0];
}

import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of an event's SMS side. */

/** The channels serving the event (oldest first), with the event's name. */
export async function channelsOfEvent(trx: Trx, eventId: string): Promise<{ id: string; number: string; language: string; ussd_code: string | null; event_name: string }[]> {
  return (await sql<{ id: string; number: string; language: string; ussd_code: string | null; event_name: string }>`
    select c.id, c.number, c.language, c.ussd_code, e.name as event_name from sms_channel_events ce
      join sms_channels c on c.id = ce.channel_id join events e on e.id = ce.event_id
     where ce.event_id = ${eventId} order by c.created_at, c.id`.execute(trx)).rows;
}

export async function eventNameOf(trx: Trx, eventId: string): Promise<string | undefined> {
  return (await sql<{ name: string }>`select name from events where id = ${eventId}`.execute(trx)).rows[0]?.name;
}

import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** Guessing blocks of SMS channels kept in the database (single node without Redis): migrations/0023. */

export async function saveChannelBlock(trx: Trx, tenantId: string, channelId: string, until: Date): Promise<void> {
  await sql`insert into sms_lockouts (channel_id, tenant_id, blocked_until) values (${channelId}, ${tenantId}, ${until})
    on conflict (channel_id) do update set blocked_until = excluded.blocked_until`.execute(trx);
}

/** Every channel still blocked now, of every organizer (asSystem, once at start). */
export async function activeChannelBlocks(trx: Trx): Promise<{ channel_id: string; blocked_until: Date }[]> {
  return (await sql<{ channel_id: string; blocked_until: Date }>`select channel_id, blocked_until from sms_lockouts
    where blocked_until > now()`.execute(trx)).rows;
}

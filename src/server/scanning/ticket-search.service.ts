import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';

/**
 * Name search at the door ("I forgot my phone, I'm Adaeze Okafor"): what the door needs to find
 * the person and check them in by serial — name, type, status, inside or not — and nothing more
 * (no email, phone, codes or PINs).
 */
export interface DoorTicket {
  serial: number;
  holderName: string;
  type: string;
  status: string;
  presence: 'inside' | 'outside';
}

export const SEARCH_LIMIT = 20;

export async function searchTickets(ctx: AppContext, principal: Principal, eventId: string, q: string): Promise<DoorTicket[]> {
  const needle = q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (needle.length < 2) return [];
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    // Name prefix or the start of any later word ("oka" finds "Adaeze Okafor").
    const rows = await trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
      .select(['tickets.serial', 'tickets.holder_name', 'ticket_types.name as type', 'tickets.status', 'tickets.presence'])
      .where('tickets.event_id', '=', eventId)
      .where((eb) => eb.or([
        eb(sql`lower(tickets.holder_name)`, 'like', `${needle}%`),
        eb(sql`lower(tickets.holder_name)`, 'like', `% ${needle}%`),
      ]))
      .orderBy('tickets.holder_name').limit(SEARCH_LIMIT).execute();
    return rows.map((r) => ({ serial: r.serial, holderName: r.holder_name, type: r.type, status: r.status, presence: r.presence }));
  });
}

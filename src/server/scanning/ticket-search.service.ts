import { sql } from 'kysely';
import type { DoorTicket } from '../../contracts/scanning.contract.ts';
import type { AppContext } from '../app-context.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';

/**
 * Name search at the door ("I forgot my phone, I'm Adaeze Okafor"): what the door needs to find
 * the person and check them in by serial — name, type, status, inside or not, the human code a
 * guest may read out, and the order — and nothing more (no email, phone or PIN). A guest who
 * bought for a family or a bus of delegates is found by their own name; the rest of their order
 * comes with them (`sameOrder`), whatever names those tickets carry, so the door can select the
 * whole order at once.
 */

export const SEARCH_LIMIT = 20;
/** How many of an order's other tickets come along; more than a door selects in one go. */
export const ORDER_LIMIT = 50;

export async function searchTickets(ctx: AppContext, principal: Principal, eventId: string, q: string): Promise<DoorTicket[]> {
  const needle = q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (needle.length < 2) return [];
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const base = () => trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
      .select(['tickets.serial', 'tickets.holder_name', 'ticket_types.name as type', 'tickets.status', 'tickets.presence', 'tickets.code', 'tickets.order_ref'])
      .where('tickets.event_id', '=', eventId);
    // Name prefix or the start of any later word ("oka" finds "Adaeze Okafor").
    const named = await base()
      .where((eb) => eb.or([
        eb(sql`lower(tickets.holder_name)`, 'like', `${needle}%`),
        eb(sql`lower(tickets.holder_name)`, 'like', `% ${needle}%`),
      ]))
      .orderBy('tickets.holder_name').orderBy('tickets.serial').limit(SEARCH_LIMIT).execute();
    const orders = [...new Set(named.map((r) => r.order_ref).filter((o): o is string => o !== null))];
    const found = new Set(named.map((r) => r.serial));
    const rest = orders.length === 0 ? [] : (await base().where('tickets.order_ref', 'in', orders)
      .orderBy('tickets.order_ref').orderBy('tickets.serial').limit(ORDER_LIMIT + SEARCH_LIMIT).execute())
      .filter((r) => !found.has(r.serial)).slice(0, ORDER_LIMIT);
    const view = (r: (typeof named)[number], sameOrder: boolean): DoorTicket => ({
      serial: r.serial, holderName: r.holder_name, type: r.type, status: r.status, presence: r.presence,
      code: r.code, orderRef: r.order_ref, sameOrder,
    });
    return [...named.map((r) => view(r, false)), ...rest.map((r) => view(r, true))];
  });
}

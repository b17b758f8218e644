import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of zones. Functions take the caller's tenant transaction first (RLS confines them). */

export interface ZoneRow { id: string; venue_id: string; code: string; name: string; parent_id: string | null; capacity: number | null }
const columns = ['id', 'venue_id', 'code', 'name', 'parent_id', 'capacity'] as const;

export async function listZones(trx: Trx, venueId: string, page: { after?: string | undefined; limit: number }): Promise<ZoneRow[]> {
  let q = trx.selectFrom('zones').select(columns).where('venue_id', '=', venueId);
  if (page.after !== undefined) q = q.where('code', '>', page.after);
  return q.orderBy('code').limit(page.limit).execute();
}

/** Every zone of the venue: the whole tree, for checks that look at all of it. */
export async function venueZoneRows(trx: Trx, venueId: string): Promise<ZoneRow[]> {
  return trx.selectFrom('zones').select(columns).where('venue_id', '=', venueId).execute();
}

export async function insertZone(trx: Trx, row: ZoneRow & { tenant_id: string }): Promise<void> {
  await trx.insertInto('zones').values(row).execute();
}

export async function updateZone(trx: Trx, zoneId: string, set: { code?: string; name?: string; parent_id?: string | null; capacity?: number | null }): Promise<void> {
  if (Object.keys(set).length) await trx.updateTable('zones').set(set).where('id', '=', zoneId).execute();
}

export async function deleteZone(trx: Trx, zoneId: string): Promise<void> {
  await trx.deleteFrom('zones').where('id', '=', zoneId).execute();
}

/** What still uses a zone: its gates, the zones inside it, ticket types (at the venue's events) granting its code. */
export async function zoneUsage(trx: Trx, venueId: string, zone: { id: string; code: string }): Promise<{ gates: number; children: number; ticketTypes: number; sessions: number }> {
  const [gates, children, types, sessions] = await Promise.all([
    trx.selectFrom('gates').select((eb) => eb.fn.countAll<number>().as('n')).where('zone_id', '=', zone.id).executeTakeFirstOrThrow(),
    trx.selectFrom('zones').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', zone.id).executeTakeFirstOrThrow(),
    ticketTypesGranting(trx, venueId, zone.code),
    trx.selectFrom('event_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('zone_id', '=', zone.id).executeTakeFirstOrThrow(),
  ]);
  return { gates: Number(gates.n), children: Number(children.n), ticketTypes: types, sessions: Number(sessions.n) };
}

/** Ticket types of the venue's events whose grants name the zone code. */
export async function ticketTypesGranting(trx: Trx, venueId: string, code: string): Promise<number> {
  const row = await trx.selectFrom('ticket_types').innerJoin('events', 'events.id', 'ticket_types.event_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('events.venue_id', '=', venueId).where(sql<boolean>`${code} = any(ticket_types.zone_codes)`).executeTakeFirstOrThrow();
  return Number(row.n);
}

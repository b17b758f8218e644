import type { Trx } from '../db/database.ts';

/** SQL of venues. Functions take the caller's tenant transaction first (RLS confines them). */

export interface VenueRow {
  id: string; name: string; address: string | null; timezone: string;
  latitude: number | null; longitude: number | null; radius_meters: number | null;
}
const columns = ['id', 'name', 'address', 'timezone', 'latitude', 'longitude', 'radius_meters'] as const;

export async function listVenues(trx: Trx, page: { only: 'all' | readonly string[]; after?: string[] | undefined; limit: number }): Promise<VenueRow[]> {
  if (page.only !== 'all' && page.only.length === 0) return [];
  let q = trx.selectFrom('venues').select(columns);
  if (page.only !== 'all') q = q.where('id', 'in', [...page.only]);
  if (page.after) {
    const [name, id] = page.after as [string, string];
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  return q.orderBy('name').orderBy('id').limit(page.limit).execute();
}

export async function findVenue(trx: Trx, venueId: string, forUpdate = false): Promise<VenueRow | undefined> {
  const q = trx.selectFrom('venues').select(columns).where('id', '=', venueId);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertVenue(trx: Trx, row: VenueRow & { tenant_id: string }): Promise<void> {
  await trx.insertInto('venues').values(row).execute();
}

export async function updateVenue(trx: Trx, venueId: string, set: Partial<Omit<VenueRow, 'id'>>): Promise<void> {
  if (Object.keys(set).length) await trx.updateTable('venues').set(set).where('id', '=', venueId).execute();
}

export async function deleteVenue(trx: Trx, venueId: string): Promise<void> {
  await trx.deleteFrom('venues').where('id', '=', venueId).execute();
}

/** What keeps a venue: its events and the tickets of those events (history is never deleted). */
export async function venueUsage(trx: Trx, venueId: string): Promise<{ events: number; tickets: number; devices: number }> {
  const [events, tickets, devices] = await Promise.all([
    trx.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', venueId).executeTakeFirstOrThrow(),
    trx.selectFrom('tickets').innerJoin('events', 'events.id', 'tickets.event_id').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('events.venue_id', '=', venueId).executeTakeFirstOrThrow(),
    trx.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', venueId).executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), tickets: Number(tickets.n), devices: Number(devices.n) };
}

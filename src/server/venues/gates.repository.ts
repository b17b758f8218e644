import type { Trx } from '../db/database.ts';
import { zoneDepths } from './zone-tree.ts';

/** SQL of gates. Functions take the caller's tenant transaction first (RLS confines them). */

export interface GateRow { id: string; venue_id: string; zone_id: string; name: string; zone_code: string }

const gateColumns = ['gates.id', 'gates.venue_id', 'gates.zone_id', 'gates.name', 'zones.code as zone_code'] as const;

/** A venue's gates with their zone code. Ordered by name then id, keyset-paged after `after`. */
export async function listGates(trx: Trx, venueId: string, page: { after?: [string, string] | undefined; limit: number }): Promise<GateRow[]> {
  let q = trx.selectFrom('gates').innerJoin('zones', 'zones.id', 'gates.zone_id').select(gateColumns)
    .where('gates.venue_id', '=', venueId);
  if (page.after) {
    const [name, id] = page.after;
    q = q.where((eb) => eb.or([eb('gates.name', '>', name), eb.and([eb('gates.name', '=', name), eb('gates.id', '>', id)])]));
  }
  return q.orderBy('gates.name').orderBy('gates.id').limit(page.limit).execute();
}

export async function findGate(trx: Trx, venueId: string, gateId: string): Promise<GateRow | undefined> {
  return trx.selectFrom('gates').innerJoin('zones', 'zones.id', 'gates.zone_id').select(gateColumns)
    .where('gates.venue_id', '=', venueId).where('gates.id', '=', gateId).executeTakeFirst();
}

/** The code of a zone of this venue, or undefined (a zone of another venue is not one). */
export async function zoneCodeOf(trx: Trx, venueId: string, zoneId: string): Promise<string | undefined> {
  return (await trx.selectFrom('zones').select('code').where('id', '=', zoneId).where('venue_id', '=', venueId).executeTakeFirst())?.code;
}

export async function gateNamed(trx: Trx, venueId: string, name: string, except?: string): Promise<boolean> {
  let q = trx.selectFrom('gates').select('id').where('venue_id', '=', venueId).where('name', '=', name);
  if (except) q = q.where('id', '<>', except);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertGate(trx: Trx, row: { id: string; tenant_id: string; venue_id: string; zone_id: string; name: string }): Promise<void> {
  await trx.insertInto('gates').values(row).execute();
}

export async function updateGate(trx: Trx, gateId: string, set: { name?: string; zone_id?: string }): Promise<void> {
  await trx.updateTable('gates').set(set).where('id', '=', gateId).execute();
}

export async function deleteGate(trx: Trx, gateId: string): Promise<void> {
  await trx.deleteFrom('gates').where('id', '=', gateId).execute();
}

/** Scans recorded at the gate: a gate with any is history and is never deleted. */
export async function countGateScans(trx: Trx, gateId: string): Promise<number> {
  const row = await trx.selectFrom('scans').select((eb) => eb.fn.countAll<number>().as('n')).where('gate_id', '=', gateId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A venue's gates as door phones list them: the widest-open zone first (GA before VIP before
 * BACKSTAGE — the deepest zone of the tree is the one most guests enter), then by name.
 */
export async function venueGatesForDoors(trx: Trx, venueId: string): Promise<{ id: string; name: string; zone: string; zoneName: string }[]> {
  const [zones, gates] = await Promise.all([
    trx.selectFrom('zones').select(['id', 'code', 'name', 'parent_id']).where('venue_id', '=', venueId).execute(),
    trx.selectFrom('gates').select(['id', 'name', 'zone_id']).where('venue_id', '=', venueId).execute(),
  ]);
  const depth = zoneDepths(zones);
  const zone = new Map(zones.map((z) => [z.id, z]));
  return gates
    .sort((a, b) => (depth.get(b.zone_id)! - depth.get(a.zone_id)!) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // The code is what decide() compares; the name is what door staff read.
    .map((g) => ({ id: g.id, name: g.name, zone: zone.get(g.zone_id)!.code, zoneName: zone.get(g.zone_id)!.name }));
}

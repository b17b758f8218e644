import type { Trx } from '../db/database.ts';

/** Guessing blocks kept in the database (single node without Redis): migrations/0016. */

/** Records a device's block until `until` (replacing an older one). Inside withTenant. */
export async function saveDeviceBlock(trx: Trx, tenantId: string, deviceId: string, until: Date): Promise<void> {
  await trx.insertInto('device_lockouts').values({ tenant_id: tenantId, device_id: deviceId, blocked_until: until })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ blocked_until: until })).execute();
}

/** Every device still blocked at `now`, of every organizer (asSystem, once at start). */
export async function activeDeviceBlocks(trx: Trx, now: Date): Promise<{ device_id: string; blocked_until: Date }[]> {
  return trx.selectFrom('device_lockouts').select(['device_id', 'blocked_until']).where('blocked_until', '>', now).execute();
}

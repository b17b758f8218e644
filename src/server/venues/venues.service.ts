import { randomUUID } from 'node:crypto';
import type { PageOf, PageQuery } from '../../contracts/common.contract.ts';
import type { Venue, VenueCreate, VenuePatch } from '../../contracts/venues.contract.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Db, type Trx } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { DomainError } from '../shared/domain-error.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { checkTimeZone } from '../shared/time-zone.ts';
import { deleteVenue, findVenue, insertVenue, listVenues, updateVenue, venueUsage, type VenueRow } from './venues.repository.ts';

/**
 * Venues of an organizer: where events happen, in which time zone, optionally where on the map.
 * Every change is audited; a venue with events is never deleted (its history stays readable).
 */

export const NO_SUCH_VENUE = 'No such venue.';

export function venueView(r: VenueRow): Venue {
  return { id: r.id, name: r.name, address: r.address, timezone: r.timezone, latitude: r.latitude, longitude: r.longitude, radiusMeters: r.radius_meters };
}

function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new DomainError('validation_failed', `${field} must not be blank.`);
  return trimmed;
}

function checkGeo(v: { latitude: number | null; longitude: number | null; radius_meters: number | null }): void {
  if ((v.latitude === null) !== (v.longitude === null)) throw new DomainError('validation_failed', 'latitude and longitude go together: give both or neither.');
  if (v.radius_meters !== null && v.latitude === null) throw new DomainError('validation_failed', 'radiusMeters needs latitude and longitude.');
}

export async function listVenuesOf(db: Db, caller: Caller, query: PageQuery): Promise<PageOf<Venue>> {
  const limit = pageLimit(query.limit);
  const after = (query.cursor ? decodePageCursor(query.cursor, ['string', 'string']) as [string, string] : undefined);
  return withTenant(db, caller.tenantId, async (trx) => {
    const rows = await listVenues(trx, { only: caller.venues, after, limit: limit + 1 });
    return pageOf(rows, limit, venueView, (r) => [r.name, r.id]);
  });
}

export async function getVenue(db: Db, caller: Caller, venueId: string): Promise<Venue> {
  return withTenant(db, caller.tenantId, async (trx) => venueView(await venueOrThrow(trx, venueId)));
}

export async function createVenue(db: Db, caller: Caller, input: VenueCreate): Promise<Venue> {
  if (caller.venueLimited) throw new DomainError('forbidden', 'You manage only some venues; an owner, admin or organizer-wide manager creates new ones.');
  const row: VenueRow = {
    id: randomUUID(), name: text(input.name, 'name'), address: input.address === undefined ? null : text(input.address, 'address'),
    timezone: checkTimeZone(input.timezone), latitude: input.latitude ?? null, longitude: input.longitude ?? null, radius_meters: input.radiusMeters ?? null,
  };
  checkGeo(row);
  return withTenant(db, caller.tenantId, async (trx) => {
    await insertVenue(trx, { ...row, tenant_id: caller.tenantId });
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'venue.created', subjectId: row.id });
    return venueView(row);
  });
}

export async function updateVenueOf(db: Db, caller: Caller, venueId: string, patch: VenuePatch): Promise<Venue> {
  const set: Partial<Omit<VenueRow, 'id'>> = {};
  if (patch.name !== undefined) set.name = text(patch.name, 'name');
  if (patch.address !== undefined) set.address = patch.address === null ? null : text(patch.address, 'address');
  if (patch.timezone !== undefined) set.timezone = checkTimeZone(patch.timezone);
  if (patch.latitude !== undefined) set.latitude = patch.latitude;
  if (patch.longitude !== undefined) set.longitude = patch.longitude;
  if (patch.radiusMeters !== undefined) set.radius_meters = patch.radiusMeters;
  return withTenant(db, caller.tenantId, async (trx) => {
    const current = await venueOrThrow(trx, venueId, true);
    const next = { ...current, ...set };
    checkGeo(next);
    if (Object.keys(set).length) {
      await updateVenue(trx, venueId, set);
      await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'venue.updated', subjectId: venueId, detail: { ...caller.actor.detail, fields: Object.keys(patch) } });
    }
    return venueView(next);
  });
}

export async function deleteVenueOf(db: Db, caller: Caller, venueId: string): Promise<void> {
  await withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const usage = await venueUsage(trx, venueId);
    if (usage.events > 0) {
      throw new DomainError('conflict',
        `This venue has ${usage.events} event${usage.events === 1 ? '' : 's'} (${usage.tickets} ticket${usage.tickets === 1 ? '' : 's'}); a venue with events is kept for their history. Archive its events instead.`,
        { events: usage.events, tickets: usage.tickets });
    }
    // Zones and gates go with the venue (no event used them); so do its paired devices and staff scopes.
    await deleteVenue(trx, venueId);
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'venue.deleted', subjectId: venueId, detail: { ...caller.actor.detail, devices: usage.devices } });
  });
}

/** The venue (locked for the transaction when `forUpdate`), or 404. */
export async function venueOrThrow(trx: Trx, venueId: string, forUpdate = false): Promise<VenueRow> {
  const venue = await findVenue(trx, venueId, forUpdate);
  if (!venue) throw new DomainError('not_found', NO_SUCH_VENUE);
  return venue;
}

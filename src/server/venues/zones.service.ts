import { randomUUID } from 'node:crypto';
import type { PageOf, PageQuery } from '../../contracts/common.contract.ts';
import type { Zone, ZoneCreate, ZonePatch } from '../../contracts/venues.contract.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Db } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { DomainError } from '../shared/domain-error.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { venueOrThrow } from './venues.service.ts';
import { treeProblemAfter } from './zone-tree.ts';
import { deleteZone, insertZone, listZones, ticketTypesGranting, updateZone, venueZoneRows, zoneUsage, type ZoneRow } from './zones.repository.ts';

/**
 * A venue's zones as a tree (a grant of a zone covers every zone below it, core/zones.ts). Every
 * change locks the venue row, so two concurrent edits can never build a cycle between them, and
 * is checked on the whole tree as it would be after the change. Door phones see the new tree in
 * their next manifest page; online scans within the scan-context cache's few seconds.
 */

/** Zones per venue: the tree travels to every door phone in every manifest page. */
export const MAX_ZONES_PER_VENUE = 200;
export const NO_SUCH_ZONE = 'No such zone at this venue.';

export function zoneView(r: ZoneRow): Zone {
  return { id: r.id, code: r.code, name: r.name, parentId: r.parent_id, capacity: r.capacity };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function listZonesOf(db: Db, caller: Caller, venueId: string, query: PageQuery): Promise<PageOf<Zone>> {
  const limit = pageLimit(query.limit);
  const after = (query.cursor ? decodePageCursor(query.cursor, ['string'])[0] as string : undefined);
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId);
    return pageOf(await listZones(trx, venueId, { after, limit: limit + 1 }), limit, zoneView, (r) => [r.code]);
  });
}

export async function createZone(db: Db, caller: Caller, venueId: string, input: ZoneCreate): Promise<Zone> {
  const name = input.name.trim();
  if (!name) throw new DomainError('validation_failed', 'name must not be blank.');
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const zones = await venueZoneRows(trx, venueId);
    if (zones.length >= MAX_ZONES_PER_VENUE) throw new DomainError('conflict', `A venue has at most ${MAX_ZONES_PER_VENUE} zones; this one has ${zones.length}.`);
    if (zones.some((z) => z.code === input.code)) throw new DomainError('already_exists', `This venue already has a zone ${input.code}; zone codes are unique per venue.`);
    const parentId = input.parentId ?? null;
    if (parentId !== null) parentOrThrow(zones, parentId);
    const row: ZoneRow = { id: randomUUID(), venue_id: venueId, code: input.code, name, parent_id: parentId, capacity: input.capacity ?? null };
    checkTree([...zones, row]);
    await insertZone(trx, { ...row, tenant_id: caller.tenantId });
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'zone.created', subjectId: row.id, detail: { ...caller.actor.detail, venueId, code: row.code, parentId } });
    return zoneView(row);
  });
}

export async function updateZoneOf(db: Db, caller: Caller, venueId: string, zoneId: string, patch: ZonePatch): Promise<Zone> {
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const zones = await venueZoneRows(trx, venueId);
    const current = zoneOrThrow(zones, zoneId);
    const set: { code?: string; name?: string; parent_id?: string | null; capacity?: number | null } = {};
    if (patch.name !== undefined) {
      set.name = patch.name.trim();
      if (!set.name) throw new DomainError('validation_failed', 'name must not be blank.');
    }
    if (patch.code !== undefined && patch.code !== current.code) {
      if (zones.some((z) => z.code === patch.code)) throw new DomainError('already_exists', `This venue already has a zone ${patch.code}; zone codes are unique per venue.`);
      // Ticket types grant zones by code: renaming the code under them would silently take access away.
      const types = await ticketTypesGranting(trx, venueId, current.code);
      if (types > 0) throw new DomainError('conflict', `${plural(types, 'ticket type')} grant${types === 1 ? 's' : ''} zone ${current.code}; change their zones before renaming the code.`, { ticketTypes: types });
      set.code = patch.code;
    }
    if (patch.capacity !== undefined && patch.capacity !== current.capacity) set.capacity = patch.capacity;
    if (patch.parentId !== undefined && patch.parentId !== current.parent_id) {
      if (patch.parentId === zoneId) throw new DomainError('validation_failed', 'A zone cannot be inside itself.');
      if (patch.parentId !== null) parentOrThrow(zones, patch.parentId);
      set.parent_id = patch.parentId;
    }
    const next: ZoneRow = { ...current, ...set };
    checkTree(zones.map((z) => (z.id === zoneId ? next : z)));
    if (Object.keys(set).length) {
      await updateZone(trx, zoneId, set);
      await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'zone.updated', subjectId: zoneId, detail: { ...caller.actor.detail, venueId, fields: Object.keys(set) } });
    }
    return zoneView(next);
  });
}

export async function deleteZoneOf(db: Db, caller: Caller, venueId: string, zoneId: string): Promise<void> {
  await withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const zone = zoneOrThrow(await venueZoneRows(trx, venueId), zoneId);
    const usage = await zoneUsage(trx, venueId, zone);
    const uses = [
      usage.gates && plural(usage.gates, 'gate'),
      usage.children && plural(usage.children, 'zone inside it', 'zones inside it'),
      usage.ticketTypes && plural(usage.ticketTypes, 'ticket type granting it', 'ticket types granting it'),
      usage.sessions && plural(usage.sessions, 'session held in it', 'sessions held in it'),
    ].filter(Boolean);
    if (uses.length) throw new DomainError('conflict', `Zone ${zone.code} is in use: ${uses.join(', ')}. Move or remove those first.`, usage);
    await deleteZone(trx, zoneId);
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'zone.deleted', subjectId: zoneId, detail: { ...caller.actor.detail, venueId, code: zone.code } });
  });
}

function zoneOrThrow(zones: ZoneRow[], zoneId: string): ZoneRow {
  const zone = zones.find((z) => z.id === zoneId);
  if (!zone) throw new DomainError('not_found', NO_SUCH_ZONE);
  return zone;
}

/** The parent must be a zone of this same venue (a tree never spans venues). */
function parentOrThrow(zones: ZoneRow[], parentId: string): ZoneRow {
  const parent = zones.find((z) => z.id === parentId);
  if (!parent) throw new DomainError('unprocessable', 'parentId is not a zone of this venue.');
  return parent;
}

function checkTree(zones: ZoneRow[]): void {
  const problem = treeProblemAfter(zones);
  if (problem) throw new DomainError('unprocessable', `parentId refused: ${problem}.`);
}


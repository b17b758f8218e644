import { randomUUID } from 'node:crypto';
import type { PageOf, PageQuery } from '../../contracts/common.contract.ts';
import type { Gate, GateCreate, GatePatch } from '../../contracts/venues.contract.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Db, type Trx } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { DomainError } from '../shared/domain-error.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { countGateScans, deleteGate, findGate, gateNamed, insertGate, listGates, updateGate, zoneCodeOf, type GateRow } from './gates.repository.ts';
import { venueOrThrow } from './venues.service.ts';

/**
 * Gates of a venue, each in one zone: a scan at a gate is judged against that zone. A gate with
 * scans is history (every scan names its gate) and is never deleted.
 */

export const NO_SUCH_GATE = 'No such gate at this venue.';

export function gateView(r: GateRow): Gate {
  return { id: r.id, name: r.name, zoneId: r.zone_id, zone: r.zone_code };
}

function gateName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new DomainError('validation_failed', 'name must not be blank.');
  return trimmed;
}

async function zoneCodeAt(trx: Trx, venueId: string, zoneId: string): Promise<string> {
  const code = await zoneCodeOf(trx, venueId, zoneId);
  if (code === undefined) throw new DomainError('unprocessable', 'zoneId is not a zone of this venue.');
  return code;
}

async function nameFree(trx: Trx, venueId: string, name: string, except?: string): Promise<void> {
  if (await gateNamed(trx, venueId, name, except)) throw new DomainError('already_exists', `This venue already has a gate named "${name}".`);
}

export async function listGatesOf(db: Db, caller: Caller, venueId: string, query: PageQuery): Promise<PageOf<Gate>> {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodePageCursor(query.cursor, ['string', 'string']) as [string, string] : undefined;
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId);
    return pageOf(await listGates(trx, venueId, { after, limit: limit + 1 }), limit, gateView, (r) => [r.name, r.id]);
  });
}

export async function createGate(db: Db, caller: Caller, venueId: string, input: GateCreate): Promise<Gate> {
  const name = gateName(input.name);
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const zone = await zoneCodeAt(trx, venueId, input.zoneId);
    await nameFree(trx, venueId, name);
    const row: GateRow = { id: randomUUID(), venue_id: venueId, zone_id: input.zoneId, name, zone_code: zone };
    await insertGate(trx, { id: row.id, tenant_id: caller.tenantId, venue_id: venueId, zone_id: row.zone_id, name });
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'gate.created', subjectId: row.id, detail: { ...caller.actor.detail, venueId, zoneId: row.zone_id } });
    return gateView(row);
  });
}

export async function updateGateOf(db: Db, caller: Caller, venueId: string, gateId: string, patch: GatePatch): Promise<Gate> {
  return withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const current = await findGate(trx, venueId, gateId);
    if (!current) throw new DomainError('not_found', NO_SUCH_GATE);
    const set: { name?: string; zone_id?: string } = {};
    const next = { ...current };
    if (patch.name !== undefined && gateName(patch.name) !== current.name) {
      next.name = set.name = gateName(patch.name);
      await nameFree(trx, venueId, next.name, gateId);
    }
    if (patch.zoneId !== undefined && patch.zoneId !== current.zone_id) {
      next.zone_code = await zoneCodeAt(trx, venueId, patch.zoneId);
      next.zone_id = set.zone_id = patch.zoneId;
    }
    if (Object.keys(set).length) {
      await updateGate(trx, gateId, set);
      await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'gate.updated', subjectId: gateId, detail: { ...caller.actor.detail, venueId, fields: Object.keys(set) } });
    }
    return gateView(next);
  });
}

export async function deleteGateOf(db: Db, caller: Caller, venueId: string, gateId: string): Promise<void> {
  await withTenant(db, caller.tenantId, async (trx) => {
    await venueOrThrow(trx, venueId, true);
    const gate = await findGate(trx, venueId, gateId);
    if (!gate) throw new DomainError('not_found', NO_SUCH_GATE);
    const scans = await countGateScans(trx, gateId);
    if (scans > 0) {
      throw new DomainError('conflict', `Gate "${gate.name}" has ${scans} scan${scans === 1 ? '' : 's'}; a gate with scans is kept for their history (rename it or move it to another zone instead).`, { scans });
    }
    await deleteGate(trx, gateId);
    await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'gate.deleted', subjectId: gateId, detail: { ...caller.actor.detail, venueId } });
  });
}

import { Type } from 'typebox';
import { PageQuery } from '../../contracts/common.contract.ts';
import { VenueParams, Zone, ZoneCreate, ZonePage, ZoneParams, ZonePatch } from '../../contracts/venues.contract.ts';
import type { App, AppContext } from '../app-context.ts';
import { principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { errors } from './route-errors.ts';
import { createZone, deleteZoneOf, listZonesOf, updateZoneOf } from './zones.service.ts';

/** A venue's zone tree. Registered by venuesFeature (its auth guard is installed there). */
export function registerZoneRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/venues/:venueId/zones', {
    schema: {
      operationId: 'listZones', tags: ['venues'], summary: 'Zones of a venue, by code; parentId links each to the zone it is inside',
      params: VenueParams, querystring: PageQuery, response: { 200: ZonePage, ...errors },
    },
    config: { auth: { action: 'venue:read', resource: 'venue' } },
  }, async (request) => listZonesOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.query));

  app.post('/api/v1/venues/:venueId/zones', {
    schema: {
      operationId: 'createZone', tags: ['venues'],
      summary: 'Add a zone, optionally inside another zone of the venue (a grant of a zone covers every zone below it)',
      params: VenueParams, body: ZoneCreate, response: { 201: Zone, ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request, reply) => reply.code(201).send(await createZone(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.body)));

  app.patch('/api/v1/venues/:venueId/zones/:zoneId', {
    schema: {
      operationId: 'updateZone', tags: ['venues'], summary: 'Rename a zone or move it in the tree (cycles and other venues’ zones are refused)',
      params: ZoneParams, body: ZonePatch, response: { 200: Zone, ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request) => updateZoneOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.params.zoneId, request.body));

  app.delete('/api/v1/venues/:venueId/zones/:zoneId', {
    schema: {
      operationId: 'deleteZone', tags: ['venues'], summary: 'Delete a zone no gate, zone or ticket type uses; 409 says what does',
      params: ZoneParams, response: { 204: Type.Null(), ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request, reply) => {
    await deleteZoneOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.params.zoneId);
    return reply.code(204).send(null);
  });
}

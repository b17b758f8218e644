import { Type } from 'typebox';
import { PageQuery } from '../../contracts/common.contract.ts';
import { Gate, GateCreate, GatePage, GateParams, GatePatch, VenueParams } from '../../contracts/venues.contract.ts';
import type { App, AppContext } from '../app-context.ts';
import { principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { createGate, deleteGateOf, listGatesOf, updateGateOf } from './gates.service.ts';
import { errors } from './route-errors.ts';

/** A venue's gates. Registered by venuesFeature (its auth guard is installed there). */
export function registerGateRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/venues/:venueId/gates', {
    schema: {
      operationId: 'listGates', tags: ['venues'], summary: 'Gates of a venue with their zone, by name',
      params: VenueParams, querystring: PageQuery, response: { 200: GatePage, ...errors },
    },
    config: { auth: { action: 'venue:read', resource: 'venue' } },
  }, async (request) => listGatesOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.query));

  app.post('/api/v1/venues/:venueId/gates', {
    schema: {
      operationId: 'createGate', tags: ['venues'], summary: 'Add a gate in a zone of the venue',
      params: VenueParams, body: GateCreate, response: { 201: Gate, ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request, reply) => reply.code(201).send(await createGate(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.body)));

  app.patch('/api/v1/venues/:venueId/gates/:gateId', {
    schema: {
      operationId: 'updateGate', tags: ['venues'], summary: 'Rename a gate or move it to another zone of the venue',
      params: GateParams, body: GatePatch, response: { 200: Gate, ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request) => updateGateOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.params.gateId, request.body));

  app.delete('/api/v1/venues/:venueId/gates/:gateId', {
    schema: {
      operationId: 'deleteGate', tags: ['venues'], summary: 'Delete a gate that has no scans; 409 with the count otherwise',
      params: GateParams, response: { 204: Type.Null(), ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request, reply) => {
    await deleteGateOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.params.gateId);
    return reply.code(204).send(null);
  });
}

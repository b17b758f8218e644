import { Type } from 'typebox';
import { PageQuery } from '../../contracts/common.contract.ts';
import { Venue, VenueCreate, VenueParams, VenuePage, VenuePatch } from '../../contracts/venues.contract.ts';
import type { App, AppContext, Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { registerGateRoutes } from './gates.routes.ts';
import { errors } from './route-errors.ts';
import { createVenue, deleteVenueOf, getVenue, listVenuesOf, updateVenueOf } from './venues.service.ts';
import { registerZoneRoutes } from './zones.routes.ts';


function registerVenueRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/venues', {
    schema: {
      operationId: 'listVenues', tags: ['venues'], summary: 'Venues of the organizer (those the caller may see), by name',
      querystring: PageQuery, response: { 200: VenuePage, ...errors },
    },
    config: { auth: { action: 'venue:read' } },
  }, async (request) => listVenuesOf(ctx.db, callerOf(principalOf(request)), request.query));

  app.post('/api/v1/venues', {
    schema: {
      operationId: 'createVenue', tags: ['venues'], summary: 'Create a venue: name, IANA time zone, optional address and map point',
      body: VenueCreate, response: { 201: Venue, ...errors },
    },
    config: { auth: { action: 'venue:manage' } },
  }, async (request, reply) => reply.code(201).send(await createVenue(ctx.db, callerOf(principalOf(request)), request.body)));

  app.get('/api/v1/venues/:venueId', {
    schema: { operationId: 'getVenue', tags: ['venues'], summary: 'One venue', params: VenueParams, response: { 200: Venue, ...errors } },
    config: { auth: { action: 'venue:read', resource: 'venue' } },
  }, async (request) => getVenue(ctx.db, callerOf(principalOf(request)), request.params.venueId));

  app.patch('/api/v1/venues/:venueId', {
    schema: {
      operationId: 'updateVenue', tags: ['venues'], summary: 'Change a venue; null clears address, map point or radius',
      params: VenueParams, body: VenuePatch, response: { 200: Venue, ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request) => updateVenueOf(ctx.db, callerOf(principalOf(request)), request.params.venueId, request.body));

  app.delete('/api/v1/venues/:venueId', {
    schema: {
      operationId: 'deleteVenue', tags: ['venues'],
      summary: 'Delete a venue that has no events (with its zones, gates and paired devices); 409 says what keeps it',
      params: VenueParams, response: { 204: Type.Null(), ...errors },
    },
    config: { auth: { action: 'venue:manage', resource: 'venue' } },
  }, async (request, reply) => {
    await deleteVenueOf(ctx.db, callerOf(principalOf(request)), request.params.venueId);
    return reply.code(204).send(null);
  });
}

/** Venues, their zone trees and gates. */
export const venuesFeature: Feature = {
  name: 'venues',
  async register(app, ctx) {
    installAuth(app, ctx);
    registerVenueRoutes(app, ctx);
    registerZoneRoutes(app, ctx);
    registerGateRoutes(app, ctx);
  },
};

import { Type } from 'typebox';
import { EventCreate, EventList, EventListQuery, EventParams, EventPatch, EventView } from '../../contracts/events.contract.ts';
import type { Feature } from '../app-context.ts';
import { errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

/**
 * Events of the organizer. Creating one needs `event:manage` at the venue named in the body (a
 * manager confined to a venue creates events there only); the rest act on the event in the path.
 */
export const eventsFeature: Feature = {
  name: 'events',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events', {
      schema: {
        operationId: 'listEvents', tags: ['events'], summary: 'Events the caller may see, by start time (paged)',
        querystring: EventListQuery, response: { 200: EventList, ...errors },
      },
      config: { auth: { action: 'event:read' } },
    }, async (request) => listEvents(ctx, callerOf(principalOf(request)), request.query));

    app.post('/api/v1/events', {
      schema: {
        operationId: 'createEvent', tags: ['events'],
        summary: 'Create an event at a venue (with its signing key; policy from a template, default reentry-after-exit)',
        body: EventCreate, response: { 201: EventView, ...errors },
      },
      config: { auth: { action: 'event:manage' } },
    }, async (request, reply) => reply.code(201).send(await createEvent(ctx, callerOf(principalOf(request)), request.body)));

    app.get('/api/v1/events/:eventId', {
      schema: { operationId: 'getEvent', tags: ['events'], summary: 'One event', params: EventParams, response: { 200: EventView, ...errors } },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request) => getEvent(ctx, callerOf(principalOf(request)), request.params.eventId));

    app.patch('/api/v1/events/:eventId', {
      schema: {
        operationId: 'updateEvent', tags: ['events'],
        summary: 'Change name, slug, venue, times, capacity or status (cancelled: every door refuses every scan)',
        params: EventParams, body: EventPatch, response: { 200: EventView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => updateEvent(ctx, callerOf(principalOf(request)), request.params.eventId, request.body));

    app.delete('/api/v1/events/:eventId', {
      schema: {
        operationId: 'deleteEvent', tags: ['events'], summary: 'Delete an event that has no tickets and no scans (else 409: archive it)',
        params: EventParams, response: { 204: Type.Null(), ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request, reply) => {
      await deleteEvent(ctx, callerOf(principalOf(request)), request.params.eventId);
      return reply.code(204).send(null);
    });
  },
};

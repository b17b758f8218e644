import { Type } from 'typebox';
import { EventParams } from '../../contracts/events.contract.ts';
import { SessionCreate, SessionList, SessionListQuery, SessionParams, SessionPatch, SessionView } from '../../contracts/sessions.contract.ts';
import type { Feature } from '../app-context.ts';
import { errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { createSession, deleteSession, listSessions, updateSession } from './sessions.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

/** Sessions of an event (room = a zone of the venue; times within the event). */
export const sessionsFeature: Feature = {
  name: 'sessions',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/sessions', {
      schema: {
        operationId: 'listSessions', tags: ['events'], summary: 'Sessions of the event, by start time (paged)',
        params: EventParams, querystring: SessionListQuery, response: { 200: SessionList, ...errors },
      },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request) => listSessions(ctx, callerOf(principalOf(request)), request.params.eventId, request.query));

    app.post('/api/v1/events/:eventId/sessions', {
      schema: {
        operationId: 'createSession', tags: ['events'], summary: 'Add a session: room (a zone of the venue), times within the event, capacity',
        params: EventParams, body: SessionCreate, response: { 201: SessionView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request, reply) => reply.code(201).send(await createSession(ctx, callerOf(principalOf(request)), request.params.eventId, request.body)));

    app.patch('/api/v1/events/:eventId/sessions/:sessionId', {
      schema: {
        operationId: 'updateSession', tags: ['events'], summary: 'Change a session',
        params: SessionParams, body: SessionPatch, response: { 200: SessionView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => updateSession(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.sessionId, request.body));

    app.delete('/api/v1/events/:eventId/sessions/:sessionId', {
      schema: {
        operationId: 'deleteSession', tags: ['events'], summary: 'Delete a session',
        params: SessionParams, response: { 204: Type.Null(), ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request, reply) => {
      await deleteSession(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.sessionId);
      return reply.code(204).send(null);
    });
  },
};

import { Type } from 'typebox';
import {
  TicketTypeCreate, TicketTypeList, TicketTypeListQuery, TicketTypeParams, TicketTypePatch, TicketTypeView,
} from '../../contracts/ticket-types.contract.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import type { Feature } from '../app-context.ts';
import { errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { createTicketType, deleteTicketType, listTicketTypes, updateTicketType } from './ticket-types.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

/** Ticket types of an event: read by anyone who may read the event (integrations need the ids). */
export const ticketTypesFeature: Feature = {
  name: 'ticket-types',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/ticket-types', {
      schema: {
        operationId: 'listTicketTypes', tags: ['events'], summary: 'Ticket types of the event, by type number (paged)',
        params: EventParams, querystring: TicketTypeListQuery, response: { 200: TicketTypeList, ...errors },
      },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request) => listTicketTypes(ctx, callerOf(principalOf(request)), request.params.eventId, request.query));

    app.post('/api/v1/events/:eventId/ticket-types', {
      schema: {
        operationId: 'createTicketType', tags: ['events'], summary: 'Add a ticket type: zones granted (codes of the venue’s zones), validity, static QR allowed, capacity',
        params: EventParams, body: TicketTypeCreate, response: { 201: TicketTypeView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request, reply) => reply.code(201).send(await createTicketType(ctx, callerOf(principalOf(request)), request.params.eventId, request.body)));

    app.patch('/api/v1/events/:eventId/ticket-types/:ticketTypeId', {
      schema: {
        operationId: 'updateTicketType', tags: ['events'], summary: 'Change a ticket type (validity only while it has no tickets)',
        params: TicketTypeParams, body: TicketTypePatch, response: { 200: TicketTypeView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => updateTicketType(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.ticketTypeId, request.body));

    app.delete('/api/v1/events/:eventId/ticket-types/:ticketTypeId', {
      schema: {
        operationId: 'deleteTicketType', tags: ['events'], summary: 'Delete a ticket type that has no tickets (else 409 with the count)',
        params: TicketTypeParams, response: { 204: Type.Null(), ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request, reply) => {
      await deleteTicketType(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.ticketTypeId);
      return reply.code(204).send(null);
    });
  },
};

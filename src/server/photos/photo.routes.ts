import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PhotoAnswer, PhotoBody, PhotoPack, PhotoPackQuery } from '../../contracts/photos.contract.ts';
import { Uuid } from '../../contracts/common.contract.ts';
import { TicketParams } from '../../contracts/tickets.contract.ts';
import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { actorOf } from '../auth/principal.ts';
import { errorResponses } from '../http/api-error.ts';
import { DomainError } from '../shared/domain-error.ts';
import { installCompression } from '../sync/compression.ts';
import { MAX_UPLOAD_BYTES } from './photo-image.ts';
import { buildPhotoPack } from './photo-pack.service.ts';
import { deletePhoto, putPhoto, readPhoto, type TicketRef } from './photo.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 422, 429);
// A 5 MB image is ~6.7 MB as base64 in JSON: the server's 1 MB default would refuse it.
export const PHOTO_BODY_LIMIT = Math.ceil(MAX_UPLOAD_BYTES * 1.37) + 4096;
const PRIVATE = { 'cache-control': 'no-store' };

/** Photo check: managers set and remove a ticket's photo; door phones read it online and as an offline pack. */
export const photosFeature: Feature = {
  name: 'photos',
  async register(app, ctx) {
    installAuth(app, ctx);
    installCompression(app);

    app.put('/api/v1/events/:eventId/tickets/:ticketId/photo', {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        operationId: 'setTicketPhoto', tags: ['tickets'],
        summary: 'Set or replace the holder’s photo (photo-check types only); re-encoded, metadata stripped, ≤ 320 px, ≤ 25 KB',
        params: TicketParams, body: PhotoBody, response: { 200: PhotoAnswer, ...errors },
      },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request) => {
      const p = principalOf(request);
      return putPhoto(ctx, p.tenantId, request.params.eventId, request.params.ticketId, request.body, actorOf(p));
    });

    app.delete('/api/v1/events/:eventId/tickets/:ticketId/photo', {
      schema: { operationId: 'deleteTicketPhoto', tags: ['tickets'], summary: 'Remove the holder’s photo', params: TicketParams, response: { 204: { type: 'null' }, ...errors } },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request, reply) => {
      const p = principalOf(request);
      await deletePhoto(ctx, p.tenantId, request.params.eventId, request.params.ticketId, actorOf(p));
      return reply.code(204).send(null);
    });

    // The door reads a photo by ticket id, or by serial: a scan answer names its ticket by serial.
    // Authorized as manifest:read: a door-device action (staff on a paired phone) that kiosks lack.
    const doorPhoto = async (request: FastifyRequest, reply: FastifyReply, eventId: string, ref: TicketRef) => {
      const p = principalOf(request);
      // Kiosks face the attendee: a face on their screen is shown to whoever stands there.
      if (p.kind !== 'staff' || p.device?.kind !== 'door') throw new DomainError('forbidden', 'Photos are for door staff devices.');
      const photo = await readPhoto(ctx, p.tenantId, eventId, ref);
      return reply.headers(PRIVATE).type(photo.mime).send(photo.image);
    };
    const image = { 200: Type.Any({ description: 'image/jpeg' }), ...errors };
    app.get('/api/v1/events/:eventId/tickets/:ticketId/photo', {
      schema: {
        operationId: 'getTicketPhoto', tags: ['scanning'],
        summary: 'The holder’s photo for the door’s verdict (paired door devices, photo-check types only; never cached)',
        params: TicketParams, response: image,
      },
      config: { auth: { action: 'manifest:read', resource: 'event' } },
    }, async (request, reply) => doorPhoto(request, reply, request.params.eventId, request.params.ticketId));
    app.get('/api/v1/events/:eventId/serials/:serial/photo', {
      schema: {
        operationId: 'getTicketPhotoBySerial', tags: ['scanning'],
        summary: 'The same photo by the serial a scan answer names',
        params: Type.Object({ eventId: Uuid, serial: Type.Integer({ minimum: 0 }) }), response: image,
      },
      config: { auth: { action: 'manifest:read', resource: 'event' } },
    }, async (request, reply) => doorPhoto(request, reply, request.params.eventId, { serial: request.params.serial }));

    // The console's view: the people who may replace or remove a photo may see it; door staff only at the door.
    app.get('/api/v1/events/:eventId/tickets/:ticketId/photo/view', {
      schema: { operationId: 'viewTicketPhoto', tags: ['tickets'], summary: 'The holder’s photo for the organizer’s ticket page (never cached)', params: TicketParams, response: image },
      config: { auth: { action: 'ticket:manage', resource: 'event' } },
    }, async (request, reply) => {
      const photo = await readPhoto(ctx, principalOf(request).tenantId, request.params.eventId, request.params.ticketId);
      return reply.headers(PRIVATE).type(photo.mime).send(photo.image);
    });

    app.get('/api/v1/events/:eventId/photo-pack', {
      schema: {
        operationId: 'getPhotoPack', tags: ['sync'],
        summary: 'Thumbnails of the event’s photo-check tickets for offline doors, each sealed under its ticket’s QR; paged by cursor',
        description: 'Door devices allowed guest names offline only (kiosks never). Download after the manifest; keep `cursor` for the next call.',
        params: Type.Object({ eventId: Uuid }), querystring: PhotoPackQuery, response: { 200: PhotoPack, ...errors },
      },
      config: { auth: { action: 'manifest:read', resource: 'event' } },
    }, async (request, reply) => {
      const p = principalOf(request);
      if (p.kind !== 'staff' || !p.device) throw new DomainError('forbidden', 'This needs a paired door device.');
      reply.headers(PRIVATE);
      return buildPhotoPack(ctx, p.tenantId, request.params.eventId, p.device.id, request.query.since, request.query.limit);
    });
  },
};

import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AttendeeTicketParams } from '../../contracts/attendee.contract.ts';
import { PhotoAnswer, PhotoBody } from '../../contracts/photos.contract.ts';
import type { Feature } from '../app-context.ts';
import { installAuth } from '../auth/auth-guard.ts';
import { errorResponses } from '../http/api-error.ts';
import { PHOTO_BODY_LIMIT } from '../photos/photo.routes.ts';
import { deletePhoto, putPhoto } from '../photos/photo.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { ticketDocumentByLinkSecret } from '../ticket-documents/ticket-document.service.ts';

const errors = errorResponses(400, 403, 404, 409, 413, 422, 429);
const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' };

/** Per link, like the other attendee writes: a leaked link must not turn into an image-processing load. */
const perLink = (name: string, max: number) => ({
  max, timeWindow: 60 * 60_000,
  keyGenerator: (request: FastifyRequest) => {
    const secret = (request.params as { linkSecret?: string }).linkSecret ?? '';
    return `attendee-${name}:${createHash('sha256').update(secret).digest('base64url').slice(0, 22)}`;
  },
});

/** The attendee adds, replaces or deletes their own photo for photo check from their ticket page. */
export const attendeePhotoFeature: Feature = {
  name: 'attendee-photo',
  async register(app, ctx) {
    installAuth(app, ctx);
    const open = async (linkSecret: string) => {
      const doc = await ticketDocumentByLinkSecret(ctx, linkSecret);
      if (!doc) throw new DomainError('not_found', 'This ticket link is not valid (it may have been replaced after a transfer).');
      return doc;
    };

    app.put('/api/v1/attendee/t/:linkSecret/photo', {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        operationId: 'setAttendeePhoto', tags: ['attendee'],
        summary: 'Add or replace my photo for the door (photo-check tickets); consent is required',
        params: AttendeeTicketParams, body: PhotoBody, response: { 200: PhotoAnswer, ...errors },
      },
      config: { auth: 'public', rateLimit: perLink('photo', 20) },
    }, async (request, reply) => {
      reply.headers(PRIVATE_HEADERS);
      const doc = await open(request.params.linkSecret);
      return putPhoto(ctx, doc.tenantId, doc.eventId, doc.ticketId, request.body, { actorKind: 'attendee', actorId: null });
    });

    app.delete('/api/v1/attendee/t/:linkSecret/photo', {
      schema: {
        operationId: 'deleteAttendeePhoto', tags: ['attendee'], summary: 'Delete my photo',
        params: AttendeeTicketParams, response: { 204: { type: 'null' }, ...errors },
      },
      config: { auth: 'public', rateLimit: perLink('photo-delete', 20) },
    }, async (request, reply) => {
      const doc = await open(request.params.linkSecret);
      await deletePhoto(ctx, doc.tenantId, doc.eventId, doc.ticketId, { actorKind: 'attendee', actorId: null });
      return reply.code(204).headers(PRIVATE_HEADERS).send();
    });
  },
};

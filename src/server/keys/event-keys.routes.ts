import { Type } from 'typebox';
import { EventKeyParams, EventKeysAnswer } from '../../contracts/event-keys.contract.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import type { Feature } from '../app-context.ts';
import { asSystem } from '../db/database.ts';
import { callerOf } from '../auth/caller.ts';
import { sendError, ERROR_RESPONSE, errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { revokeEventKey, rotateEventKey } from './event-keys-admin.service.ts';

const Jwk = Type.Object({
  kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), kid: Type.String(), x: Type.String(),
  use: Type.Literal('sig'), alg: Type.Literal('EdDSA'), status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
});
const errors = errorResponses(400, 401, 403, 404, 409, 429);

/**
 * Public keys are public: any verifier (a partner's scanner, openssl) may fetch them. Rotating
 * and revoking them is for managers of the event.
 */
export const eventKeysFeature: Feature = {
  name: 'event-keys',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/keys', {
      schema: {
        operationId: 'getEventKeys', tags: ['tickets'],
        summary: 'Public Ed25519 keys that verify the event’s ticket QR codes (JWK Set)',
        params: Type.Object({ eventId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ keys: Type.Array(Jwk) }), 404: ERROR_RESPONSE },
      },
      config: { auth: 'public' },
    }, async (request, reply) => {
      const jwks = await asSystem(ctx.db, async (trx) => {
        const event = await trx.selectFrom('events').select('id').where('id', '=', request.params.eventId).executeTakeFirst();
        return event ? ctx.keys.publicJwks(trx, event.id) : undefined;
      });
      if (!jwks) return sendError(reply, 'not_found', 'No such event.');
      // Keys change rarely (rotation); a short cache spares the server on busy days.
      reply.header('cache-control', 'public, max-age=300');
      return jwks;
    });

    app.post('/api/v1/events/:eventId/keys/rotate', {
      schema: {
        operationId: 'rotateEventKey', tags: ['events'],
        summary: 'New signing key for new tickets; earlier tickets keep working until their key is revoked',
        params: EventParams, response: { 200: EventKeysAnswer, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => rotateEventKey(ctx, callerOf(principalOf(request)), request.params.eventId));

    app.post('/api/v1/events/:eventId/keys/:kid/revoke', {
      schema: {
        operationId: 'revokeEventKey', tags: ['events'],
        summary: 'Refuse every ticket signed by this key (revoked_key), online at once and on phones at their next sync; the active key is rotated first',
        params: EventKeyParams, response: { 200: EventKeysAnswer, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => revokeEventKey(ctx, callerOf(principalOf(request)), request.params.eventId, request.params.kid));
  },
};

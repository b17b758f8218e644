import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { asSystem } from '../db/database.ts';
import { sendError, ERROR_RESPONSE } from '../http/api-error.ts';

const Jwk = Type.Object({
  kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), kid: Type.String(), x: Type.String(),
  use: Type.Literal('sig'), alg: Type.Literal('EdDSA'), status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
});

/** Public keys are public: any verifier (a partner's scanner, openssl) may fetch them. */
export const eventKeysFeature: Feature = {
  name: 'event-keys',
  async register(app, ctx) {
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
  },
};

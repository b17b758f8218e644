import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { errorResponses } from '../http/api-error.ts';
import { ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyParams } from '../../contracts/api-keys.contract.ts';

const errors = errorResponses(400, 401, 403, 404, 429);

/** Integration API keys: owners and admins create, list and revoke them. */
export const apiKeysFeature: Feature = {
  name: 'api-keys',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.post('/api/v1/api-keys', {
      schema: {
        operationId: 'createApiKey', tags: ['api-keys'],
        summary: 'Create an API key for an integration; the key is shown only in this answer',
        body: ApiKeyCreate,
        response: { 201: ApiKeyCreated, ...errors },
      },
      config: { auth: { action: 'apikey:manage' } },
    }, async (request, reply) => reply.code(201).send(await createApiKey(ctx, principalOf(request), request.body.name)));

    app.get('/api/v1/api-keys', {
      schema: {
        operationId: 'listApiKeys', tags: ['api-keys'], summary: 'API keys of the organizer (never the keys themselves)',
        response: { 200: ApiKeyList, ...errors },
      },
      config: { auth: { action: 'apikey:manage' } },
    }, async (request) => ({ apiKeys: await listApiKeys(ctx, principalOf(request)) }));

    app.delete('/api/v1/api-keys/:apiKeyId', {
      schema: {
        operationId: 'revokeApiKey', tags: ['api-keys'], summary: 'Revoke an API key (immediately)',
        params: ApiKeyParams,
        response: { 204: Type.Null(), ...errors },
      },
      config: { auth: { action: 'apikey:manage', resource: 'api_key' } },
    }, async (request, reply) => {
      await revokeApiKey(ctx, principalOf(request), request.params.apiKeyId);
      return reply.code(204).send(null);
    });
  },
};

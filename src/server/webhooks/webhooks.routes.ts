import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext, Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import {
  changeEndpoint, createEndpoint, getDeliveries, getEndpoints, pingEndpoint, redeliver, removeEndpoint, rotateEndpointSecret,
  type Actor,
} from './webhook-endpoints.service.ts';
import { errorResponses } from '../http/api-error.ts';
import { Queued } from '../../contracts/common.contract.ts';
import {
  DeliveryList, DeliveryListQuery, DeliveryParams, Redelivered, WebhookCreate, WebhookEndpoint, WebhookList, WebhookParams, WebhookPatch,
  WebhookWithSecret,
} from '../../contracts/webhooks.contract.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const dispatchers = new WeakMap<AppContext, WebhookDispatcher>();

/** The app's webhook dispatcher (tests shorten its retry timing with configure()). */
export function webhookDispatcher(ctx: AppContext): WebhookDispatcher {
  const d = dispatchers.get(ctx);
  if (!d) throw new Error('the webhooks feature is not registered');
  return d;
}

const actorFor = (request: FastifyRequest): Actor => {
  const a = actorOf(principalOf(request));
  return { kind: a.actorKind === 'api_key' ? 'api_key' : 'staff', id: a.actorId };
};

/** Outgoing webhooks: endpoints, the delivery log, and the background dispatcher. */
export const webhooksFeature: Feature = {
  name: 'webhooks',
  async register(app, ctx) {
    installAuth(app, ctx);
    const auth = { auth: { action: 'webhook:manage' as const } };
    const tenantOf = (request: FastifyRequest) => principalOf(request).tenantId;

    app.post('/api/v1/webhooks', {
      schema: {
        operationId: 'createWebhookEndpoint', tags: ['webhooks'],
        summary: 'Register a receiver URL for signed event notifications; the signing secret is shown once',
        body: WebhookCreate,
        response: { 201: WebhookWithSecret, ...errors },
      },
      config: auth,
    }, async (request, reply) => reply.code(201).send(await createEndpoint(ctx, tenantOf(request), actorFor(request), request.body)));

    app.get('/api/v1/webhooks', {
      schema: {
        operationId: 'listWebhookEndpoints', tags: ['webhooks'], summary: 'The organizer’s webhook endpoints (never their secrets)',
        response: { 200: WebhookList, ...errors },
      },
      config: auth,
    }, async (request) => ({ endpoints: await getEndpoints(ctx, tenantOf(request)) }));

    app.patch('/api/v1/webhooks/:endpointId', {
      schema: {
        operationId: 'updateWebhookEndpoint', tags: ['webhooks'], summary: 'Change an endpoint’s URL, events or description, or pause it (active=false)',
        params: WebhookParams,
        body: WebhookPatch,
        response: { 200: WebhookEndpoint, ...errors },
      },
      config: auth,
    }, async (request) => changeEndpoint(ctx, tenantOf(request), actorFor(request), request.params.endpointId, request.body));

    app.delete('/api/v1/webhooks/:endpointId', {
      schema: {
        operationId: 'deleteWebhookEndpoint', tags: ['webhooks'], summary: 'Remove an endpoint and its delivery log',
        params: WebhookParams, response: { 204: Type.Null(), ...errors },
      },
      config: auth,
    }, async (request, reply) => {
      await removeEndpoint(ctx, tenantOf(request), actorFor(request), request.params.endpointId);
      return reply.code(204).send(null);
    });

    app.post('/api/v1/webhooks/:endpointId/rotate-secret', {
      schema: {
        operationId: 'rotateWebhookSecret', tags: ['webhooks'], summary: 'Replace the signing secret (shown once); the old one stops at once',
        params: WebhookParams, response: { 200: WebhookWithSecret, ...errors },
      },
      config: auth,
    }, async (request) => rotateEndpointSecret(ctx, tenantOf(request), actorFor(request), request.params.endpointId));

    app.post('/api/v1/webhooks/:endpointId/test', {
      schema: {
        operationId: 'testWebhookEndpoint', tags: ['webhooks'], summary: 'Queue a signed webhook.test event to this endpoint',
        params: WebhookParams, response: { 202: Queued, ...errors },
      },
      config: auth,
    }, async (request, reply) => reply.code(202).send(await pingEndpoint(ctx, tenantOf(request), request.params.endpointId)));

    app.get('/api/v1/webhooks/:endpointId/deliveries', {
      schema: {
        operationId: 'listWebhookDeliveries', tags: ['webhooks'],
        summary: 'Delivery log of an endpoint, newest first, with every attempt (status code, error, duration)',
        params: WebhookParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryList, ...errors },
      },
      config: auth,
    }, async (request) => ({ deliveries: await getDeliveries(ctx, tenantOf(request), request.params.endpointId, request.query) }));

    app.post('/api/v1/webhooks/:endpointId/deliveries/:deliveryId/redeliver', {
      schema: {
        operationId: 'redeliverWebhook', tags: ['webhooks'], summary: 'Send a delivery again now (e.g. a failed one after fixing the receiver)',
        params: DeliveryParams,
        response: { 202: Redelivered, ...errors },
      },
      config: auth,
    }, async (request, reply) => {
      await redeliver(ctx, tenantOf(request), actorFor(request), request.params.endpointId, request.params.deliveryId);
      return reply.code(202).send({ queued: true as const });
    });

    const dispatcher = new WebhookDispatcher(ctx);
    dispatchers.set(ctx, dispatcher);
    dispatcher.start();
  },
  async close(ctx) {
    await dispatchers.get(ctx)?.stop();
  },
};

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
import { WEBHOOK_EVENT_TYPES } from './webhook-outbox.ts';
import { errorResponses } from '../http/api-error.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const EventName = Type.String({
  description: `One of ${WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test').join(', ')}, or * for all`, maxLength: 50,
});
const Endpoint = Type.Object({
  id: Type.String({ format: 'uuid' }), url: Type.String(), description: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(Type.String()), active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
});
const WithSecret = Type.Object({
  endpoint: Endpoint,
  secret: Type.String({
    description: 'Signing secret in the Standard Webhooks form whsec_<base64>: verify webhook-signature with any Standard Webhooks '
      + 'library, or Karibu-Signature with the whole string as the HMAC key; shown only in this answer',
  }),
});
const EndpointParams = Type.Object({ endpointId: Type.String({ format: 'uuid' }) });
const Delivery = Type.Object({
  id: Type.String({ format: 'uuid' }), eventId: Type.String({ format: 'uuid' }), eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(), nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }), deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  attemptLog: Type.Array(Type.Object({
    attempt: Type.Integer(), at: Type.String({ format: 'date-time' }), statusCode: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]), durationMs: Type.Integer(),
  })),
});

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
        body: Type.Object({
          url: Type.String({ minLength: 8, maxLength: 2000 }),
          events: Type.Array(EventName, { minItems: 1, maxItems: 20 }),
          description: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        }, { additionalProperties: false }),
        response: { 201: WithSecret, ...errors },
      },
      config: auth,
    }, async (request, reply) => reply.code(201).send(await createEndpoint(ctx, tenantOf(request), actorFor(request), request.body)));

    app.get('/api/v1/webhooks', {
      schema: {
        operationId: 'listWebhookEndpoints', tags: ['webhooks'], summary: 'The organizer’s webhook endpoints (never their secrets)',
        response: { 200: Type.Object({ endpoints: Type.Array(Endpoint) }), ...errors },
      },
      config: auth,
    }, async (request) => ({ endpoints: await getEndpoints(ctx, tenantOf(request)) }));

    app.patch('/api/v1/webhooks/:endpointId', {
      schema: {
        operationId: 'updateWebhookEndpoint', tags: ['webhooks'], summary: 'Change an endpoint’s URL, events or description, or pause it (active=false)',
        params: EndpointParams,
        body: Type.Object({
          url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000 })),
          events: Type.Optional(Type.Array(EventName, { minItems: 1, maxItems: 20 })),
          description: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          active: Type.Optional(Type.Boolean()),
        }, { additionalProperties: false }),
        response: { 200: Endpoint, ...errors },
      },
      config: auth,
    }, async (request) => changeEndpoint(ctx, tenantOf(request), actorFor(request), request.params.endpointId, request.body));

    app.delete('/api/v1/webhooks/:endpointId', {
      schema: {
        operationId: 'deleteWebhookEndpoint', tags: ['webhooks'], summary: 'Remove an endpoint and its delivery log',
        params: EndpointParams, response: { 204: Type.Null(), ...errors },
      },
      config: auth,
    }, async (request, reply) => {
      await removeEndpoint(ctx, tenantOf(request), actorFor(request), request.params.endpointId);
      return reply.code(204).send(null);
    });

    app.post('/api/v1/webhooks/:endpointId/rotate-secret', {
      schema: {
        operationId: 'rotateWebhookSecret', tags: ['webhooks'], summary: 'Replace the signing secret (shown once); the old one stops at once',
        params: EndpointParams, response: { 200: WithSecret, ...errors },
      },
      config: auth,
    }, async (request) => rotateEndpointSecret(ctx, tenantOf(request), actorFor(request), request.params.endpointId));

    app.post('/api/v1/webhooks/:endpointId/test', {
      schema: {
        operationId: 'testWebhookEndpoint', tags: ['webhooks'], summary: 'Queue a signed webhook.test event to this endpoint',
        params: EndpointParams, response: { 202: Type.Object({ deliveryId: Type.String({ format: 'uuid' }) }), ...errors },
      },
      config: auth,
    }, async (request, reply) => reply.code(202).send(await pingEndpoint(ctx, tenantOf(request), request.params.endpointId)));

    app.get('/api/v1/webhooks/:endpointId/deliveries', {
      schema: {
        operationId: 'listWebhookDeliveries', tags: ['webhooks'],
        summary: 'Delivery log of an endpoint, newest first, with every attempt (status code, error, duration)',
        params: EndpointParams,
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          before: Type.Optional(Type.String({ format: 'date-time', description: 'Page: deliveries created before this time' })),
        }),
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errors },
      },
      config: auth,
    }, async (request) => ({ deliveries: await getDeliveries(ctx, tenantOf(request), request.params.endpointId, request.query) }));

    app.post('/api/v1/webhooks/:endpointId/deliveries/:deliveryId/redeliver', {
      schema: {
        operationId: 'redeliverWebhook', tags: ['webhooks'], summary: 'Send a delivery again now (e.g. a failed one after fixing the receiver)',
        params: Type.Object({ endpointId: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) }),
        response: { 202: Type.Object({ queued: Type.Literal(true) }), ...errors },
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

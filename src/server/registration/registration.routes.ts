import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { configureRegistration, getPublicEvent, readRegistrationSettings, register } from './registration.service.ts';
import { ERROR_RESPONSE as err, errorResponses } from '../http/api-error.ts';
import { EventParams } from '../../contracts/events.contract.ts';

const errors = errorResponses(400, 404, 409, 410, 422, 429);
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });
const Settings = Type.Object({
  enabled: Type.Boolean(), ticketTypeId: Type.String({ format: 'uuid' }),
  opensAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  url: Type.String({ description: 'The public registration page' }),
});

/**
 * Per IP: a person registers once or twice; a script registering thousands of fake guests (or
 * flooding someone's inbox through re-registration) is stopped. Generous enough for a campus NAT.
 */
export const REGISTRATION_RATE_LIMIT = { max: 10, timeWindow: 60_000 };

/** Free registration: the public API behind /e/{slug}/register, and the organizer's settings. */
export const registrationFeature: Feature = {
  name: 'registration',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/public/events/:slug', {
      schema: {
        operationId: 'getPublicEvent', tags: ['registration'], summary: 'Public facts about an event and whether registration is open',
        params: SlugParams,
        response: {
          200: Type.Object({
            slug: Type.String(), name: Type.String(), venue: Type.String(), timezone: Type.String(),
            startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), doorsOpenAt: Type.String({ format: 'date-time' }),
            registration: Type.Object({
              state: Type.Union([Type.Literal('open'), Type.Literal('not_open_yet'), Type.Literal('closed'), Type.Literal('full'), Type.Literal('unavailable')]),
              ticketType: Type.Union([Type.String(), Type.Null()]),
              spotsLeft: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no limit' }),
              emailDelivery: Type.Boolean({ description: 'true: the ticket is sent by email (the form answers "check your email")' }),
            }),
          }),
          ...errors,
        },
      },
      config: { auth: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
    }, async (request) => getPublicEvent(ctx, request.params.slug));

    app.post('/api/v1/public/events/:slug/registrations', {
      schema: {
        operationId: 'registerForEvent', tags: ['registration'],
        summary: 'Register for a free event. With email on: 202 "check your email" for new and repeated addresses alike. '
          + 'With email off: 201 with the ticket link, 409 already_exists for a repeated address. 409 capacity_reached when full.',
        params: SlugParams,
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ minLength: 3, maxLength: 254 }),
          phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          phoneRegion: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
          locale: Type.Optional(Type.String({ maxLength: 35, description: 'Language of the ticket email (BCP 47)' })),
        }, { additionalProperties: false }),
        response: {
          201: Type.Object({ status: Type.Literal('registered'), ticketUrl: Type.String() }),
          202: Type.Object({ status: Type.Literal('check_email'), email: Type.String() }),
          ...errors, 503: err,
        },
      },
      config: { auth: 'public', rateLimit: REGISTRATION_RATE_LIMIT },
    }, async (request, reply) => {
      const result = await register(ctx, request.params.slug, request.body);
      return reply.code(result.status === 'registered' ? 201 : 202).send(result);
    });

    app.get('/api/v1/events/:eventId/registration', {
      schema: {
        operationId: 'getRegistrationSettings', tags: ['registration'], summary: 'Free registration settings of an event (null: none)',
        params: EventParams, response: { 200: Type.Union([Settings, Type.Null()]), 401: err, 403: err, 404: err },
      },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request) => readRegistrationSettings(ctx, principalOf(request).tenantId, request.params.eventId));

    app.put('/api/v1/events/:eventId/registration', {
      schema: {
        operationId: 'updateRegistrationSettings', tags: ['registration'],
        summary: 'Open or close free registration: which ticket type registrants get, optional opening window (capacity: the event’s and the type’s)',
        params: EventParams,
        body: Type.Object({
          enabled: Type.Boolean(), ticketTypeId: Type.String({ format: 'uuid' }),
          opensAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          closesAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
        }, { additionalProperties: false }),
        response: { 200: Settings, 400: err, 401: err, 403: err, 404: err, 422: err },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => {
      const principal = principalOf(request);
      const actor = actorOf(principal);
      return configureRegistration(ctx, principal.tenantId, request.params.eventId, actor.actorId,
        actor.actorKind === 'api_key' ? 'api_key' : 'staff', request.body);
    });
  },
};

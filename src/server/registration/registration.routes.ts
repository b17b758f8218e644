import type { Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { configureRegistration, getPublicEvent, readRegistrationSettings, register } from './registration.service.ts';
import { ERROR_RESPONSE as err, errorResponses } from '../http/api-error.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import {
  CheckEmail, MaybeRegistrationSettings, PublicEvent, Registered, RegistrationBody, RegistrationSettings, RegistrationSettingsBody, SlugParams,
} from '../../contracts/registration.contract.ts';

const errors = errorResponses(400, 404, 409, 410, 422, 429);
const settingsErrors = errorResponses(400, 401, 403, 404, 429);

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
        response: { 200: PublicEvent, ...errors },
      },
      config: { auth: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
    }, async (request) => getPublicEvent(ctx, request.params.slug));

    app.post('/api/v1/public/events/:slug/registrations', {
      schema: {
        operationId: 'registerForEvent', tags: ['registration'],
        summary: 'Register for a free event. With email on: 202 "check your email" for new and repeated addresses alike. '
          + 'With email off: 201 with the ticket link, 409 already_exists for a repeated address. 409 capacity_reached when full.',
        params: SlugParams,
        body: RegistrationBody,
        response: { 201: Registered, 202: CheckEmail, ...errors, 503: err },
      },
      config: { auth: 'public', rateLimit: REGISTRATION_RATE_LIMIT },
    }, async (request, reply) => {
      const result = await register(ctx, request.params.slug, request.body);
      return reply.code(result.status === 'registered' ? 201 : 202).send(result);
    });

    app.get('/api/v1/events/:eventId/registration', {
      schema: {
        operationId: 'getRegistrationSettings', tags: ['registration'], summary: 'Free registration settings of an event (null: none)',
        params: EventParams, response: { 200: MaybeRegistrationSettings, ...settingsErrors },
      },
      config: { auth: { action: 'event:read', resource: 'event' } },
    }, async (request) => readRegistrationSettings(ctx, principalOf(request).tenantId, request.params.eventId));

    app.put('/api/v1/events/:eventId/registration', {
      schema: {
        operationId: 'updateRegistrationSettings', tags: ['registration'],
        summary: 'Open or close free registration: which ticket type registrants get, optional opening window (capacity: the event’s and the type’s)',
        params: EventParams,
        body: RegistrationSettingsBody,
        response: { 200: RegistrationSettings, ...settingsErrors, 422: err },
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

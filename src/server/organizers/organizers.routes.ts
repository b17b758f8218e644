import {
  Organizer, OrganizerPatch, PasswordSetupBody, PasswordSetupDone, SignupBody, SignupCreated, SignupPending,
} from '../../contracts/organizer.contract.ts';
import type { Feature } from '../app-context.ts';
import { ERROR_RESPONSE as errorResponse, errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf } from '../auth/caller.ts';
import { getOrganizer, updateOrganizerOf } from './organizers.service.ts';
import { redeemSetupLink } from './setup-link.service.ts';
import { signUp } from './signup.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 429);

/** The organizer's settings, self-service sign-up and the password-setup links. */
export const organizersFeature: Feature = {
  name: 'organizers',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/organizer', {
      schema: { operationId: 'getOrganizer', tags: ['organizers'], summary: 'The caller’s organizer: name, default language and time zone', response: { 200: Organizer, ...errors } },
      config: { auth: { action: 'self:read' } },
    }, async (request) => getOrganizer(ctx.db, callerOf(principalOf(request))));

    app.patch('/api/v1/organizer', {
      schema: {
        operationId: 'updateOrganizer', tags: ['organizers'], summary: 'Change the organizer’s name, default language or default time zone (IANA)',
        body: OrganizerPatch, response: { 200: Organizer, ...errors },
      },
      config: { auth: { action: 'tenant:manage' } },
    }, async (request) => updateOrganizerOf(ctx.db, callerOf(principalOf(request)), request.body));

    app.post('/api/v1/organizers', {
      schema: {
        operationId: 'signUp', tags: ['organizers'],
        summary: 'Create an organizer and its owner (only when the server runs with KARIBU_SIGNUP=open)',
        description: 'With SMTP_URL set, the owner gets an email with a one-time link (24 h) that confirms the address and sets the password (answer 202; leave out password). Without email, give password (answer 201). Closed sign-up answers 403.',
        body: SignupBody,
        response: { 201: SignupCreated, 202: SignupPending, ...errors, 422: errorResponse, 503: errorResponse },
      },
      config: { auth: 'public', rateLimit: { max: 10, timeWindow: 3600_000 } },
    }, async (request, reply) => {
      const result = await signUp(ctx, request.body);
      if (result.kind === 'confirm_email') return reply.code(202).send({ status: 'confirm_email', email: result.email });
      return reply.code(201).send({ organizer: result.created.organizer, owner: result.created.owner });
    });

    app.post('/api/v1/auth/password-setup', {
      schema: {
        operationId: 'setPasswordWithLink', tags: ['auth'],
        summary: 'Set a password with a one-time setup link (the secret after #token=); then sign in with POST /api/v1/auth/login',
        description: 'A link works once and for 24 hours; an unknown, used or expired link answers 410. Setting the password ends the person’s other sessions.',
        body: PasswordSetupBody, response: { 200: PasswordSetupDone, 400: errorResponse, 410: errorResponse, 429: errorResponse },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
    }, async (request) => redeemSetupLink(ctx, request.body.token, request.body.password));
  },
};

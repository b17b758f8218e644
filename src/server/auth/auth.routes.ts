import { Type } from 'typebox';
import { LoginBody, RefreshBody, Session, TokenPair } from '../../contracts/auth.contract.ts';
import type { Feature } from '../app-context.ts';
import { sendError, ERROR_RESPONSE as errorResponse } from '../http/api-error.ts';
import { installAuth, principalOf } from './auth-guard.ts';
import { authRuntime } from './auth-runtime.ts';
import { login, logout, refresh } from './auth.service.ts';

/** Login attempts per email and client address: enough for typos, not for guessing. */
const LOGIN_ATTEMPTS = 10;
const LOGIN_WINDOW_MS = 15 * 60_000;

/** Staff sign-in, token refresh, sign-out and "who am I". */
export const authFeature: Feature = {
  name: 'auth',
  async register(app, ctx) {
    installAuth(app, ctx);
    const perEmail = authRuntime(ctx).limiter('login', LOGIN_ATTEMPTS, LOGIN_WINDOW_MS, (request) => {
      const email = String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();
      return `${email}|${request.ip}`;
    });

    app.post('/api/v1/auth/login', {
      schema: {
        operationId: 'login', tags: ['auth'],
        summary: 'Sign in with email and password (on a door phone: also its device token)',
        description: 'Unknown email and wrong password give the same answer. Throttled per email and client address.',
        body: LoginBody,
        response: { 200: TokenPair, 400: errorResponse, 401: errorResponse, 403: errorResponse, 429: errorResponse },
      },
      config: { auth: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
    }, async (request, reply) => {
      const limited = await perEmail(request);
      if (!limited.allowed) {
        return sendError(reply, 'locked_out', `Too many sign-in attempts; retry in ${limited.retryAfterSeconds} s.`, { 'retry-after': String(limited.retryAfterSeconds) });
      }
      return login(ctx, request.body);
    });

    app.post('/api/v1/auth/refresh', {
      schema: {
        operationId: 'refreshToken', tags: ['auth'], summary: 'Exchange a refresh token for a new token pair (single use)',
        body: RefreshBody,
        response: { 200: TokenPair, 400: errorResponse, 401: errorResponse, 429: errorResponse },
      },
      config: { auth: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
    }, async (request) => refresh(ctx, request.body.refreshToken));

    app.post('/api/v1/auth/logout', {
      schema: {
        operationId: 'logout', tags: ['auth'], summary: 'End the session of a refresh token (its access tokens stop working too)',
        body: RefreshBody,
        response: { 204: Type.Null(), 400: errorResponse, 429: errorResponse },
      },
      config: { auth: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
    }, async (request, reply) => {
      await logout(ctx, request.body.refreshToken);
      return reply.code(204).send(null);
    });

    app.get('/api/v1/auth/me', {
      schema: {
        operationId: 'getSession', tags: ['auth'], summary: 'Who the current credentials belong to, with role, device and scopes',
        response: {
          200: Session,
          401: errorResponse, 429: errorResponse,
        },
      },
      config: { auth: { action: 'self:read' } },
    }, async (request) => {
      const p = principalOf(request);
      if (p.kind === 'api_key') return { kind: p.kind, tenantId: p.tenantId, staffId: null, apiKeyId: p.apiKeyId, role: p.role, device: null, scopes: 'all' as const };
      return { kind: p.kind, tenantId: p.tenantId, staffId: p.staffId, apiKeyId: null, role: p.role, device: p.device, scopes: p.scopes };
    });
  },
};

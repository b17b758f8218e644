import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { App, AppContext } from '../app-context.ts';
import type { AccessClaims } from './access-token.ts';
import { attachPrincipal, ensureAuthRuntime, type AuthRuntime } from './auth-runtime.ts';
import { describePrincipal, livePrincipal, type LivePrincipalRow, type Principal, type StaffPrincipal } from './principal.ts';
import { hashSecret, looksLikeSecret } from './secret-token.ts';
import { sendError } from '../http/api-error.ts';
import { apiKeysMay, authorize, type Action, type Resource } from './authorize.ts';

/**
 * The auth guard: authentication, per-principal rate limits and authorization for every route of
 * a feature, driven by the route's declaration `config.auth`. A feature calls installAuth(app, ctx)
 * once; routes then declare what they need (see http/README.md). A route that declares nothing is
 * refused with 500 (fail closed), and test/authz fails on it.
 *
 * Runs as a preValidation hook: after the per-IP rate limit (onRequest), before body validation,
 * so an unauthenticated caller learns nothing from validation errors either.
 */
export type ResourceKind = 'tenant' | 'event' | 'venue' | 'device' | 'staff' | 'api_key';

export interface RouteAuth {
  action: Action;
  /** What the action is done to (default 'tenant'). Its id is the path parameter `param`. */
  resource?: ResourceKind;
  /** Path parameter holding the resource id; default eventId / venueId / deviceId / staffId / apiKeyId. */
  param?: string;
  /**
   * 'handler': the guard authenticates and rate-limits only; the handler loads the live principal
   * inside its own transaction and calls authorize() itself (the scan hot path does this to save
   * a round trip). Default 'guard'.
   */
  check?: 'guard' | 'handler';
}
export type AuthSpec = 'public' | RouteAuth;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: 'public' or what the caller must be allowed to do. */
    auth?: AuthSpec;
  }
}

const DEFAULT_PARAM: Record<Exclude<ResourceKind, 'tenant'>, string> = {
  event: 'eventId', venue: 'venueId', device: 'deviceId', staff: 'staffId', api_key: 'apiKeyId',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The guard's answer for a resource outside the caller's tenant or nonexistent (the same on purpose). */
export const NO_SUCH_RESOURCE = 'No such resource.';

interface AuthState { principal: Principal; resource: Resource | undefined; claims: AccessClaims | undefined }
const STATE = Symbol('karibu.auth');
type WithState = FastifyRequest & { [STATE]?: AuthState };
const states = {
  get: (request: FastifyRequest) => (request as WithState)[STATE],
  set: (request: FastifyRequest, state: AuthState) => { (request as WithState)[STATE] = state; },
};

/** The authenticated principal of a request that passed the guard. */
export function principalOf(request: FastifyRequest): Principal {
  const state = states.get(request);
  if (!state) throw new Error('principalOf: the route has no auth guard (installAuth) or is public');
  return state.principal;
}

/** The resource the guard authorized (undefined for check: 'handler' routes). */
export function resourceOf(request: FastifyRequest): Resource | undefined {
  return states.get(request)?.resource;
}

/** The verified access-token claims of a staff request (for check: 'handler' routes). */
export function claimsOf(request: FastifyRequest): AccessClaims | undefined {
  return states.get(request)?.claims;
}

/**
 * Declares every route of this feature's scope public (static files, health probes): for features
 * whose routes are registered by a plugin that takes no route config. Call before registering.
 */
export function declarePublic(app: App): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined) route.config = { ...route.config, auth: 'public' };
  });
}

/** Adds the guard to this feature's scope. Call once at the top of a feature's register(). */
export function installAuth(app: App, ctx: AppContext): void {
  const runtime = ensureAuthRuntime(app, ctx);
  // Publish each route's declaration in the OpenAPI document: `security` for API users, and
  // `x-karibu-auth`, which test/authz reads to check that every route declares one.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    if (!auth) return;
    const declared = auth === 'public' ? 'public' : { action: auth.action, resource: auth.resource ?? 'tenant', check: auth.check ?? 'guard' };
    const security = auth === 'public' ? [] : apiKeysMay(auth.action) ? [{ bearer: [] }, { apiKey: [] }] : [{ bearer: [] }];
    route.schema = { security, ...route.schema, 'x-karibu-auth': declared } as typeof route.schema;
  });
  app.addHook('preValidation', async (request, reply) => guard(ctx, runtime, request, reply));
}

async function guard(ctx: AppContext, runtime: AuthRuntime, request: FastifyRequest, reply: FastifyReply) {
  const spec = request.routeOptions.config.auth;
  if (spec === 'public') return;
  if (!spec) {
    request.log.error({ route: request.routeOptions.url }, 'route declares no auth requirement (config.auth)');
    return sendError(reply, 'internal', 'This route is misconfigured.');
  }
  const authn = await authenticate(ctx, runtime, request);
  if (!authn.ok) {
    request.log.info({ route: request.routeOptions.url, reason: authn.code }, 'unauthenticated request refused');
    return sendError(reply, authn.code, authn.message, { 'www-authenticate': 'Bearer' });
  }
  attachPrincipal(request, authn.principal);
  const limited = await checkLimits(runtime, request, authn.principal);
  if (limited) return sendError(reply, 'rate_limited', `Too many requests; retry in ${limited} s.`, { 'retry-after': String(limited) });

  // Only staff sessions take the in-handler path; an API key is checked here like anywhere else.
  if (spec.check === 'handler' && authn.claims) {
    states.set(request, { principal: authn.principal, resource: undefined, claims: authn.claims });
    return;
  }
  const kind = spec.resource ?? 'tenant';
  const resourceId = kind === 'tenant' ? null : (request.params as Record<string, string | undefined>)[spec.param ?? DEFAULT_PARAM[kind]];
  const access = await decideAccess(ctx, request.log, authn.principal, authn.claims, spec.action, kind, resourceId);
  if (!access.allowed) {
    return sendError(reply, access.code, access.message, access.code === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : undefined);
  }
  attachPrincipal(request, access.principal);
  states.set(request, { principal: access.principal, resource: access.resource, claims: authn.claims });
}

export type AccessDecision =
  | { allowed: true; principal: Principal; resource: Resource }
  | { allowed: false; code: 'unauthorized' | 'not_found' | 'forbidden'; message: string };

/**
 * The guard's authorization: `action` on the resource, decided on the LIVE principal (device not
 * revoked, staff active, scopes as they are now). Exported for handlers that authorize themselves
 * (`check: 'handler'`) and must decide before refusing for another reason: an out-of-scope scan
 * is 403 however throttled its device is.
 */
export async function decideAccess(
  ctx: AppContext, log: FastifyBaseLogger, token: Principal, claims: AccessClaims | undefined, action: Action, kind: ResourceKind, resourceId: string | null | undefined,
): Promise<AccessDecision> {
  if (kind !== 'tenant' && (!resourceId || !UUID.test(resourceId))) return { allowed: false, code: 'not_found', message: NO_SUCH_RESOURCE };
  const lookup = await lookupLive(ctx, token.tenantId, claims, kind, resourceId);
  const principal = claims ? livePrincipal(claims, lookup) : token;
  if (!principal) {
    log.info({ principal: describePrincipal(token) }, 'session no longer valid');
    return { allowed: false, code: 'unauthorized', message: 'Your session has ended (signed out, device revoked or account disabled). Sign in again.' };
  }
  if (kind !== 'tenant' && !lookup?.resource_found) return { allowed: false, code: 'not_found', message: NO_SUCH_RESOURCE };
  const resource: Resource = { tenantId: principal.tenantId, venueId: lookup?.resource_venue ?? null, eventId: lookup?.resource_event ?? null };
  if (kind === 'tenant' || kind === 'staff' || kind === 'api_key') resource.venueId = undefined;
  const decision = authorize(principal, action, resource);
  if (!decision.allowed) {
    log.warn({ principal: describePrincipal(principal), action, resource, code: decision.code }, 'authorization denied');
    return decision;
  }
  return { allowed: true, principal, resource };
}

/** The principal an access token claims, before the live one replaces it. */
export function tokenPrincipal(c: AccessClaims): StaffPrincipal {
  return { kind: 'staff', tenantId: c.tenantId, staffId: c.staffId, role: c.role, sessionId: c.sessionId, device: c.device, scopes: [] };
}

type Authn =
  | { ok: true; principal: Principal; claims: AccessClaims | undefined }
  | { ok: false; code: 'unauthorized' | 'token_expired'; message: string };

const NO_CREDENTIALS: Authn = { ok: false, code: 'unauthorized', message: 'Sign in first: send Authorization: Bearer <access token> or x-api-key.' };
const BAD_CREDENTIALS: Authn = { ok: false, code: 'unauthorized', message: 'The credentials are not valid.' };

async function authenticate(ctx: AppContext, runtime: AuthRuntime, request: FastifyRequest): Promise<Authn> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    if (!header.startsWith('Bearer ')) return BAD_CREDENTIALS;
    const result = await runtime.tokens.verify(header.slice(7).trim());
    if (!result.ok) {
      return result.expired ? { ok: false, code: 'token_expired', message: 'The access token has expired; refresh it.' } : BAD_CREDENTIALS;
    }
    const c = result.claims;
    // Token-only principal (role and device from the signed claims); replaced by the live one
    // before any authorization decision.
    return { ok: true, principal: tokenPrincipal(c), claims: c };
  }
  const apiKey = request.headers['x-api-key'];
  if (apiKey !== undefined) {
    if (!looksLikeSecret('api_key', apiKey)) return BAD_CREDENTIALS;
    const { rows } = await sql<{ id: string; tenant_id: string; revoked: boolean }>`
      select * from karibu_api_key_lookup(${hashSecret(apiKey)})`.execute(ctx.db);
    const row = rows[0];
    if (!row || row.revoked) return BAD_CREDENTIALS;
    return { ok: true, principal: { kind: 'api_key', tenantId: row.tenant_id, apiKeyId: row.id, role: 'integration' }, claims: undefined };
  }
  return NO_CREDENTIALS;
}

async function checkLimits(runtime: AuthRuntime, request: FastifyRequest, principal: Principal): Promise<number | null> {
  const checks = principal.kind === 'api_key'
    ? [runtime.perApiKey]
    : principal.device ? [runtime.perDevice, runtime.perStaff] : [runtime.perStaff];
  // Concurrently: with Redis each check is a round trip, and a scan should wait for one, not two.
  const results = await Promise.all(checks.map((check) => check(request)));
  const denied = results.find((r) => !r.allowed);
  return denied && !denied.allowed ? denied.retryAfterSeconds : null;
}

interface LookupRow extends LivePrincipalRow {
  resource_found: boolean;
  resource_venue: string | null;
  resource_event: string | null;
}

/** One statement: the live principal (staff sessions) and the resource's venue, in the tenant. */
async function lookupLive(
  ctx: AppContext, tenantId: string, claims: AccessClaims | undefined, kind: ResourceKind, id: string | null | undefined,
): Promise<LookupRow | undefined> {
  if (!claims && kind === 'tenant') return undefined;
  const { rows } = await sql<LookupRow>`select * from karibu_auth_lookup(${tenantId}::uuid, ${claims?.staffId ?? null}::uuid,
    ${claims?.device?.id ?? null}::uuid, ${claims?.sessionId ?? null}::uuid, ${kind}, ${id ?? null}::uuid)`.execute(ctx.db);
  return rows[0];
}

import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app-context.ts';
import { AccessTokens } from './access-token.ts';
import type { Principal } from './principal.ts';

/**
 * Per-app auth state that features share without globals: the access-token signer/verifier (with
 * its verified-token cache) and the per-principal rate limiters. Keyed by the AppContext, made on
 * first use by installAuth(), so tests that build many apps in one process never share it.
 */
export type Limiter = (request: FastifyRequest) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;

export interface AuthRuntime {
  tokens: AccessTokens;
  /** Limits keyed by the principal the guard found on the request. */
  perDevice: Limiter;
  perStaff: Limiter;
  perApiKey: Limiter;
  /** Makes a limiter with its own key and budget (login attempts, pairing…); shared via Redis when configured. */
  limiter(name: string, max: number, windowMs: number, key: (request: FastifyRequest) => string): Limiter;
}

/**
 * Budgets. A fast door scans a ticket every 1–2 s; 600 a minute per device (10/s) leaves room
 * for bursts and a group check-in while stopping a script. A staff member may hold two devices.
 */
export const LIMITS = {
  perDevicePerMinute: 600,
  perStaffPerMinute: 1_200,
  perApiKeyPerMinute: 6_000,
} as const;

const runtimes = new WeakMap<AppContext, AuthRuntime>();
// A symbol-keyed property rather than a WeakMap keyed by request: one per request at door rates,
// and a plain property costs the garbage collector nothing extra.
const PRINCIPAL = Symbol('karibu.principal');
type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

/** The principal the guard attached to this request (used by the limiters' key functions). */
export function attachPrincipal(request: FastifyRequest, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}
export function attachedPrincipal(request: FastifyRequest): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}

export function ensureAuthRuntime(app: App, ctx: AppContext): AuthRuntime {
  const existing = runtimes.get(ctx);
  if (existing) return existing;
  const limiter: AuthRuntime['limiter'] = (name, max, windowMs, key) => {
    // The app's store counts in the process while Redis is away (redis/rate-limit-store.ts);
    // skipOnError only guards against a store failing in some other way: never stop a door for it.
    const check = app.createRateLimit({ max, timeWindow: windowMs, skipOnError: true, keyGenerator: (req) => `${name}:${key(req)}` });
    return async (request) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, result.ttlInSeconds) };
    };
  };
  const idOf = (request: FastifyRequest, pick: (p: Principal) => string | undefined) => {
    const p = attachedPrincipal(request);
    return (p && pick(p)) ?? 'none';
  };
  const runtime: AuthRuntime = {
    tokens: new AccessTokens(ctx.masterKey),
    perDevice: limiter('dev', LIMITS.perDevicePerMinute, 60_000, (r) => idOf(r, (p) => (p.kind === 'staff' ? p.device?.id : undefined))),
    perStaff: limiter('staff', LIMITS.perStaffPerMinute, 60_000, (r) => idOf(r, (p) => (p.kind === 'staff' ? p.staffId : undefined))),
    perApiKey: limiter('key', LIMITS.perApiKeyPerMinute, 60_000, (r) => idOf(r, (p) => (p.kind === 'api_key' ? p.apiKeyId : undefined))),
    limiter,
  };
  runtimes.set(ctx, runtime);
  return runtime;
}

/** The runtime for services that run after registration (throws if no feature installed auth). */
export function authRuntime(ctx: AppContext): AuthRuntime {
  const runtime = runtimes.get(ctx);
  if (!runtime) throw new Error('auth runtime not initialised: call installAuth(app, ctx) in a feature');
  return runtime;
}

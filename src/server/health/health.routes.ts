import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { DATABASE_UNREACHABLE, sendError, ERROR_RESPONSE as errorResponse } from '../http/api-error.ts';

const Status = Type.Object({ status: Type.Literal('ok') });
const Readiness = Type.Object({
  status: Type.Literal('ok'),
  degraded: Type.Optional(Type.Array(Type.Literal('redis'), {
    description: 'Optional dependencies that are unreachable: the server works without them, in this process',
  })),
});

/** Liveness, readiness (database, Redis, draining) and Prometheus metrics. */
export const healthFeature: Feature = {
  name: 'health',
  async register(app, ctx) {
    app.get('/health/live', {
      schema: { operationId: 'getLiveness', tags: ['operations'], summary: 'The process is up', response: { 200: Status } },
      config: { auth: 'public', rateLimit: false },
    }, async () => ({ status: 'ok' as const }));

    app.get('/health/ready', {
      schema: {
        operationId: 'getReadiness', tags: ['operations'],
        summary: 'Ready for traffic: database reachable, not shutting down (Redis down only degrades)',
        description: 'Redis is an accelerator: without it the instance keeps serving from its own memory and answers 200 with `degraded: ["redis"]`, so a load balancer does not take every instance out at once when their shared Redis goes. The database is required: 503 `database_unavailable` without it.',
        response: { 200: Readiness, 503: errorResponse },
      },
      config: { auth: 'public', rateLimit: false },
    }, async (request, reply) => {
      if (ctx.lifecycle.draining) return sendError(reply, 'draining', 'Shutting down; send new requests elsewhere.');
      try {
        await withTimeout(ctx.database.ping(), 2_000);
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed: database unreachable');
        return sendError(reply, 'database_unavailable', DATABASE_UNREACHABLE);
      }
      // The circuit's view (redis/redis.ts), not a PING of our own: the probe has no wait to add.
      return ctx.redis && !ctx.redis.up ? { status: 'ok' as const, degraded: ['redis' as const] } : { status: 'ok' as const };
    });

    app.get('/metrics', {
      schema: {
        operationId: 'getMetrics', tags: ['operations'], summary: 'Prometheus metrics',
        response: { 200: Type.String() },
      },
      config: { auth: 'public', rateLimit: false },
    }, async (_request, reply) => {
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    });
  },
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import { Type } from 'typebox';
import type { Feature } from '../app-context.ts';
import { sendError, ERROR_RESPONSE as errorResponse } from '../http/api-error.ts';

const Status = Type.Object({ status: Type.Literal('ok') });

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
        summary: 'Ready for traffic: database (and Redis) reachable, not shutting down',
        response: { 200: Status, 503: errorResponse },
      },
      config: { auth: 'public', rateLimit: false },
    }, async (request, reply) => {
      if (ctx.lifecycle.draining) return sendError(reply, 'draining', 'Shutting down; send new requests elsewhere.');
      try {
        await withTimeout(ctx.database.ping(), 2_000);
        if (ctx.redis) await withTimeout(ctx.redis.ping(), 2_000);
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        return sendError(reply, 'unavailable', 'A dependency is unreachable.');
      }
      return { status: 'ok' as const };
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

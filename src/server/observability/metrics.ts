import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per app instance (tests build many apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'karibu_' });
  const httpDuration = new Histogram({
    name: 'karibu_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    // Door scans must answer well under 50 ms; resolve that range finely.
    buckets: [0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const scanBatchSize = new Histogram({
    name: 'karibu_scan_batch_size',
    help: 'Online door scans judged per database transaction (scans arriving together share one)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  // Redis is optional and may come and go (redis/redis.ts): 1 while shared state goes through it.
  const redisUp = new Gauge({
    name: 'karibu_redis_up',
    help: '1 while Redis answers; 0 while rate limits and the lockout run in this process (or no REDIS_URL)',
    registers: [registry],
  });
  const redisTransitions = new Counter({
    name: 'karibu_redis_transitions_total',
    help: 'Times this process lost Redis (to="down") or got it back (to="up")',
    labelNames: ['to'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, scanBatchSize, redisUp, redisTransitions };
}
export type Metrics = ReturnType<typeof createMetrics>;

export function installRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  // Callback style, not async: no promise per request for synchronous work.
  app.addHook('onResponse', (request, reply, done) => {
    // The route template, never the raw URL: bounded label cardinality and no secrets in labels.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

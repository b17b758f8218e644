import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App, AppContext } from './app-context.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { FEATURES } from './features.ts';
import { ErrorBody, handleFrameworkError, installErrorHandling } from './http/api-error.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { buildValidatorFactory } from './http/validation.ts';
import { loggerOptions } from './observability/logger.ts';
import { createMetrics, installRequestMetrics } from './observability/metrics.ts';
import { failoverRateLimitStore } from './redis/rate-limit-store.ts';
import { openRedis, type RedisLink } from './redis/redis.ts';
import { resolveMasterKey } from './secrets/master-key.ts';
import { EventKeys } from './keys/event-keys.service.ts';

export interface BuildOptions {
  /** An already open database (tests hand in a copy of a migrated template). Closed with the app. */
  database?: DatabaseHandle;
  /** Skip applying migrations on start (the database is known to be current). */
  skipMigrations?: boolean;
}

export interface RouteInfo { method: string; url: string; hidden: boolean }
export type KaribuApp = App & { ctx: AppContext; routeList: RouteInfo[] };

/** The composition root: config in, a ready Fastify app out. main.ts only adds listen and signals. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<KaribuApp> {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Bound how long a slow client can hold a request open (slowloris) without hurting slow phones.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    // Requests that reach us while draining are still served; only readiness turns 503, so the load
    // balancer stops sending new work while nothing accepted is dropped.
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildValidator: buildValidatorFactory() as never } },
    // Broken %-encoding or an over-long path part still gets the one error shape.
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Every route, as registered: tests check each is documented with an operationId.
  const routeList: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routeList.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
    }
  });
  (app as KaribuApp).routeList = routeList;

  const masterKey = await resolveMasterKey(config);
  if (masterKey.source === 'generated') {
    app.log.warn({ path: masterKey.path }, 'generated a development master key (mode 0600); set KARIBU_MASTER_KEY in production');
  }

  const database = options.database ?? await openConfiguredDatabase(config,
    (err) => app.log.warn({ err }, 'idle database connection lost; it will be replaced'));
  const metrics = createMetrics();
  let redis: RedisLink | undefined;
  try {
    if (!options.skipMigrations) {
      const result = await migrate(database);
      if (result.applied.length > 0) app.log.info({ applied: result.applied }, 'database migrated');
    }
    redis = config.redisUrl ? await openRedis(config.redisUrl, config.redisKeyPrefix, app.log, metrics) : undefined;
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }

  const ctx: AppContext = {
    config, database, db: database.db, redis, masterKey: masterKey.key, keys: new EventKeys(masterKey.key),
    metrics, log: app.log, lifecycle: { draining: false },
  };
  (app as KaribuApp).ctx = ctx;

  installErrorHandling(app);
  installRequestMetrics(app, ctx.metrics);
  app.addSchema(ErrorBody);

  installSecurityHeaders(app, config);
  await app.register(rateLimit, {
    global: true,
    // Per IP, generous: a whole venue's door phones may share one NAT address. Finer, per-principal
    // limits are set by the routes that need them.
    max: 6_000,
    timeWindow: 60_000,
    // Shared through Redis while it answers, in this process while it does not (redis/).
    ...(redis ? { store: failoverRateLimitStore(redis, `${redis.keyPrefix}rl:`) } : {}),
    errorResponseBuilder: (_req, context) => {
      const err = new Error(`Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`) as Error & { statusCode: number };
      err.statusCode = 429;
      return err;
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Karibu API', version: '1', description: 'Offline-first event check-in. Errors are always `{ "error": { "code", "message" } }`.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  for (const feature of FEATURES) {
    await app.register(async (scope) => feature.register(scope as unknown as App, ctx), { name: feature.name } as never);
  }

  app.addHook('onClose', async () => {
    for (const feature of [...FEATURES].reverse()) await feature.close?.(ctx).catch((err) => app.log.error({ err }, 'feature close failed'));
    await redis?.close();
    await database.close();
  });

  await app.ready();
  return app as KaribuApp;
}

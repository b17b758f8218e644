import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { DatabaseHandle, Db } from './db/database.ts';
import type { Metrics } from './observability/metrics.ts';
import type { RedisLink } from './redis/redis.ts';
import type { EventKeys } from './keys/event-keys.service.ts';

/** What every feature gets from the composition root; nothing is reached through globals. */
export interface AppContext {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly db: Db;
  /**
   * Present when REDIS_URL is set: state shared by every server instance. Check `redis.up` before
   * each use and fall back to the process when it is false (redis/redis.ts).
   */
  readonly redis: RedisLink | undefined;
  readonly masterKey: Uint8Array;
  readonly metrics: Metrics;
  /** Per-event signing keys and rotation secrets (decrypted copies cached in this process). */
  readonly keys: EventKeys;
  readonly log: FastifyBaseLogger;
  /** Set when a shutdown began: /health/ready answers 503 so the load balancer stops sending. */
  readonly lifecycle: { draining: boolean };
}

/** The Fastify instance type features register routes on (TypeBox-typed schemas). */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A feature folder's entry point: registers its routes (and hooks) on its own encapsulated scope. */
export interface Feature {
  readonly name: string;
  register(app: App, ctx: AppContext): Promise<void>;
  /** Runs when the app closes, before the database and Redis close. */
  close?(ctx: AppContext): Promise<void>;
}

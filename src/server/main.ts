import { setFlagsFromString } from 'node:v8';
import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger } from 'fastify';
import type { KaribuApp } from './app.ts';
import { ConfigError, loadConfig, publicUrlWarning } from './config.ts';
import { openConfiguredDatabase } from './db/database.ts';

/** The process: load config, build, listen, drain gracefully on SIGTERM/SIGINT. Nothing else. */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  hooks: { beforeListen?: (app: KaribuApp) => Promise<void> } = {},
) {
  const started = performance.now();
  keepRequestsYoung();
  const config = loadConfig(env);
  // Open the database while the application modules load: PGlite spends most of its start
  // compiling WebAssembly, which V8 does on background threads.
  let log: FastifyBaseLogger | undefined;
  const opening = openConfiguredDatabase(config, (err) => log?.warn({ err }, 'idle database connection lost; it will be replaced'));
  opening.catch(() => undefined); // reported below, where it is awaited
  const { buildApp } = await import('./app.ts');
  const app = await buildApp(config, { database: await opening });
  log = app.log;
  await hooks.beforeListen?.(app);
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, closing');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.ctx.lifecycle.draining = true;
    await app.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const unreachable = publicUrlWarning(config);
  if (unreachable) app.log.warn(unreachable);
  app.log.info({ address, readyMs: Math.round(performance.now() - started), database: app.ctx.database.kind, redis: Boolean(app.ctx.redis) }, 'karibu ready');
  return { app, config, address };
}

/**
 * Turns off V8's allocation-site pretenuring. V8 watches where objects are made, and when most of a
 * site's objects survive a young-generation collection it allocates that site's later objects
 * straight in the old generation. Under load a request's objects (parsed scans, pg rows, answers)
 * live across a collection, so V8 pretenured them, and from then on every request filled the old
 * generation, which needs a full mark-compact collection to empty. Each of those is a slow second
 * at the doors. On the scan benchmark (2,000 scans/s, 20 s) that was 1–8 full collections per run
 * with pretenuring, and at most 1 without it, for the same CPU per scan. Set before the server
 * allocates anything of its own, so no site has been pretenured yet.
 */
function keepRequestsYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  startServer().catch((err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error('karibu failed to start:', err instanceof Error ? err.message : err);
    }
    process.exit(1);
  });
}

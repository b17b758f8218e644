import closeWithGrace from 'close-with-grace';
import { buildApp, type KaribuApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

/** The process: load config, build, listen, drain gracefully on SIGTERM/SIGINT. Nothing else. */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  hooks: { beforeListen?: (app: KaribuApp) => Promise<void> } = {},
) {
  const started = performance.now();
  const config = loadConfig(env);
  const app = await buildApp(config);
  await hooks.beforeListen?.(app);
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, closing');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.ctx.lifecycle.draining = true;
    await app.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info({ address, readyMs: Math.round(performance.now() - started), database: app.ctx.database.kind, redis: Boolean(app.ctx.redis) }, 'karibu ready');
  return { app, config, address };
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

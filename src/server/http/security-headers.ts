import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';

/**
 * Security headers (helmet) on every response, 404s and errors included.
 *
 * @fastify/helmet builds helmet's middleware again on every request — parsing and re-joining the
 * CSP directives each time (~15 µs, a few per cent of a door scan's CPU). With our options every
 * header helmet sets is a constant, so helmet runs once, at start, on a recording response, and
 * the hook replays what it did: the same headers (security-headers.test.ts compares them with
 * @fastify/helmet's on every kind of response) without a chain of eleven middleware closures per
 * request (≈ 5 % of a door scan's server CPU). A route may still set its own (the /docs CSP).
 */
export function helmetOptions(config: Pick<Config, 'env'>): HelmetOptions {
  return {
    // The web app and /docs are served by us only; no third-party origins anywhere.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:'], mediaSrc: ["'self'", 'blob:'],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"], styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'], objectSrc: ["'none'"], frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Door phones on a venue hub's plain-HTTP Wi-Fi must still work.
    hsts: config.env === 'production',
    crossOriginEmbedderPolicy: false,
  };
}

/** Adds the headers to every response of `app` (call on the root instance, before the rate limit). */
export function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'env'>): void {
  const { set, removed } = recordHelmet(helmetOptions(config));
  // On the raw response, as @fastify/helmet did: a header a route sets itself (the /docs CSP) wins.
  app.addHook('onRequest', (_request, reply, done) => {
    const res = reply.raw;
    for (let i = 0; i < set.length; i++) res.setHeader(set[i]![0], set[i]![1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]!);
    done();
  });
}

/**
 * What helmet does to a response with these options, recorded once. Throws when that depends on
 * the request (helmet calls back asynchronously, or reads the request): then it cannot be replayed.
 */
function recordHelmet(options: HelmetOptions): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: unknown) => { set.push([name, String(value)]); },
    removeHeader: (name: string) => { removed.push(name); },
  };
  const req = new Proxy({}, { get: () => { throw new Error('helmet read the request: its headers are not constant'); } });
  let finished = false;
  helmet(options)(req as never, res as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return { set, removed };
}

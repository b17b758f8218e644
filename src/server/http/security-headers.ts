import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';

/**
 * Security headers (helmet) on every response, 404s and errors included.
 *
 * @fastify/helmet builds helmet's middleware again on every request — parsing and re-joining the
 * CSP directives each time (~15 µs, a few per cent of a door scan's CPU). Our options never
 * change, so the middleware is built once at start and the hook only runs it: helmet's own code,
 * so the headers stay exactly what @fastify/helmet sent (security-headers.test.ts compares them
 * on every kind of response). Routes cannot override them (no route ever did).
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
  const apply = helmet(helmetOptions(config));
  // On the raw response, as @fastify/helmet did: a header a route sets itself (the /docs CSP) wins.
  // helmet 8 throws rather than passing an error to `next` (Fastify answers a throw with 500).
  app.addHook('onRequest', (request, reply, done) => apply(request.raw, reply.raw, done as (err?: unknown) => void));
}

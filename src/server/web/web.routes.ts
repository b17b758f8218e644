import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { App, Feature } from '../app-context.ts';
import { sendError } from '../http/api-error.ts';
import { declarePublic } from '../auth/auth-guard.ts';
import { negotiateLanguage } from '../http/accept-language.ts';
import { LANDING_LOCALES } from './landing-messages.ts';
import { renderLandingPage } from './landing-page.ts';

/**
 * Serves the browser apps built by Vite (`npm run build:web` → dist/web): the door scanner at
 * /scan, the console at /console, attendee pages at /t/… and /e/…, and the service worker; and
 * the landing page at / (rendered here, so it answers even without a build).
 *
 * Caching, for phones on pay-per-MB plans and a server under a door rush:
 *   - /assets/*  names carry a content hash → cached for a year, immutable;
 *   - HTML, /sw.js, the web manifest → `no-cache` (revalidated by ETag every time), so a deploy is
 *     picked up at the next load while unchanged files cost a 304;
 *   - every text file is sent precompressed (.br / .gz written at build time), never compressed
 *     per request.
 * Registered last: its wildcard routes must not shadow any API route.
 */

/** App HTML entry by URL prefix (SPA: every path under the prefix gets the entry). */
const APP_ROUTES: { paths: string[]; file: string }[] = [
  { paths: ['/scan', '/scan/*'], file: 'scan.html' },
  { paths: ['/console', '/console/*'], file: 'console.html' },
  { paths: ['/t/*', '/e/*'], file: 'attendee.html' },
];

/** Files at the root of dist/web, with their Cache-Control. The HTML files are also reachable by
 * name: that is the URL the service worker precaches each app shell under. */
const ROOT_FILES: Record<string, string> = {
  'scan.html': 'no-cache',
  'console.html': 'no-cache',
  'attendee.html': 'no-cache',
  'sw.js': 'no-cache',
  'manifest.webmanifest': 'no-cache',
  'icon.svg': 'public, max-age=86400',
  'icon-192.png': 'public, max-age=86400',
  'icon-512.png': 'public, max-age=86400',
};

const NOT_BUILT = 'The web app is not built on this server. Run `npm run build:web` (Vite → dist/web), then reload this page.';
const hidden = { schema: { hide: true } };
const LandingQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35, description: 'A language the visitor picked (en, fr, …)' })) });

export interface WebFeatureOptions {
  /** Where the Vite build is; defaults to the configured WEB_DIR (dist/web). */
  distDir?: string;
}

export function createWebFeature(options: WebFeatureOptions = {}): Feature {
  return {
    name: 'web',
    async register(app: App, ctx) {
      const distDir = options.distDir ?? ctx.config.webDir;
      // Static files and app shells are public; the API they call authorizes every request.
      declarePublic(app);
      await app.register(fastifyStatic, {
        root: join(distDir, 'assets'),
        prefix: '/assets/',
        preCompressed: true,
        maxAge: '365d',
        immutable: true,
        index: false,
        suppressWarning: true, // dist may be built after the server starts
      });

      const sendHtml = (reply: FastifyReply, file: string) => {
        // Checked per request, not at start: a build made while the server runs is served at once.
        if (!existsSync(join(distDir, file))) return sendError(reply, 'not_configured', NOT_BUILT);
        reply.header('cache-control', 'no-cache');
        return reply.sendFile(file, distDir, { cacheControl: false });
      };

      app.get('/', { schema: { hide: true, querystring: LandingQuery } }, (request, reply) => {
        const locale = negotiateLanguage(LANDING_LOCALES, request.headers['accept-language'], request.query.lang);
        return reply.type('text/html; charset=utf-8')
          .header('content-language', locale)
          .header('vary', 'accept-language')
          .header('cache-control', 'no-cache')
          .send(renderLandingPage(locale));
      });

      for (const { paths, file } of APP_ROUTES) {
        for (const path of paths) app.get(path, hidden, (_request, reply) => sendHtml(reply, file));
      }

      for (const [file, cacheControl] of Object.entries(ROOT_FILES)) {
        app.get(`/${file}`, hidden, (_request, reply) => {
          if (!existsSync(join(distDir, file))) return sendError(reply, 'not_found', `${file} is not built.`);
          reply.header('cache-control', cacheControl);
          if (file === 'manifest.webmanifest') reply.type('application/manifest+json');
          return reply.sendFile(file, distDir, { cacheControl: false });
        });
      }
    },
  };
}

export const webFeature = createWebFeature();

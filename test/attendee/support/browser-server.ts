import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { App, AppContext } from '../../../src/server/app-context.ts';
import type { KaribuApp } from '../../../src/server/app.ts';
import { installErrorHandling } from '../../../src/server/http/api-error.ts';
import { createWebFeature } from '../../../src/server/web/web.routes.ts';

const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A real HTTP origin for the browser: the built web app served by the production web feature from
 * a private build directory, and every /api request handed unchanged to the app under test (same
 * routes, rate limits, headers). The app's own Content-Security-Policy is applied to every
 * response, so the page is tested under the policy it gets in production.
 */
export async function startBrowserServer(app: KaribuApp, distDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const csp = (await app.inject({ method: 'GET', url: '/health/live' })).headers['content-security-policy'];
  const web: FastifyInstance = Fastify();
  installErrorHandling(web);
  web.removeAllContentTypeParsers();
  web.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  if (csp) web.addHook('onSend', async (_req, reply) => { reply.header('content-security-policy', String(csp)); });
  web.all('/api/*', async (request, reply) => {
    const res = await app.inject({
      method: request.method as 'GET', url: request.url, headers: request.headers as Record<string, string>,
      ...(request.body ? { payload: request.body as Buffer } : {}), remoteAddress: request.ip,
    });
    for (const [name, value] of Object.entries(res.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) reply.header(name, value as string);
    }
    return reply.code(res.statusCode).send(res.rawPayload);
  });
  await createWebFeature({ distDir }).register(web as unknown as App, {} as AppContext);
  await web.listen({ port: 0, host: '127.0.0.1' });
  const { port } = web.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => web.close() };
}

import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import { Dashboard, DashboardStreamHeaders } from '../../contracts/dashboard.contract.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import type { AppContext, Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { errorResponses } from '../http/api-error.ts';
import { DashboardHub } from './dashboard-hub.ts';
import { EventAlertWatcher } from './event-alerts.ts';
import { readDashboard, viewFor } from './dashboard.service.ts';

const errors = errorResponses(400, 401, 403, 404, 429);
const watchers = new WeakMap<AppContext, EventAlertWatcher>();

/** The app's alert watcher (tests stop it to call checkEventAlerts at moments of their choosing). */
export function eventAlertWatcher(ctx: AppContext): EventAlertWatcher | undefined {
  return watchers.get(ctx);
}

/** The event's live figures for the organizer's dashboard (and the door view for door staff). */
export const dashboardFeature: Feature = {
  name: 'dashboard',
  async register(app, ctx) {
    installAuth(app, ctx);
    const hub = new DashboardHub(ctx);
    // Before the server stops listening: open streams would otherwise hold the shutdown to its grace.
    app.addHook('preClose', async () => hub.close());
    const watcher = new EventAlertWatcher(ctx);
    watchers.set(ctx, watcher);
    // Under test, alerts raised in the background would land in the webhook logs of tests about
    // something else; the alert tests start the watcher themselves.
    if (ctx.config.env !== 'test') watcher.start();

    app.get('/api/v1/events/:eventId/dashboard', {
      schema: {
        operationId: 'getDashboard', tags: ['events'],
        summary: 'Live figures: checked in, inside now by zone, gate and ticket type, arrivals per minute, capacity, no-shows, conflicts, devices, the latest scans',
        params: EventParams, response: { 200: Dashboard, ...errors },
      },
      config: { auth: { action: 'dashboard:read', resource: 'event' } },
    }, async (request) => {
      const principal = principalOf(request);
      return readDashboard(ctx, principal.tenantId, request.params.eventId, viewFor(principal.role));
    });

    app.get('/api/v1/events/:eventId/dashboard/stream', {
      schema: {
        operationId: 'streamDashboard', tags: ['events'],
        summary: 'The same figures as Server-Sent Events: a `snapshot` (id = its fingerprint) on connect, a `patch` of the fields that changed within a second of each change, a `ping` every 15 s',
        description: 'A patch replaces the fields it carries (always `asOf`) in the figures held; it comes only after this connection\'s snapshot. Send the last id seen as `Last-Event-ID` when reconnecting: the current snapshot comes at once unless that is it. Streams end after 10 minutes; reconnect with a fresh token.',
        params: EventParams, headers: DashboardStreamHeaders,
        response: { 200: Type.String({ description: 'text/event-stream' }), ...errors },
      },
      config: { auth: { action: 'dashboard:read', resource: 'event' } },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const stream = new PassThrough();
      const leave = hub.subscribe(principal.tenantId, request.params.eventId, {
        view: viewFor(principal.role),
        lastEventId: request.headers['last-event-id'],
        write: (chunk) => { stream.write(chunk); },
        end: () => { stream.end(); },
      });
      reply.raw.once('close', leave); // the response's close: the browser went away or the stream ended
      stream.write(': figures follow\n\n'); // sends the headers now, so the browser knows it is connected
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no') // nginx: pass each message on, do not buffer the stream
        .send(stream);
    });
  },
  async close(ctx) {
    await watchers.get(ctx)?.stop();
  },
};

import { Dashboard } from '../../contracts/dashboard.contract.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { errorResponses } from '../http/api-error.ts';
import { readDashboard } from './dashboard.service.ts';

const errors = errorResponses(400, 401, 403, 404, 429);

/** The event's live figures for the organizer's dashboard (and the door view for door staff). */
export const dashboardFeature: Feature = {
  name: 'dashboard',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.get('/api/v1/events/:eventId/dashboard', {
      schema: {
        operationId: 'getDashboard', tags: ['events'],
        summary: 'Live figures: checked in, inside now by zone, gate and ticket type, arrivals per minute, capacity, no-shows, conflicts, devices, the latest scans',
        params: EventParams, response: { 200: Dashboard, ...errors },
      },
      config: { auth: { action: 'dashboard:read', resource: 'event' } },
    }, async (request) => readDashboard(ctx, principalOf(request), request.params.eventId));
  },
};

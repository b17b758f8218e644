import type { Feature } from './app-context.ts';
import { healthFeature } from './health/health.routes.ts';
import { authFeature } from './auth/auth.routes.ts';
import { devicesFeature } from './devices/devices.routes.ts';
import { apiKeysFeature } from './api-keys/api-keys.routes.ts';
import { staffFeature } from './staff/staff.routes.ts';
import { scanningFeature } from './scanning/scan.routes.ts';
import { eventKeysFeature } from './keys/event-keys.routes.ts';
import { eventPolicyFeature } from './events/event-policy.routes.ts';
import { attendeeFeature } from './attendee/attendee.routes.ts';
import { notificationsFeature } from './notifications/notifications.routes.ts';
import { webFeature } from './web/web.routes.ts';
import { ticketsInFeature } from './tickets/tickets.routes.ts';
import { registrationFeature } from './registration/registration.routes.ts';
import { webhooksFeature } from './webhooks/webhooks.routes.ts';
import { syncFeature } from './sync/sync.routes.ts';
import { venuesFeature } from './venues/venues.routes.ts';
import { organizersFeature } from './organizers/organizers.routes.ts';
import { eventsFeature } from './events/events.routes.ts';
import { ticketTypesFeature } from './ticket-types/ticket-types.routes.ts';
import { sessionsFeature } from './sessions/sessions.routes.ts';
import { dashboardFeature } from './dashboard/dashboard.routes.ts';
import { exportsFeature } from './exports/exports.routes.ts';
import { smsFeature } from './sms/sms.routes.ts';
import { attendanceFeature } from './attendance/attendance.routes.ts';
import { attendeeCreditsFeature } from './attendee/attendee-credits.routes.ts';
import { attendeePhotoFeature } from './attendee/attendee-photo.routes.ts';
import { photosFeature } from './photos/photo.routes.ts';

/**
 * Every feature folder registers here, in order. Each gets its own encapsulated Fastify scope and
 * the shared AppContext. Add a line when you add a feature.
 */
export const FEATURES: readonly Feature[] = [
  healthFeature,
  authFeature,
  devicesFeature,
  apiKeysFeature,
  staffFeature,
  scanningFeature,
  eventKeysFeature,
  eventPolicyFeature,
  notificationsFeature,
  attendeeFeature,
  ticketsInFeature,
  registrationFeature,
  webhooksFeature,
  syncFeature,
  venuesFeature,
  organizersFeature,
  eventsFeature,
  ticketTypesFeature,
  sessionsFeature,
  dashboardFeature,
  exportsFeature,
  smsFeature,
  attendanceFeature,
  attendeeCreditsFeature,
  attendeePhotoFeature,
  photosFeature,
  // Last: serves the browser apps; its wildcard page routes must never shadow an API route.
  webFeature,
];

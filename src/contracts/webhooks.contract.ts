import { Type, type Static } from 'typebox';
import { Instant, Nullable, PageQueryFields, Uuid } from './common.contract.ts';

/** Outgoing webhooks on the wire (`/api/v1/webhooks`): endpoints, their secrets, the delivery log. */

/** What a receiver can be told about; `webhook.test` only ever goes to the endpoint that asked. */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.issued', 'ticket.checked_in', 'ticket.checked_out', 'ticket.cancelled', 'ticket.refunded',
  'ticket.transferred', 'capacity.threshold', 'attendance.no_shows', 'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

// Checked by the service, which names the unknown ones in its 422.
const EventName = Type.String({
  description: `One of ${WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test').join(', ')}, or * for all`, maxLength: 50,
});
const Url = Type.String({ minLength: 8, maxLength: 2000 });
const Events = Type.Array(EventName, { minItems: 1, maxItems: 20 });
const Description = Type.Optional(Nullable(Type.String({ maxLength: 200 })));

export const WebhookEndpoint = Type.Object({
  id: Uuid, url: Type.String(), description: Nullable(Type.String()),
  events: Type.Array(Type.String()), active: Type.Boolean(),
  createdAt: Instant, updatedAt: Instant,
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

export const WebhookCreate = Type.Object({ url: Url, events: Events, description: Description }, { additionalProperties: false });
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookPatch = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  description: Description,
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type WebhookPatch = Static<typeof WebhookPatch>;

export const WebhookWithSecret = Type.Object({
  endpoint: WebhookEndpoint,
  secret: Type.String({
    description: 'Signing secret in the Standard Webhooks form whsec_<base64>: verify webhook-signature with any Standard Webhooks '
      + 'library, or Karibu-Signature with the whole string as the HMAC key; shown only in this answer',
  }),
});
export type WebhookWithSecret = Static<typeof WebhookWithSecret>;

export const WebhookList = Type.Object({ endpoints: Type.Array(WebhookEndpoint) });
export const WebhookParams = Type.Object({ endpointId: Uuid });

export const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);

export const WebhookDelivery = Type.Object({
  id: Uuid, eventId: Uuid, eventType: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer(), nextAttemptAt: Nullable(Instant),
  lastStatusCode: Nullable(Type.Integer()), lastError: Nullable(Type.String()),
  createdAt: Instant, deliveredAt: Nullable(Instant),
  attemptLog: Type.Array(Type.Object({
    attempt: Type.Integer(), at: Instant, statusCode: Nullable(Type.Integer()),
    error: Nullable(Type.String()), durationMs: Type.Integer(),
  })),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const DeliveryListQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  limit: PageQueryFields.limit,
  before: Type.Optional({ ...Instant, description: 'Page: deliveries created before this time' }),
});
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const DeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) });
export const DeliveryParams = Type.Object({ endpointId: Uuid, deliveryId: Uuid });
export const Redelivered = Type.Object({ queued: Type.Literal(true) });
export type Redelivered = Static<typeof Redelivered>;

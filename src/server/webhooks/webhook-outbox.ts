import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/**
 * The one way any feature announces something to organizers' webhook endpoints. Call it inside
 * the transaction that makes the change: the delivery rows commit (or roll back) with the change,
 * so a receiver is told exactly about what happened — never about a rolled-back check-in, never
 * missing a committed one. The background dispatcher (webhook-dispatcher.ts) sends them.
 */

export const WEBHOOK_EVENT_TYPES = [
  'ticket.issued', 'ticket.checked_in', 'ticket.checked_out', 'ticket.cancelled', 'ticket.refunded',
  'ticket.transferred', 'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  type: WebhookEventType;
  /** The event's data: what happened, without secrets (no QR text, PIN or attendee link). */
  data: Record<string, unknown>;
}

/** The JSON body a receiver gets (and whose raw bytes the signature covers). */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

export function webhookEnvelope(e: WebhookEvent): WebhookEnvelope {
  return { id: randomUUID(), type: e.type, createdAt: new Date().toISOString(), data: e.data };
}

/** One event, e.g. from the check-in path: enqueueWebhookEvent(trx, tenantId, 'ticket.checked_in', {...}). */
export function enqueueWebhookEvent(trx: Trx, tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  return enqueueWebhookEvents(trx, tenantId, [{ type, data }]);
}

/**
 * Many events in one statement (an import of 5,000 tickets is one INSERT … SELECT). Fans out to
 * the tenant's active endpoints subscribed to each type; returns the number of deliveries queued
 * — 0, and nothing written, when nobody subscribed (the usual case on the check-in path).
 * Must run in a withTenant (or asSystem) transaction.
 */
export async function enqueueWebhookEvents(trx: Trx, tenantId: string, events: readonly WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const envelopes = events.map((e) => webhookEnvelope(e));
  let queued = 0;
  // Bounded statement size: the envelopes travel as one jsonb parameter per chunk.
  for (let i = 0; i < envelopes.length; i += 2_000) {
    const chunk = JSON.stringify(envelopes.slice(i, i + 2_000));
    const result = await sql`
      INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
      SELECT gen_random_uuid(), e.tenant_id, e.id, (ev->>'id')::uuid, ev->>'type', ev
        FROM webhook_endpoints e
        CROSS JOIN jsonb_array_elements(${chunk}::jsonb) ev
       WHERE e.tenant_id = ${tenantId} AND e.active
         AND (ev->>'type' = ANY (e.events) OR '*' = ANY (e.events))`.execute(trx);
    queued += Number(result.numAffectedRows ?? 0);
  }
  return queued;
}

/**
 * Ticket facts for event data: identifiers and holder, never what lets someone in (QR text, PIN,
 * attendee link — nor the human code, which staff can type at the door).
 */
export interface WebhookTicketFacts {
  id: string;
  eventId: string;
  serial: number;
  status: string;
  typeNo: number;
  typeName: string;
  holderName: string;
  holderEmail: string | null;
  holderPhone: string | null;
  orderRef: string | null;
}

export function webhookTicket(t: WebhookTicketFacts): Record<string, unknown> {
  return {
    id: t.id, eventId: t.eventId, serial: t.serial, status: t.status,
    type: { no: t.typeNo, name: t.typeName },
    holder: { name: t.holderName, email: t.holderEmail, phone: t.holderPhone },
    orderRef: t.orderRef,
  };
}

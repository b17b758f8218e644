import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { WebhookEventType } from '../../contracts/webhooks.contract.ts';
import type { Trx } from '../db/database.ts';

/**
 * The one way any feature announces something to organizers' webhook endpoints. Call it inside
 * the transaction that makes the change: the delivery rows commit (or roll back) with the change,
 * so a receiver is told exactly about what happened — never about a rolled-back check-in, never
 * missing a committed one. The background dispatcher (webhook-dispatcher.ts) sends them.
 */

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
 * An event about one ticket, with the ticket's facts read in the same statement — for callers that
 * hold only the ticket id (the check-in path). One statement, nothing written when nobody
 * subscribed. Example (scanning, after an admission that counted):
 *
 *   await enqueueTicketWebhook(trx, tenantId, 'ticket.checked_in', ticketId,
 *     { scan: { id: scanId, gateId, direction: 'in', at: new Date(at).toISOString(), offline: false } });
 */
export async function enqueueTicketWebhook(
  trx: Trx, tenantId: string, type: WebhookEventType, ticketId: string, extra: Record<string, unknown> = {},
): Promise<number> {
  const result = await sql`
    INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
    SELECT gen_random_uuid(), e.tenant_id, e.id, ev.id, ${type},
           jsonb_build_object('id', ev.id, 'type', ${type}::text, 'createdAt', ${new Date().toISOString()}::text,
             'data', ${JSON.stringify(extra)}::jsonb || jsonb_build_object('ticket', jsonb_build_object(
               'id', t.id, 'eventId', t.event_id, 'serial', t.serial, 'status', t.status,
               'type', jsonb_build_object('no', tt.type_no, 'name', tt.name),
               'holder', jsonb_build_object('name', t.holder_name, 'email', t.holder_email, 'phone', t.holder_phone),
               'orderRef', t.order_ref)))
      FROM webhook_endpoints e
      CROSS JOIN (SELECT ${randomUUID()}::uuid AS id) ev
      JOIN tickets t ON t.id = ${ticketId}
      JOIN ticket_types tt ON tt.id = t.ticket_type_id
     WHERE e.tenant_id = ${tenantId} AND e.active
       AND (${type} = ANY (e.events) OR '*' = ANY (e.events))`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
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

import { randomUUID } from 'node:crypto';
import {
  WEBHOOK_EVENT_TYPES, type DeliveryListQuery, type WebhookCreate, type WebhookDelivery, type WebhookEndpoint, type WebhookPatch,
  type WebhookWithSecret,
} from '../../contracts/webhooks.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { seal } from '../secrets/sealed-box.ts';
import { DomainError } from '../shared/domain-error.ts';
import { SECRET_PURPOSE } from './webhook-dispatcher.ts';
import { webhookEnvelope } from './webhook-outbox.ts';
import {
  deleteEndpoint, findEndpoint, insertEndpoint, listAttempts, listDeliveries, listEndpoints, requeueDelivery, updateEndpoint,
  type EndpointRow,
} from './webhook.repository.ts';
import { generateWebhookSecret } from './webhook-signature.ts';

/** Organizers' webhook endpoints: register (secret shown once), change, remove, read the delivery log. */

export type WebhookDeps = Pick<AppContext, 'db' | 'masterKey' | 'config'>;
export interface Actor { kind: 'staff' | 'api_key' | 'system'; id: string | null }

const SUBSCRIBABLE = new Set<string>([...WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test'), '*']);

function view(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id, url: row.url, description: row.description, events: row.events, active: row.active,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** Receiver URLs: http(s) only, no credentials or fragments; https in production. */
export function checkEndpointUrl(raw: string, production: boolean): string {
  let url: URL;
  try { url = new URL(raw); } catch { throw new DomainError('unprocessable', 'The URL is not valid.'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DomainError('unprocessable', 'The URL must use https.');
  if (production && url.protocol !== 'https:') throw new DomainError('unprocessable', 'The URL must use https.');
  if (url.username || url.password) throw new DomainError('unprocessable', 'Put no credentials in the URL; verify our signature instead.');
  if (url.hash) throw new DomainError('unprocessable', 'The URL must not have a #fragment.');
  return url.toString();
}

function checkEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  const unknown = unique.filter((e) => !SUBSCRIBABLE.has(e));
  if (unique.length === 0) throw new DomainError('unprocessable', 'Subscribe to at least one event type.');
  if (unknown.length) throw new DomainError('unprocessable', `Unknown event type: ${unknown.join(', ')}.`);
  return unique;
}

function record(trx: Trx, tenantId: string, actor: Actor, action: string, subjectId: string, detail: Record<string, unknown>) {
  return audit(trx, { tenantId, actorKind: actor.kind, actorId: actor.id, action, subjectId, detail });
}

export async function createEndpoint(deps: WebhookDeps, tenantId: string, actor: Actor, input: WebhookCreate): Promise<WebhookWithSecret> {
  const url = checkEndpointUrl(input.url, deps.config.env === 'production');
  const events = checkEvents(input.events);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const row = await withTenant(deps.db, tenantId, async (trx) => {
    const r = await insertEndpoint(trx, {
      id, tenant_id: tenantId, url, description: input.description ?? null, events,
      secret_enc: seal(deps.masterKey, SECRET_PURPOSE, Buffer.from(secret), id),
      created_by: actor.kind === 'staff' ? actor.id : null,
    });
    await record(trx, tenantId, actor, 'webhook.endpoint_created', id, { events });
    return r;
  });
  return { endpoint: view(row), secret };
}

export function getEndpoints(deps: WebhookDeps, tenantId: string): Promise<WebhookEndpoint[]> {
  return withTenant(deps.db, tenantId, async (trx) => (await listEndpoints(trx)).map(view));
}

export async function changeEndpoint(
  deps: WebhookDeps, tenantId: string, actor: Actor, id: string, patch: WebhookPatch,
): Promise<WebhookEndpoint> {
  const set: Parameters<typeof updateEndpoint>[2] = {};
  if (patch.url !== undefined) set.url = checkEndpointUrl(patch.url, deps.config.env === 'production');
  if (patch.events !== undefined) set.events = checkEvents(patch.events);
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.active !== undefined) set.active = patch.active;
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await updateEndpoint(trx, id, set);
    if (!row) throw new DomainError('not_found', 'No such webhook endpoint.');
    await record(trx, tenantId, actor, 'webhook.endpoint_updated', id, { fields: Object.keys(set) });
    return view(row);
  });
}

/** A new secret, shown once; the old one stops signing at once. */
export async function rotateEndpointSecret(deps: WebhookDeps, tenantId: string, actor: Actor, id: string): Promise<WebhookWithSecret> {
  const secret = generateWebhookSecret();
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await updateEndpoint(trx, id, { secret_enc: seal(deps.masterKey, SECRET_PURPOSE, Buffer.from(secret), id) });
    if (!row) throw new DomainError('not_found', 'No such webhook endpoint.');
    await record(trx, tenantId, actor, 'webhook.secret_rotated', id, {});
    return { endpoint: view(row), secret };
  });
}

export async function removeEndpoint(deps: WebhookDeps, tenantId: string, actor: Actor, id: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    if (!(await deleteEndpoint(trx, id))) throw new DomainError('not_found', 'No such webhook endpoint.');
    await record(trx, tenantId, actor, 'webhook.endpoint_deleted', id, {});
  });
}

/** Queues a `webhook.test` event to this endpoint only, whatever it subscribes to. */
export async function pingEndpoint(deps: WebhookDeps, tenantId: string, id: string): Promise<{ deliveryId: string }> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const endpoint = await findEndpoint(trx, id);
    if (!endpoint) throw new DomainError('not_found', 'No such webhook endpoint.');
    if (!endpoint.active) throw new DomainError('conflict', 'The endpoint is paused; activate it first.');
    const deliveryId = randomUUID();
    const payload = webhookEnvelope({ type: 'webhook.test', data: { endpointId: id, message: 'Hello from Karibu.' } });
    await trx.insertInto('webhook_deliveries').values({
      id: deliveryId, tenant_id: tenantId, endpoint_id: id, event_id: payload.id, event_type: payload.type, payload: JSON.stringify(payload),
    }).execute();
    return { deliveryId };
  });
}

export async function getDeliveries(
  deps: WebhookDeps, tenantId: string, endpointId: string, opts: DeliveryListQuery,
): Promise<WebhookDelivery[]> {
  return withTenant(deps.db, tenantId, async (trx) => {
    if (!(await findEndpoint(trx, endpointId))) throw new DomainError('not_found', 'No such webhook endpoint.');
    const rows = await listDeliveries(trx, endpointId, {
      status: opts.status, limit: Math.min(opts.limit ?? 50, 200), before: opts.before ? new Date(opts.before) : undefined,
    });
    const attempts = await listAttempts(trx, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, eventId: r.event_id, eventType: r.event_type, status: r.status, attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      lastStatusCode: r.last_status_code, lastError: r.last_error,
      createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
      attemptLog: attempts.filter((a) => a.delivery_id === r.id).map((a) => ({
        attempt: a.attempt, at: a.at.toISOString(), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms,
      })),
    }));
  });
}

export async function redeliver(deps: WebhookDeps, tenantId: string, actor: Actor, endpointId: string, deliveryId: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    if (!(await requeueDelivery(trx, endpointId, deliveryId))) throw new DomainError('not_found', 'No such delivery.');
    await record(trx, tenantId, actor, 'webhook.redelivered', deliveryId, { endpointId });
  });
}

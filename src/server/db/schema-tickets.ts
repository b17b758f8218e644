import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, Json } from './schema-columns.ts';

/** Kysely tables of tickets in and out, webhooks and offline sync. Listed in the DB interface of schema.ts. */

// Tickets out (emails): migrations/0006_tickets_out.sql
export interface EmailDeliveriesTable {
  id: string;
  tenant_id: string;
  event_id: string;
  ticket_id: string;
  recipient: string;
  kind: Generated<'ticket' | 'transfer_notice'>;
  status: 'sent' | 'failed';
  message_id: string | null;
  error: string | null;
  locale: Generated<string>;
  attempted_at: Generated<Date>;
}

// Tickets in (issuance, registration, webhooks): migrations/0005_tickets_in.sql
export interface IdempotencyKeysTable {
  tenant_id: string;
  scope: string;
  key: string;
  request_hash: Uint8Array;
  ticket_ids: string[];
  result: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface RegistrationSettingsTable {
  event_id: string;
  tenant_id: string;
  ticket_type_id: string;
  enabled: Generated<boolean>;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  events: string[];
  secret_enc: Uint8Array;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Json;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  tenant_id: string;
  delivery_id: string;
  attempt: number;
  at: Generated<Date>;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

// Offline sync: migrations/0004_sync.sql
/** Append-only log of door-relevant ticket changes (0008): manifest deltas read it. */
export interface TicketChangesTable {
  seq: Generated<number>;
  /** Writing transaction (xid8 as text). */
  xid: Generated<string>;
  tenant_id: string;
  event_id: string;
  ticket_id: string;
}

export interface TicketNameSealsTable {
  ticket_id: string;
  tenant_id: string;
  event_id: string;
  token_hash: Uint8Array;
  name_version: number;
  packed: boolean;
  length: number;
  ciphertext: Uint8Array;
}

export interface ConflictResolutionsTable {
  scan_id: string;
  tenant_id: string;
  event_id: string;
  staff_id: string | null;
  note: string;
  resolved_at: Generated<Date>;
}

// Alerts an event raised: migrations/0021_event_alerts.sql
export interface EventAlertsTable {
  id: string;
  tenant_id: string;
  event_id: string;
  kind: 'capacity.threshold' | 'attendance.no_shows';
  threshold: number;
  scope: Generated<string>;
  zone_id: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
  raised_at: Generated<Date>;
}

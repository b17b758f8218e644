import type { ColumnType, Generated } from 'kysely';
import type { PasswordSetupTokensTable, StaffScopesTable, RefreshTokensTable, DeviceSetupCodesTable, ApiKeysTable, ScanAnnulmentsTable, DeviceLockoutsTable } from './schema-access.ts';
import type { Json, Timestamp } from './schema-columns.ts';
import type { CertificatesTable } from './schema-credits.ts';
import type { TicketPhotosTable } from './schema-photos.ts';
import type { EmailDeliveriesTable, IdempotencyKeysTable, RegistrationSettingsTable, WebhookEndpointsTable, WebhookDeliveriesTable, WebhookAttemptsTable, TicketChangesTable, TicketNameSealsTable, ConflictResolutionsTable, EventAlertsTable } from './schema-tickets.ts';

/**
 * Kysely's view of the tables in migrations/. Keep in step with the SQL. The core tables are here;
 * credentials and devices in schema-access.ts, tickets in/out, webhooks and sync in schema-tickets.ts.
 */

export type Role = 'owner' | 'admin' | 'manager' | 'staff';
export type TicketStatus = 'valid' | 'cancelled' | 'refunded' | 'transferred' | 'void';
export type Verdict = 'admitted' | 'exited' | 'refused';
export type Direction = 'in' | 'out';
export type EventStatus = 'draft' | 'published' | 'cancelled' | 'archived';

export interface TenantsTable {
  id: string;
  name: string;
  slug: string;
  default_locale: Generated<string>;
  default_timezone: Generated<string>;
  created_at: Generated<Date>;
}

export interface StaffTable {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface VenuesTable {
  id: string;
  tenant_id: string;
  name: string;
  timezone: string;
  address: ColumnType<string | null, string | null | undefined, string | null>;
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
  radius_meters: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
}

export interface ZonesTable {
  id: string;
  tenant_id: string;
  venue_id: string;
  code: string;
  name: string;
  /** The zone this one is inside (same venue); null for a root. Grants cover every zone below. */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0022: people the zone holds, null for no limit of its own. */
  capacity: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface GatesTable {
  id: string;
  tenant_id: string;
  venue_id: string;
  zone_id: string;
  name: string;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  venue_id: string;
  slug: string;
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  doors_open_at: Timestamp;
  capacity: number | null;
  policy: Json;
  rotation_secret_enc: Uint8Array | null;
  /** 0015: cancelled refuses every scan; archived is how an event with tickets is put away. */
  status: Generated<EventStatus>;
  next_serial: Generated<number>;
  created_at: Generated<Date>;
}

export interface EventSessionsTable {
  id: string;
  tenant_id: string;
  event_id: string;
  name: string;
  /** 0015: the session's room, a zone of the event's venue (null only for rows from before it). */
  zone_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  created_at: Generated<Date>;
  /** 0030: the ticket types it admits (null: those whose grants cover its room); CPD credits and share. */
  admits_ticket_type_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** numeric(6,2): read as a string, so no credit is rounded on the way. */
  cpd_credits: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  cpd_min_share: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface TicketTypesTable {
  id: string;
  tenant_id: string;
  event_id: string;
  type_no: number;
  name: string;
  zone_codes: string[];
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  allow_static: Generated<boolean>;
  allow_transfer: Generated<boolean>;
  capacity: number | null;
  /** 0029: a note for door staff shown with every verdict of the type's tickets; null: none. */
  attention_note: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0032: door staff see the holder's photo beside the verdict. */
  photo_check: Generated<boolean>;
}

export interface TicketsTable {
  id: string;
  tenant_id: string;
  event_id: string;
  ticket_type_id: string;
  serial: number;
  code: string;
  pin: string;
  holder_name: string;
  holder_email: string | null;
  holder_phone: string | null;
  order_ref: string | null;
  /** The holder's language (migration 0027); null: not known. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<TicketStatus>;
  presence: Generated<'outside' | 'inside'>;
  entry_count: Generated<number>;
  state: Json | null;
  token_hash: Uint8Array | null;
  token_version: Generated<number>;
  link_secret: string;
  kid: number | null;
  last_scan_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Issue 7 (0005): the ticket that replaced this one on transfer. */
  replaced_by: Generated<string | null>;
  /** Issue 6 (0004): bumps when holder_name changes (sealed-name key derivation). Changes are logged in ticket_changes (0008). */
  name_version: Generated<number>;
  /** 0029: this ticket's own note for door staff (wins over its type's); null: none. */
  attention_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DevicesTable {
  id: string;
  tenant_id: string;
  venue_id: string;
  name: string;
  kind: Generated<'door' | 'kiosk'>;
  token_hash: Uint8Array;
  allow_offline_names: Generated<boolean>;
  clock_offset_ms: number | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_by: string | null;
  /** 0019: what the phone last reported about itself (null until it does). */
  app_version: ColumnType<string | null, string | null | undefined, string | null>;
  pending_scans: ColumnType<number | null, number | null | undefined, number | null>;
  battery_level: ColumnType<number | null, number | null | undefined, number | null>;
  battery_charging: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  reported_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 0017: the event and change position of the phone's manifest, as it last reported. */
  manifest_event_id: ColumnType<string | null, string | null | undefined, string | null>;
  manifest_position: ColumnType<string | number | null, number | null | undefined, number | null>;
  revoked_by: string | null;
}

export interface ScansTable {
  id: string;
  tenant_id: string;
  event_id: string;
  ticket_id: string | null;
  device_id: string | null;
  staff_id: string | null;
  gate_id: string | null;
  direction: Direction;
  input_kind: 'qr' | 'code' | 'pin' | 'sms' | 'kiosk' | 'search';
  verdict: Verdict;
  reason: string;
  device_time: Timestamp | null;
  server_time: Generated<Date>;
  effective_time: Timestamp;
  offline: Generated<boolean>;
  conflict: Generated<boolean>;
  server_verdict: Verdict | null;
  server_reason: string | null;
  response: Json | null;
  /** 0030: the session a scan at a room's door was for; null for the event's own gates. */
  session_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0029: the attention note the door was shown with this scan. */
  attention_note: ColumnType<string | null, string | null | undefined, never>;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: Generated<Date>;
  actor_kind: 'staff' | 'device' | 'api_key' | 'system' | 'attendee';
  actor_id: string | null;
  action: string;
  subject_id: string | null;
  detail: Generated<Json<Record<string, unknown>>>;
}

export interface EventKeysTable {
  id: string;
  tenant_id: string;
  event_id: string;
  kid: number;
  public_key: Uint8Array;
  private_key_enc: Uint8Array;
  status: Generated<'active' | 'retired' | 'revoked'>;
  created_at: Generated<Date>;
  retired_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface DB {
  tenants: TenantsTable;
  staff: StaffTable;
  venues: VenuesTable;
  zones: ZonesTable;
  gates: GatesTable;
  events: EventsTable;
  event_sessions: EventSessionsTable;
  ticket_types: TicketTypesTable;
  tickets: TicketsTable;
  devices: DevicesTable;
  scans: ScansTable;
  audit_log: AuditLogTable;
  event_keys: EventKeysTable;
  staff_scopes: StaffScopesTable;
  refresh_tokens: RefreshTokensTable;
  device_setup_codes: DeviceSetupCodesTable;
  api_keys: ApiKeysTable;
  scan_annulments: ScanAnnulmentsTable;
  email_deliveries: EmailDeliveriesTable;
  idempotency_keys: IdempotencyKeysTable;
  registration_settings: RegistrationSettingsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  ticket_name_seals: TicketNameSealsTable;
  ticket_changes: TicketChangesTable;
  conflict_resolutions: ConflictResolutionsTable;
  event_alerts: EventAlertsTable;
  device_lockouts: DeviceLockoutsTable;
  password_setup_tokens: PasswordSetupTokensTable;
  certificates: CertificatesTable;
  ticket_photos: TicketPhotosTable;
}

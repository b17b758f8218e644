import type { Generated } from 'kysely';
import type { Timestamp } from './schema-columns.ts';

/** Kysely tables of people, devices and their credentials. Listed in the DB interface of schema.ts. */

// Organizer setup: migrations/0014_organizer_setup.sql
export interface PasswordSetupTokensTable {
  id: string;
  tenant_id: string;
  staff_id: string;
  token_hash: Uint8Array;
  purpose: 'owner' | 'signup' | 'invite';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

// Auth, devices and scanning: migrations/0003_auth_scanning.sql
export interface StaffScopesTable {
  id: string;
  tenant_id: string;
  staff_id: string;
  venue_id: string;
  /** null = every event at the venue. */
  event_id: string | null;
}

export interface RefreshTokensTable {
  id: string;
  tenant_id: string;
  staff_id: string;
  family_id: string;
  device_id: string | null;
  token_hash: Uint8Array;
  expires_at: Timestamp;
  created_at: Generated<Date>;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface DeviceSetupCodesTable {
  id: string;
  tenant_id: string;
  venue_id: string;
  code_hash: Uint8Array;
  name: string | null;
  kind: Generated<'door' | 'kiosk'>;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  device_id: string | null;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  key_hash: Uint8Array;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ScanAnnulmentsTable {
  scan_id: string;
  tenant_id: string;
  event_id: string;
  ticket_id: string | null;
  staff_id: string | null;
  device_id: string | null;
  at: Generated<Date>;
}

// Code-guessing blocks kept across restarts without Redis: migrations/0016_device_lockouts.sql
export interface DeviceLockoutsTable {
  device_id: string;
  tenant_id: string;
  blocked_until: Timestamp;
}

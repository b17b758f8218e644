-- Karibu foundation schema: the check-in domain of DESIGN.md §3.
--
-- Isolation model (DESIGN.md §6):
--   * every tenant-owned row carries tenant_id; RLS is ENABLEd and FORCEd on every such table;
--   * the application never queries as the connecting (owner) role. Each transaction first runs
--     `SET LOCAL ROLE karibu_app` + `karibu.tenant_id` (tenant work) or `SET LOCAL ROLE karibu_system`
--     (the few cross-tenant lookups: login by email, device/API-key tokens, demo seeding);
--   * policies exist only for those two roles, so a query that forgot to pick one sees no rows at all
--     (superusers aside — which is why even the superuser test connection switches role).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'karibu_app') THEN
    BEGIN CREATE ROLE karibu_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'karibu_system') THEN
    BEGIN CREATE ROLE karibu_system NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END;
  END IF;
  -- The connecting role must be able to SET ROLE to both (no-op for superusers).
  EXECUTE format('GRANT karibu_app, karibu_system TO %I', current_user);
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'karibu: could not grant roles to %, assuming an administrator did', current_user;
END $$;

GRANT USAGE ON SCHEMA public TO karibu_app, karibu_system;

-- The tenant of the current transaction, or NULL (→ no rows) when none was set.
CREATE OR REPLACE FUNCTION karibu_tenant() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('karibu.tenant_id', true), '')::uuid $$;

-- Append-only tables refuse UPDATE/DELETE/TRUNCATE for everyone, owner included.
CREATE OR REPLACE FUNCTION karibu_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'karibu: % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
  id             uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email          text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
  display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'staff')),
  locale         text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
-- Emails are global so that login needs no tenant picker.
CREATE UNIQUE INDEX staff_email_key ON staff (email);

CREATE TABLE venues (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

-- Zones form a containment chain per venue: rank 0 is the innermost-privileged-least (e.g. GA),
-- a zone grants every zone of lower or equal rank (BACKSTAGE ⊃ VIP ⊃ GA).
CREATE TABLE zones (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  venue_id    uuid NOT NULL,
  code        text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,31}$'),
  name        text NOT NULL,
  rank        integer NOT NULL CHECK (rank >= 0),
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (venue_id, code),
  UNIQUE (venue_id, rank),
  UNIQUE (tenant_id, id)
);

CREATE TABLE gates (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  venue_id    uuid NOT NULL,
  zone_id     uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
  UNIQUE (venue_id, name),
  UNIQUE (tenant_id, id)
);

CREATE TABLE events (
  id             uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL,
  venue_id       uuid NOT NULL,
  slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  doors_open_at  timestamptz NOT NULL,
  capacity       integer CHECK (capacity IS NULL OR capacity >= 0),
  policy         jsonb NOT NULL,
  -- Event rotation secret (anti-screenshot codes), AES-GCM encrypted under the master key.
  rotation_secret_enc bytea,
  status         text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'closed')),
  -- Next ticket serial to hand out; bumped atomically by issuance.
  next_serial    integer NOT NULL DEFAULT 1 CHECK (next_serial >= 1),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (doors_open_at <= starts_at),
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id),
  UNIQUE (tenant_id, id)
);

CREATE TABLE event_sessions (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  event_id    uuid NOT NULL,
  name        text NOT NULL,
  room        text,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  capacity    integer CHECK (capacity IS NULL OR capacity >= 0),
  CHECK (ends_at > starts_at),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);

CREATE TABLE ticket_types (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL,
  event_id      uuid NOT NULL,
  -- Small number carried inside the signed token (u16).
  type_no       integer NOT NULL CHECK (type_no BETWEEN 0 AND 65535),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  zone_codes    text[] NOT NULL,
  valid_from    timestamptz,
  valid_until   timestamptz,
  allow_static  boolean NOT NULL DEFAULT true,
  capacity      integer CHECK (capacity IS NULL OR capacity >= 0),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (event_id, type_no),
  UNIQUE (event_id, name),
  UNIQUE (tenant_id, id),
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from)
);

CREATE TABLE tickets (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  event_id        uuid NOT NULL,
  ticket_type_id  uuid NOT NULL,
  serial          integer NOT NULL CHECK (serial >= 1),
  code            text NOT NULL CHECK (code ~ '^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$'),
  pin             text NOT NULL CHECK (pin ~ '^[0-9]{6}$'),
  holder_name     text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
  holder_email    text,
  holder_phone    text CHECK (holder_phone IS NULL OR holder_phone ~ '^\+[1-9][0-9]{6,14}$'),
  order_ref       text,
  status          text NOT NULL DEFAULT 'valid'
                  CHECK (status IN ('valid', 'cancelled', 'refunded', 'transferred', 'void')),
  presence        text NOT NULL DEFAULT 'outside' CHECK (presence IN ('outside', 'inside')),
  entry_count     integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
  -- The decision engine's full per-ticket state (core TicketState); columns above mirror it for SQL.
  state           jsonb,
  -- SHA-256 of the currently valid QR token text: the server authenticates tokens it issued by a
  -- constant-time comparison instead of a signature check. Bumping token_version revokes.
  token_hash      bytea,
  token_version   integer NOT NULL DEFAULT 1,
  -- Secret part of the attendee link /t/{link_secret}; unguessable, rotated on transfer.
  link_secret     text NOT NULL UNIQUE,
  last_scan_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_type_id) REFERENCES ticket_types (tenant_id, id),
  UNIQUE (event_id, serial),
  UNIQUE (event_id, code),
  UNIQUE (event_id, pin),
  UNIQUE (tenant_id, id)
);
CREATE INDEX tickets_holder_name_idx ON tickets (event_id, lower(holder_name));
CREATE INDEX tickets_holder_email_idx ON tickets (event_id, holder_email);

-- Paired door phones and kiosks.
CREATE TABLE devices (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  venue_id        uuid NOT NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind            text NOT NULL DEFAULT 'door' CHECK (kind IN ('door', 'kiosk')),
  token_hash      bytea NOT NULL UNIQUE,
  -- Manager may allow an offline name-search list on this device (personal data).
  allow_offline_names boolean NOT NULL DEFAULT false,
  clock_offset_ms integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz,
  revoked_at      timestamptz,
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);

-- Every scan attempt, refused ones included. The id is the device-made UUID (idempotency key).
CREATE TABLE scans (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  event_id        uuid NOT NULL,
  ticket_id       uuid,
  device_id       uuid,
  staff_id        uuid,
  gate_id         uuid,
  direction       text NOT NULL CHECK (direction IN ('in', 'out')),
  input_kind      text NOT NULL CHECK (input_kind IN ('qr', 'code', 'pin', 'sms', 'kiosk', 'search')),
  verdict         text NOT NULL CHECK (verdict IN ('admitted', 'exited', 'refused')),
  reason          text NOT NULL,
  device_time     timestamptz,
  server_time     timestamptz NOT NULL DEFAULT now(),
  -- The moment the engine judged the scan at (device time corrected by the measured clock offset
  -- for offline scans, server time for online ones).
  effective_time  timestamptz NOT NULL,
  offline         boolean NOT NULL DEFAULT false,
  -- Offline scans: the server's replayed verdict when it differs from the device's.
  conflict        boolean NOT NULL DEFAULT false,
  server_verdict  text CHECK (server_verdict IS NULL OR server_verdict IN ('admitted', 'exited', 'refused')),
  server_reason   text,
  -- The answer returned to the caller, replayed verbatim for a retried scan id.
  response        jsonb,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
  FOREIGN KEY (tenant_id, gate_id) REFERENCES gates (tenant_id, id)
);
CREATE INDEX scans_event_time_idx ON scans (event_id, effective_time);
CREATE INDEX scans_ticket_idx ON scans (ticket_id, effective_time);
CREATE INDEX scans_conflict_idx ON scans (event_id) WHERE conflict;
CREATE TRIGGER scans_append_only BEFORE UPDATE OR DELETE ON scans
  FOR EACH ROW EXECUTE FUNCTION karibu_append_only();
CREATE TRIGGER scans_no_truncate BEFORE TRUNCATE ON scans
  FOR EACH STATEMENT EXECUTE FUNCTION karibu_append_only();

-- Who did what: security-relevant and organizer-visible events (lockouts, cancellations, denials).
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_kind  text NOT NULL CHECK (actor_kind IN ('staff', 'device', 'api_key', 'system', 'attendee')),
  actor_id    uuid,
  action      text NOT NULL,
  subject_id  uuid,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant_at_idx ON audit_log (tenant_id, at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION karibu_append_only();

-- Row-level security for a tenant-owned table: enabled and forced, with policies only for the two
-- application roles. Later migrations call it for their own tables.
CREATE OR REPLACE FUNCTION karibu_protect_tenant_table(t text) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  EXECUTE format('CREATE POLICY tenant_isolation ON %I TO karibu_app
                    USING (tenant_id = karibu_tenant()) WITH CHECK (tenant_id = karibu_tenant())', t);
  EXECUTE format('CREATE POLICY system_access ON %I TO karibu_system USING (true) WITH CHECK (true)', t);
END $$;

SELECT karibu_protect_tenant_table(t) FROM unnest(ARRAY['staff', 'venues', 'zones', 'gates', 'events',
  'event_sessions', 'ticket_types', 'tickets', 'devices', 'scans', 'audit_log']) AS t;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants TO karibu_app
  USING (id = karibu_tenant()) WITH CHECK (id = karibu_tenant());
CREATE POLICY system_access ON tenants TO karibu_system USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, staff, venues, zones, gates, events, event_sessions,
  ticket_types, tickets, devices TO karibu_app, karibu_system;
GRANT SELECT, INSERT ON scans, audit_log TO karibu_app, karibu_system;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO karibu_app, karibu_system;

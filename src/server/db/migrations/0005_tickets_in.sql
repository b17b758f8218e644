-- Tickets in (issue 7): idempotent issuance, free registration settings, ticket lifecycle links,
-- and outgoing webhooks (endpoints, a durable delivery outbox, and a per-attempt log).

-- A retried issuance or import with the same Idempotency-Key issues nothing twice. The row is
-- inserted in the same transaction as the tickets, so a concurrent retry blocks on the primary key
-- until the first commits (then replays it) or rolls back (then does the work itself). Only ticket
-- ids are kept: the answer is rebuilt from the tickets, so no PIN or QR text is stored twice.
CREATE TABLE idempotency_keys (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- What the key was used for, e.g. 'issueTickets:<eventId>': the same key on another route or
  -- event is another key.
  scope         text NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  -- SHA-256 of the canonical request: same key + another body → idempotency_mismatch.
  request_hash  bytea NOT NULL,
  ticket_ids    uuid[] NOT NULL,
  -- Extra answer fields that are not tickets (an import's report).
  result        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, scope, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

-- Free registration per event (/e/{slug}/register): which ticket type a registrant gets, and
-- whether the page is open. No row or enabled = false → closed. Capacity comes from
-- events.capacity and ticket_types.capacity, counted over valid tickets.
CREATE TABLE registration_settings (
  event_id        uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  ticket_type_id  uuid NOT NULL,
  enabled         boolean NOT NULL DEFAULT true,
  opens_at        timestamptz,
  closes_at       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_type_id) REFERENCES ticket_types (tenant_id, id) ON DELETE CASCADE,
  CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);

-- A transferred ticket points at the ticket that replaced it (new serial, token, code, PIN).
ALTER TABLE tickets ADD COLUMN replaced_by uuid;
ALTER TABLE tickets ADD CONSTRAINT tickets_replaced_by_fkey
  FOREIGN KEY (tenant_id, replaced_by) REFERENCES tickets (tenant_id, id);
-- Capacity checks count the valid tickets of an event (registration, under the event row lock).
CREATE INDEX tickets_valid_by_type_idx ON tickets (event_id, ticket_type_id) WHERE status = 'valid';
-- Duplicate registration / import checks look tickets up by lower-cased email within an event.
-- (tickets_holder_email_idx from 0001 covers (event_id, holder_email); emails are stored lower-case.)

-- Organizer-registered receivers of signed event notifications.
CREATE TABLE webhook_endpoints (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url          text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  description  text CHECK (description IS NULL OR length(description) <= 200),
  -- Event types subscribed to, e.g. {ticket.issued,ticket.checked_in}; '*' = all.
  events       text[] NOT NULL CHECK (cardinality(events) >= 1),
  -- HMAC secret, AES-GCM sealed under the master key (bound to the endpoint id). Shown once.
  secret_enc   bytea NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
-- enqueueWebhookEvent runs inside hot transactions (check-in): finding no subscriber must be cheap.
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id) WHERE active;

-- The outbox: one row per (event, endpoint), written in the transaction that caused the event,
-- so a notification exists if and only if its cause committed. The dispatcher claims due rows
-- with FOR UPDATE SKIP LOCKED and a lease, so several server instances share the work.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL,
  endpoint_id      uuid NOT NULL,
  -- The notification's id, shared by its deliveries to different endpoints (receivers dedupe on it).
  event_id         uuid NOT NULL,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- When the next attempt is due. Claiming a row pushes this out by a lease, so other dispatchers
  -- skip it while it is in flight and a crashed dispatcher's work becomes due again by itself.
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);

-- Every delivery attempt, for the delivery log (status, error, duration).
CREATE TABLE webhook_attempts (
  id           bigserial PRIMARY KEY,
  tenant_id    uuid NOT NULL,
  delivery_id  uuid NOT NULL,
  attempt      integer NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  status_code  integer,
  error        text,
  duration_ms  integer NOT NULL,
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);

SELECT karibu_protect_tenant_table(t) FROM unnest(ARRAY['idempotency_keys', 'registration_settings', 'webhook_endpoints',
                           'webhook_deliveries', 'webhook_attempts']) AS t;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys, registration_settings, webhook_endpoints,
  webhook_deliveries, webhook_attempts TO karibu_app, karibu_system;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO karibu_app, karibu_system;

-- SMS and USSD check-in for feature phones. An organizer connects a number or shortcode at
-- Africa's Talking or Twilio (a channel); attendees text their PIN to it and are judged by the same
-- decide() as every door scan, recorded in `scans` with input_kind 'sms'.

-- A channel: the provider's credentials sealed under the master key (never returned), and the
-- channel token that authenticates the provider's callbacks (Africa's Talking signs nothing, so the
-- unguessable token in the URL is the credential). The token is sealed too, not hashed: the console
-- shows the URLs to paste again whenever asked.
CREATE TABLE sms_channels (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  provider         text NOT NULL CHECK (provider IN ('africastalking', 'twilio')),
  -- E.164 number or a shortcode, as the provider writes it in `to`.
  number           text NOT NULL CHECK (number ~ '^\+?[0-9]{3,15}$'),
  language         text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$'),
  credentials_enc  bytea NOT NULL,
  token_enc        bytea NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

-- The events a channel serves, each with the short code an attendee adds when a PIN is ambiguous.
CREATE TABLE sms_channel_events (
  channel_id  uuid NOT NULL,
  tenant_id   uuid NOT NULL,
  event_id    uuid NOT NULL,
  code        text NOT NULL CHECK (code ~ '^[A-Z0-9]{2,6}$'),
  PRIMARY KEY (channel_id, event_id),
  UNIQUE (channel_id, code),
  FOREIGN KEY (tenant_id, channel_id) REFERENCES sms_channels (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sms_channel_events_event_idx ON sms_channel_events (event_id);

-- Per event: the gate an SMS check-in is recorded at (and the guest is sent to), whether any phone
-- may text a ticket's PIN (not only the ticket's own), and the PIN-by-SMS opt-in.
CREATE TABLE sms_event_settings (
  event_id          uuid PRIMARY KEY,
  tenant_id         uuid NOT NULL,
  gate_id           uuid,
  allow_any_sender  boolean NOT NULL DEFAULT false,
  pin_sms           boolean NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, gate_id) REFERENCES gates (tenant_id, id) ON DELETE SET NULL (gate_id)
);

-- Every message in and out. Inbound rows are unique per provider message id (a retried webhook
-- is answered once); outbound rows are the send queue (status queued → sent → delivered/failed),
-- retried by the SMS sender with backoff, and updated by the provider's delivery reports.
CREATE TABLE sms_messages (
  id                   uuid PRIMARY KEY,
  tenant_id            uuid NOT NULL,
  channel_id           uuid NOT NULL,
  direction            text NOT NULL CHECK (direction IN ('in', 'out')),
  kind                 text NOT NULL DEFAULT 'sms' CHECK (kind IN ('sms', 'ussd', 'test', 'pin')),
  provider_message_id  text CHECK (provider_message_id IS NULL OR length(provider_message_id) <= 200),
  phone                text NOT NULL CHECK (length(phone) BETWEEN 3 AND 32),
  body                 text NOT NULL CHECK (length(body) <= 1600),
  status               text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'failed')),
  attempts             integer NOT NULL DEFAULT 0,
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  last_error           text CHECK (last_error IS NULL OR length(last_error) <= 500),
  -- What an inbound check-in came to: the event, ticket and scan, and the door code the reply carried.
  event_id             uuid,
  ticket_id            uuid,
  scan_id              uuid,
  outcome              text,
  door_code            text CHECK (door_code IS NULL OR door_code ~ '^[2-9A-HJKMNP-Z]{4}$'),
  reply_to             uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, channel_id) REFERENCES sms_channels (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX sms_messages_provider_id_idx ON sms_messages (channel_id, direction, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
CREATE INDEX sms_messages_channel_idx ON sms_messages (channel_id, created_at DESC);
-- The per-sender limit counts a sender's recent inbound messages on a channel.
CREATE INDEX sms_messages_sender_idx ON sms_messages (channel_id, phone, created_at) WHERE direction = 'in';
CREATE INDEX sms_messages_queue_idx ON sms_messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX sms_messages_door_code_idx ON sms_messages (event_id, door_code) WHERE door_code IS NOT NULL;

-- Guessing blocks of a channel (the SMS door) when no Redis keeps them: a restart does not lift them.
CREATE TABLE sms_lockouts (
  channel_id     uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL,
  blocked_until  timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, channel_id) REFERENCES sms_channels (tenant_id, id) ON DELETE CASCADE
);

SELECT karibu_protect_tenant_table(t) FROM unnest(ARRAY['sms_channels', 'sms_channel_events', 'sms_event_settings',
  'sms_messages', 'sms_lockouts']) AS t;
GRANT SELECT, INSERT, UPDATE, DELETE ON sms_channels, sms_channel_events, sms_event_settings, sms_messages, sms_lockouts
  TO karibu_app, karibu_system;

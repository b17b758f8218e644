-- Per-event Ed25519 signing keys (DESIGN.md §4). Several keys may verify at once (rotation): one
-- 'active' key signs new tickets, 'retired' keys still verify, 'revoked' keys verify nothing.
CREATE TABLE event_keys (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL,
  event_id         uuid NOT NULL,
  -- u32 key id carried in every token; unique across the installation so a kid names its event.
  kid              bigint NOT NULL UNIQUE CHECK (kid BETWEEN 1 AND 4294967295),
  public_key       bytea NOT NULL CHECK (length(public_key) = 32),
  -- 32-byte seed sealed (AES-256-GCM) under the master key, bound to the kid.
  private_key_enc  bytea NOT NULL,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'revoked')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  retired_at       timestamptz,
  revoked_at       timestamptz,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);
-- At most one signing key per event.
CREATE UNIQUE INDEX event_keys_one_active ON event_keys (event_id) WHERE status = 'active';

-- The key that signed a ticket's current token, so the same QR text can be rendered again
-- (Ed25519 signatures are deterministic) for the attendee page, emails and PDFs.
ALTER TABLE tickets ADD COLUMN kid bigint REFERENCES event_keys (kid);

SELECT karibu_protect_tenant_table('event_keys');
GRANT SELECT, INSERT, UPDATE ON event_keys TO karibu_app, karibu_system;

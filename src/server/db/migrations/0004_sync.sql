-- Offline sync (issue 6, docs/sync-protocol.md): manifest change tracking, sealed-name cache and
-- conflict resolutions.

-- Every change to a ticket row takes the next position in one database-wide sequence, so a
-- manifest delta is "tickets with change_seq above the cursor". change_xid is the writing
-- transaction: a transaction that commits after a reader delivered higher positions is found again
-- through it (see sync/manifest.repository.ts), so no change is ever skipped.
-- name_version bumps when the holder name changes: it is part of the sealed-name key derivation,
-- so a key stream never covers two different names.
CREATE SEQUENCE ticket_change_seq;
GRANT USAGE ON SEQUENCE ticket_change_seq TO karibu_app, karibu_system;

-- Volatile defaults are evaluated per existing row by ADD COLUMN (no UPDATE under RLS needed).
ALTER TABLE tickets
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('ticket_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  ADD COLUMN name_version integer NOT NULL DEFAULT 0;

CREATE FUNCTION karibu_ticket_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Writes that change nothing a door phone holds (updated_at, order_ref, …) do not make every
    -- phone download the ticket again.
    IF (NEW.status, NEW.presence, NEW.entry_count, NEW.state, NEW.token_hash, NEW.holder_name, NEW.code, NEW.pin,
        NEW.ticket_type_id, NEW.serial, NEW.event_id)
       IS NOT DISTINCT FROM
       (OLD.status, OLD.presence, OLD.entry_count, OLD.state, OLD.token_hash, OLD.holder_name, OLD.code, OLD.pin,
        OLD.ticket_type_id, OLD.serial, OLD.event_id) THEN
      NEW.change_seq := OLD.change_seq;
      NEW.change_xid := OLD.change_xid;
      RETURN NEW;
    END IF;
    IF NEW.holder_name IS DISTINCT FROM OLD.holder_name THEN
      NEW.name_version := OLD.name_version + 1;
    END IF;
  END IF;
  -- xid first: once it is assigned, every later nextval() is above what any reader that saw this
  -- transaction as "not yet started" could have delivered.
  NEW.change_xid := pg_current_xact_id();
  NEW.change_seq := nextval('ticket_change_seq');
  RETURN NEW;
END $$;

CREATE TRIGGER tickets_change_tracking BEFORE INSERT OR UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION karibu_ticket_changed();

CREATE INDEX tickets_event_change_idx ON tickets (event_id, change_seq);
CREATE INDEX tickets_change_xid_idx ON tickets (change_xid);

-- Sealed holder names, cached: sealing needs the ticket's full QR, i.e. an Ed25519 signature
-- (~30 µs), which a 100,000-ticket snapshot should not pay on every download. A row is valid while
-- the ticket's token_hash and name_version are unchanged.
CREATE TABLE ticket_name_seals (
  ticket_id     uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL,
  event_id      uuid NOT NULL,
  token_hash    bytea NOT NULL,
  name_version  integer NOT NULL,
  packed        boolean NOT NULL,
  length        integer NOT NULL CHECK (length >= 0),
  ciphertext    bytea NOT NULL,
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);

-- A manager's review of a conflicting offline scan. scans is append-only, so the resolution is its
-- own (append-only) row: who, when, why. At most one per scan.
CREATE TABLE conflict_resolutions (
  scan_id      uuid PRIMARY KEY REFERENCES scans (id),
  tenant_id    uuid NOT NULL,
  event_id     uuid NOT NULL,
  staff_id     uuid,
  note         text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  resolved_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id)
);
CREATE INDEX conflict_resolutions_event_idx ON conflict_resolutions (event_id);
CREATE TRIGGER conflict_resolutions_append_only BEFORE UPDATE OR DELETE ON conflict_resolutions
  FOR EACH ROW EXECUTE FUNCTION karibu_append_only();

SELECT karibu_protect_tenant_table(t) FROM unnest(ARRAY['ticket_name_seals', 'conflict_resolutions']) AS t;
GRANT SELECT, INSERT, UPDATE, DELETE ON ticket_name_seals TO karibu_app, karibu_system;
GRANT SELECT, INSERT ON conflict_resolutions TO karibu_app, karibu_system;

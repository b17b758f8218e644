-- Manifest change tracking moves from two indexed columns on tickets (0004) to an append-only log.
--
-- Why: every door scan writes the ticket's state. With change_seq/change_xid indexed on tickets,
-- each such write changed an indexed column, so PostgreSQL could not update the row in place (HOT)
-- and wrote a new entry into every one of the table's eleven indexes. Logged instead, a scan
-- writes the ticket row in place (fillfactor leaves room on the page) plus one small log row with
-- two index entries. Measured on the scan and reconcile benchmarks (issues 4 and 6).
--
-- Semantics are unchanged (docs/sync-protocol.md §2.7): every door-relevant change of a ticket
-- takes the next position in one database-wide sequence, together with its writing transaction;
-- a manifest delta is "tickets with a change above the cursor", and a transaction that commits
-- after a reader delivered higher positions is found again through its xid.

CREATE TABLE ticket_changes (
  seq        bigint NOT NULL DEFAULT nextval('ticket_change_seq'),
  -- In an AFTER trigger the transaction already holds its xid, so every seq it takes is above what
  -- a reader that saw it as "not yet started" could have delivered.
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  tenant_id  uuid NOT NULL,
  event_id   uuid NOT NULL,
  ticket_id  uuid NOT NULL
);
-- Deltas: the event's changes above a position, with the ticket id read from the index alone.
CREATE INDEX ticket_changes_event_seq_idx ON ticket_changes (event_id, seq) INCLUDE (ticket_id);
-- Late commits: rows written by transactions that were in flight at the previous read.
CREATE INDEX ticket_changes_xid_idx ON ticket_changes (xid);

SELECT karibu_protect_tenant_table('ticket_changes');
-- Append-only by privilege: the roles the app runs as can add and read, never rewrite history.
GRANT SELECT, INSERT ON ticket_changes TO karibu_app, karibu_system;

-- Carry the current positions over (as karibu_system: tickets has forced row-level security, and
-- the migrating user need not be a superuser).
SELECT set_config('role', 'karibu_system', true);
INSERT INTO ticket_changes (seq, xid, tenant_id, event_id, ticket_id)
  SELECT change_seq, change_xid, tenant_id, event_id, id FROM tickets;
RESET ROLE;

DROP TRIGGER tickets_change_tracking ON tickets;
DROP FUNCTION karibu_ticket_changed();
DROP INDEX tickets_event_change_idx;
DROP INDEX tickets_change_xid_idx;
ALTER TABLE tickets DROP COLUMN change_seq, DROP COLUMN change_xid;

-- The sealed-name key derivation includes name_version: it bumps when the holder name changes, so
-- a key stream never covers two different names. The WHEN clause keeps the trigger off the scan path.
CREATE FUNCTION karibu_ticket_name_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.name_version := OLD.name_version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER tickets_name_version BEFORE UPDATE OF holder_name ON tickets
  FOR EACH ROW WHEN (OLD.holder_name IS DISTINCT FROM NEW.holder_name)
  EXECUTE FUNCTION karibu_ticket_name_version();

-- Set-based: an import of 5,000 tickets or a reconciled batch logs in one INSERT, not 5,000.
CREATE FUNCTION karibu_log_ticket_inserts() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_changes (tenant_id, event_id, ticket_id)
    SELECT n.tenant_id, n.event_id, n.id FROM karibu_new_tickets n;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_log_inserts AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS karibu_new_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION karibu_log_ticket_inserts();

-- Writes that change nothing a door phone holds (updated_at, last_scan_at, order_ref, …) are not
-- logged, so they do not make every phone download the ticket again.
CREATE FUNCTION karibu_log_ticket_updates() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_changes (tenant_id, event_id, ticket_id)
    SELECT n.tenant_id, n.event_id, n.id
      FROM karibu_new_tickets n JOIN karibu_old_tickets o ON o.id = n.id
     WHERE (n.status, n.presence, n.entry_count, n.state, n.token_hash, n.holder_name, n.code, n.pin,
            n.ticket_type_id, n.serial, n.event_id, n.name_version, n.kid)
           IS DISTINCT FROM
           (o.status, o.presence, o.entry_count, o.state, o.token_hash, o.holder_name, o.code, o.pin,
            o.ticket_type_id, o.serial, o.event_id, o.name_version, o.kid);
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_log_updates AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS karibu_old_tickets NEW TABLE AS karibu_new_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION karibu_log_ticket_updates();

-- Room on each page for the updated row version, so a scan's write stays on the page (HOT). Takes
-- effect for pages written from now on; `VACUUM FULL tickets` applies it to an existing table
-- (docs/operations.md).
ALTER TABLE tickets SET (fillfactor = 80);

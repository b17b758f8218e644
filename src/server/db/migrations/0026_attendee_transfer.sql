-- Whether the holder may pass a ticket of this type on from their own ticket page (a new ticket
-- for the new holder, the old one refused at once). Off by default: many organizers sell named
-- tickets and want transfers to go through them; they switch it on per type.
ALTER TABLE ticket_types ADD COLUMN allow_transfer boolean NOT NULL DEFAULT false;

-- The old holder is told by email that their ticket now belongs to someone else; that message is
-- logged beside the ticket emails so an organizer sees both sides of a transfer.
ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_kind_check;
ALTER TABLE email_deliveries ADD CONSTRAINT email_deliveries_kind_check CHECK (kind IN ('ticket', 'transfer_notice'));

-- A ticket's page shows its history (issued, transferred, cancelled, resent) from the audit log.
CREATE INDEX audit_log_subject_idx ON audit_log (subject_id, at) WHERE subject_id IS NOT NULL;
-- …and a transferred-to ticket links back to the one it replaced.
CREATE INDEX tickets_replaced_by_idx ON tickets (replaced_by) WHERE replaced_by IS NOT NULL;

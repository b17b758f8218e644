-- CPD/CE certificates handed to attendees (attendance/certificate.service.ts). The PDF states a
-- verification URL with `code`; whoever holds the paper can ask the public verification route,
-- which answers only what the paper already says: holder initials, event, credits, issue date.
-- So the initials are kept here, at issue time: the verification never reads the ticket (a later
-- name change or transfer must not change what an issued certificate confirms).
--
-- `code` is 100 random bits: unguessable, so the verification route cannot be used to list
-- certificates. One ticket may hold several certificates over time (credits can grow as later
-- sessions end); the newest whose credits equal the current total is handed out again, so a
-- re-download keeps its code.
CREATE TABLE certificates (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL,
  event_id        uuid NOT NULL,
  ticket_id       uuid NOT NULL,
  code            text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{20}$'),
  credits         numeric(8, 2) NOT NULL CHECK (credits > 0),
  holder_initials text NOT NULL,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX certificates_ticket_idx ON certificates (ticket_id, issued_at DESC);

SELECT karibu_protect_tenant_table('certificates');
-- Issued certificates are never edited: what the paper says stays what the server confirms.
GRANT SELECT, INSERT ON certificates TO karibu_app, karibu_system;

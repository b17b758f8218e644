-- Tickets out (issue 7): the delivery log of ticket emails. One row per attempt, sent or failed,
-- so "resend" is provable and an organizer can answer "I never got my ticket" with facts.
-- Append-only for the app roles (SELECT and INSERT only): an attempt that happened is never
-- rewritten. No trigger, so deleting an event or a ticket (erasure) still cascades here.
CREATE TABLE email_deliveries (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL,
  event_id      uuid NOT NULL,
  ticket_id     uuid NOT NULL,
  -- The address the message went to at the time (the ticket's holder may change on transfer).
  recipient     text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
  kind          text NOT NULL DEFAULT 'ticket' CHECK (kind IN ('ticket')),
  status        text NOT NULL CHECK (status IN ('sent', 'failed')),
  -- The SMTP server's message id on success; a short, secret-free reason on failure.
  message_id    text,
  error         text CHECK (error IS NULL OR length(error) <= 500),
  locale        text NOT NULL DEFAULT 'en',
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, id)
);
CREATE INDEX email_deliveries_ticket ON email_deliveries (ticket_id, attempted_at DESC);

SELECT karibu_protect_tenant_table('email_deliveries');
GRANT SELECT, INSERT ON email_deliveries TO karibu_app, karibu_system;

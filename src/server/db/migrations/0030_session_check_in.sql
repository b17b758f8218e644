-- Session check-in: a scan at the door of a room may name the session it is for (a talk, a
-- workshop). Such scans count for the session only — its room's occupancy and each ticket's
-- attendance minutes — never for the event's own entries, exits or "inside now".
ALTER TABLE scans ADD COLUMN session_id uuid;
ALTER TABLE scans ADD CONSTRAINT scans_session_fkey
  FOREIGN KEY (tenant_id, session_id) REFERENCES event_sessions (tenant_id, id);
CREATE INDEX scans_session_idx ON scans (session_id, ticket_id, effective_time) WHERE session_id IS NOT NULL;

-- Which tickets a session admits: null means "the types that grant its room" (the zone rule);
-- otherwise exactly these ticket types. CPD/CE credits: what attending earns, and the share of
-- the session's length a ticket must have been inside to earn them (e.g. 1.5 credits at 80 %).
ALTER TABLE event_sessions
  ADD COLUMN admits_ticket_type_ids uuid[],
  ADD COLUMN cpd_credits numeric(6, 2) CHECK (cpd_credits IS NULL OR cpd_credits > 0),
  ADD COLUMN cpd_min_share smallint CHECK (cpd_min_share IS NULL OR cpd_min_share BETWEEN 1 AND 100);

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

-- Check-in webhooks announce the event's own doors: a session scan is not a check-in of the
-- event (0013's announcement, with session scans left out).
CREATE OR REPLACE FUNCTION karibu_announce_online_scans() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  WITH counted AS MATERIALIZED (
    SELECT n.*, gen_random_uuid() AS webhook_event,
           CASE WHEN n.reason = 'exited' THEN 'ticket.checked_out' ELSE 'ticket.checked_in' END AS webhook_type
      FROM karibu_new_online_scans n
     WHERE NOT n.offline AND n.ticket_id IS NOT NULL AND n.session_id IS NULL
       AND karibu_moved_ticket(n.offline, n.conflict, n.reason, n.server_reason)
       AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = n.tenant_id AND e.active)
  )
  INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
  SELECT gen_random_uuid(), e.tenant_id, e.id, c.webhook_event, c.webhook_type,
         jsonb_build_object('id', c.webhook_event, 'type', c.webhook_type,
           'createdAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'data', jsonb_build_object(
             'ticketId', c.ticket_id, 'eventId', c.event_id, 'serial', t.serial, 'scanId', c.id,
             'gateId', c.gate_id,
             'at', to_char(c.effective_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'offline', false, 'deviceId', c.device_id))
    FROM counted c
    JOIN webhook_endpoints e ON e.tenant_id = c.tenant_id AND e.active
     AND (c.webhook_type = ANY (e.events) OR '*' = ANY (e.events))
    JOIN tickets t ON t.id = c.ticket_id;
  RETURN NULL;
END $$;

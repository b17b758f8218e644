-- Which recorded scans moved their ticket, said once for the database (core movedTicket() says it
-- for TypeScript: src/core/moved-ticket.ts; a test runs both over the same rows). Before this, the
-- undo, the conflicts review, the late-upload replay and the webhook trigger each wrote their own
-- reading of verdicts and reasons, and undo's (by verdict) counted a duplicate-window repeat — a
-- green that moved nothing — as the ticket's latest movement.
--
-- A scan moved its ticket when the judgment that counts admitted or exited it: online, the
-- server's reason; replayed offline, the server's own reason, and only when it agreed with the
-- phone (a conflict never counts). duplicate_scan repeats an earlier answer and moved nothing.
-- Annulled scans (undo) are taken out by the callers on top.
-- A plain SQL expression: inlined into each query that uses it, so it costs nothing per row.
CREATE FUNCTION karibu_moved_ticket(p_offline boolean, p_conflict boolean, p_reason text, p_server_reason text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT coalesce(p_conflict, false)
     AND coalesce(CASE WHEN p_offline THEN p_server_reason ELSE p_reason END IN ('admitted', 'exited'), false)
$$;

-- The online check-in webhooks (0010), with the shared rule instead of their own.
CREATE OR REPLACE FUNCTION karibu_announce_online_scans() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Writes nothing when nobody subscribed (partial index on active endpoints per tenant).
  WITH counted AS MATERIALIZED (
    SELECT n.*, gen_random_uuid() AS webhook_event,
           CASE WHEN n.reason = 'exited' THEN 'ticket.checked_out' ELSE 'ticket.checked_in' END AS webhook_type
      FROM karibu_new_online_scans n
     WHERE NOT n.offline AND n.ticket_id IS NOT NULL
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

-- The single-scan path of 0003 has no caller left: online scans go through the batch pair (0010),
-- offline uploads through their own statements (sync). Dropped so no second definition of a
-- check-in (and of a conflict) stays callable.
DROP FUNCTION karibu_scan_target(uuid, uuid, uuid, bigint, integer, text, text);
DROP FUNCTION karibu_scan_record(uuid, uuid, uuid, uuid, uuid, uuid, text, text, text, text, timestamptz, timestamptz,
                                 boolean, boolean, text, text, jsonb, jsonb, text, integer);

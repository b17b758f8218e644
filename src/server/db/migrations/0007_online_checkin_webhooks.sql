-- Online check-ins and exits announce themselves to webhook subscribers. Both online scan paths
-- (Kysely and the PostgreSQL fast path) record through the scans table, so one trigger covers them,
-- in the scan's own transaction: a notification exists if and only if the scan committed.
-- Offline scans are announced by the batch upload (sync), with offline: true; they are skipped here.
-- Only scans that counted: reason admitted/exited (a duplicate_scan repeats a verdict, counts nothing).
CREATE OR REPLACE FUNCTION karibu_announce_online_scan() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  v_type text := CASE WHEN NEW.reason = 'exited' THEN 'ticket.checked_out' ELSE 'ticket.checked_in' END;
  v_event uuid := gen_random_uuid();
BEGIN
  -- Writes nothing when nobody subscribed (partial index on active endpoints per tenant).
  INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, payload)
  SELECT gen_random_uuid(), e.tenant_id, e.id, v_event, v_type,
         jsonb_build_object('id', v_event, 'type', v_type,
           'createdAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'data', jsonb_build_object(
             'ticketId', NEW.ticket_id, 'eventId', NEW.event_id, 'serial', t.serial, 'scanId', NEW.id,
             'gateId', NEW.gate_id,
             'at', to_char(NEW.effective_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'offline', false, 'deviceId', NEW.device_id))
    FROM webhook_endpoints e
    JOIN tickets t ON t.id = NEW.ticket_id
   WHERE e.tenant_id = NEW.tenant_id AND e.active
     AND (v_type = ANY (e.events) OR '*' = ANY (e.events));
  RETURN NULL;
END $$;

CREATE TRIGGER scans_announce_online AFTER INSERT ON scans
  FOR EACH ROW
  WHEN (NOT NEW.offline AND NEW.ticket_id IS NOT NULL AND NEW.reason IN ('admitted', 'exited'))
  EXECUTE FUNCTION karibu_announce_online_scan();

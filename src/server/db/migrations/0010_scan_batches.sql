-- Online door scans are judged in batches (issue 4): the scans that arrive for one event while
-- the previous batch is in the database travel together, in one transaction of two round trips.
--
-- Why: one transaction per scan spent most of its cost around the statement rather than in it —
-- two socket writes and wake-ups, two parse/execute cycles, one commit (WAL flush) per scan. A
-- batch pays those once. The guarantees are the same as karibu_scan_open / karibu_scan_record
-- (0003): every named ticket is LOCKED before its state is read, earlier answers for the scan ids
-- are read after the lock with a fresh snapshot, and every scan row commits together with the
-- ticket states it changed. Scans of one ticket in one batch are judged one after another by the
-- server, each on the state the previous one left.

-- The read half, in the caller's transaction: enters the tenant (role and tenant stay set for the
-- rest of the transaction), locks every ticket the items name in id order (so concurrent batches
-- and offline uploads queue rather than deadlock), then returns one row per item: the live
-- principal, the event's venue, the gate's zone, the QR's key, the locked ticket and an earlier
-- answer for the item's scan id. p_items: [{n, scan, staff, device, session, gate, kid, serial,
-- code, pin}] with exactly one of serial / code / pin (or none for input that names no ticket).
-- As in 0003, a ticket is only looked up through a gate of the event's venue, and not at all
-- when the QR's key belongs to another event (wrong_event).
CREATE FUNCTION karibu_scan_open_batch(p_tenant uuid, p_event uuid, p_items json)
RETURNS TABLE (n integer, staff_role text, staff_active boolean, scopes jsonb, device_venue uuid, device_kind text,
               device_ok boolean, session_ok boolean, event_venue uuid, gate_zone text, key_event uuid, key_status text,
               ticket_id uuid, serial integer, status text, presence text, entry_count integer, state jsonb,
               token_hash bytea, holder_name text, type_no integer, type_name text, zone_codes text[],
               allow_static boolean, prior_event uuid, prior_response jsonb)
LANGUAGE plpgsql VOLATILE
-- Every lookup here is by a key, and must stay an index probe however the tables grow. PL/pgSQL
-- keeps each statement's plan for the life of the connection, planned against the sizes of the
-- moment: at doors-open `scans` is nearly empty, a sequential scan looks cheapest, and an hour later
-- each batch would read the whole table once per scan. Without sequential scans the plan is the
-- same whatever the statistics say.
SET enable_seqscan = off
AS $$
#variable_conflict use_column
DECLARE
  v_venue uuid;
  v_ns integer[];
  v_ids uuid[];
BEGIN
  PERFORM set_config('role', 'karibu_app', true), set_config('karibu.tenant_id', p_tenant::text, true);
  SELECT e.venue_id INTO v_venue FROM events e WHERE e.id = p_event;
  IF v_venue IS NOT NULL THEN
    -- Each lookup is a LATERAL … LIMIT 1 so it stays an index probe per item: a plain join could be
    -- planned as a hash over every ticket of the event.
    SELECT array_agg(i.n), array_agg(t.id) INTO v_ns, v_ids
      FROM json_to_recordset(p_items) AS i(n integer, gate uuid, kid bigint, serial integer, code text, pin text)
      JOIN LATERAL (SELECT 1 FROM gates g WHERE g.id = i.gate AND g.venue_id = v_venue) g ON true
      LEFT JOIN LATERAL (SELECT k.event_id FROM event_keys k WHERE k.kid = i.kid LIMIT 1) k ON true
      JOIN LATERAL (
        SELECT tk.id FROM tickets tk WHERE i.serial IS NOT NULL AND tk.event_id = p_event AND tk.serial = i.serial
        UNION ALL SELECT tk.id FROM tickets tk WHERE i.code IS NOT NULL AND tk.event_id = p_event AND tk.code = i.code
        UNION ALL SELECT tk.id FROM tickets tk WHERE i.pin IS NOT NULL AND tk.event_id = p_event AND tk.pin = i.pin
        LIMIT 1) t ON true
     WHERE i.kid IS NULL OR k.event_id = p_event;
    PERFORM 1 FROM tickets tk WHERE tk.id = ANY (v_ids) ORDER BY tk.id FOR UPDATE;
  END IF;
  -- A new statement, so a new snapshot: it sees what the lock waited for (the ticket's latest
  -- state, and the scan row of a concurrent retry that committed first).
  RETURN QUERY
  SELECT i.n, p.staff_role, p.staff_active, p.scopes, p.device_venue, p.device_kind, p.device_ok, p.session_ok,
         v_venue, z.code, k.event_id, k.status,
         tk.id, tk.serial, tk.status, tk.presence, tk.entry_count, tk.state, tk.token_hash, tk.holder_name,
         tt.type_no, tt.name, tt.zone_codes, tt.allow_static, s.event_id, s.response
    FROM json_to_recordset(p_items) AS i(n integer, scan uuid, staff uuid, device uuid, session uuid, gate uuid, kid bigint)
    LEFT JOIN LATERAL karibu_principal(i.staff, i.device, i.session) p ON true
    LEFT JOIN LATERAL (SELECT zn.code FROM gates g JOIN zones zn ON zn.id = g.zone_id
                        WHERE g.id = i.gate AND g.venue_id = v_venue LIMIT 1) z ON true
    LEFT JOIN LATERAL (SELECT ek.event_id, ek.status FROM event_keys ek WHERE ek.kid = i.kid LIMIT 1) k ON true
    LEFT JOIN unnest(v_ns, v_ids) AS m(n, id) ON m.n = i.n
    LEFT JOIN LATERAL (SELECT x.* FROM tickets x WHERE x.id = m.id LIMIT 1) tk ON true
    LEFT JOIN ticket_types tt ON tt.id = tk.ticket_type_id
    LEFT JOIN LATERAL (SELECT sc.event_id, sc.response FROM scans sc WHERE sc.id = i.scan LIMIT 1) s ON true
   ORDER BY i.n;
END $$;

-- The write half, in the same transaction: every scan row, then every changed ticket's final
-- state. p_scans: [{id, ticket, device, staff, gate, direction, input, verdict, reason, deviceTime,
-- at, response}]; p_states: [{id, state, presence, entryCount, at}], one per ticket.
-- When a scan id turns out to be taken (a concurrent retry of the same scan committed between the
-- read and the write, on a path that locked no ticket), nothing may commit: the batch's verdicts
-- assumed that scan was new. It raises KB409 with the taken ids and their stored answers (when
-- this organizer can see them) as JSON in DETAIL, and the server judges the batch again.
CREATE FUNCTION karibu_scan_record_batch(p_event uuid, p_scans json, p_states json)
RETURNS integer
LANGUAGE plpgsql VOLATILE
-- As for karibu_scan_open_batch: key lookups stay index probes however stale the cached plans are.
SET enable_seqscan = off
AS $$
#variable_conflict use_column
DECLARE
  v_inserted uuid[];
  v_taken json;
BEGIN
  WITH ins AS (
    INSERT INTO scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind, verdict, reason,
                       device_time, effective_time, response)
    SELECT r.id, karibu_tenant(), p_event, r.ticket, r.device, r.staff, r.gate, r.direction, r.input, r.verdict, r.reason,
           r."deviceTime", r.at, r.response
      FROM json_to_recordset(p_scans) AS r(id uuid, ticket uuid, device uuid, staff uuid, gate uuid, direction text, input text,
                                           verdict text, reason text, "deviceTime" timestamptz, at timestamptz, response jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING scans.id)
  SELECT array_agg(ins.id) INTO v_inserted FROM ins;
  IF coalesce(cardinality(v_inserted), 0) < json_array_length(p_scans) THEN
    SELECT json_agg(json_build_object('id', r.id, 'event', sc.event_id, 'response', sc.response)) INTO v_taken
      FROM json_to_recordset(p_scans) AS r(id uuid)
      LEFT JOIN scans sc ON sc.id = r.id
     WHERE NOT (r.id = ANY (coalesce(v_inserted, '{}')));
    RAISE EXCEPTION 'scan ids already recorded' USING ERRCODE = 'KB409', DETAIL = v_taken::text;
  END IF;
  IF json_array_length(p_states) > 0 THEN
    UPDATE tickets t
       SET state = u.state, presence = u.presence, entry_count = u."entryCount", last_scan_at = u.at, updated_at = now()
      FROM json_to_recordset(p_states) AS u(id uuid, state jsonb, presence text, "entryCount" integer, at timestamptz)
     WHERE t.id = u.id
       -- Fetches the rows by primary key instead of hashing the whole table.
       AND t.id = ANY (ARRAY(SELECT (e ->> 'id')::uuid FROM json_array_elements(p_states) e));
  END IF;
  RETURN cardinality(v_inserted);
END $$;

-- The online scan opener of 0003 has no caller any more (the batch opener replaces it).
DROP FUNCTION karibu_scan_open(uuid, uuid, uuid, uuid, uuid, uuid, uuid, bigint, integer, text, text);

-- Webhook announcements of online check-ins and exits (0007), once per statement instead of once
-- per row: a batch of scans runs one query over its admitted rows, not one per admitted scan. Same
-- rules: online scans that named a ticket and counted (admitted / exited), in the scan's own
-- transaction, one webhook event (one id) per scan delivered to each subscribed endpoint.
DROP TRIGGER scans_announce_online ON scans;
DROP FUNCTION karibu_announce_online_scan();

CREATE FUNCTION karibu_announce_online_scans() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Writes nothing when nobody subscribed (partial index on active endpoints per tenant).
  WITH counted AS MATERIALIZED (
    SELECT n.*, gen_random_uuid() AS webhook_event,
           CASE WHEN n.reason = 'exited' THEN 'ticket.checked_out' ELSE 'ticket.checked_in' END AS webhook_type
      FROM karibu_new_online_scans n
     WHERE NOT n.offline AND n.ticket_id IS NOT NULL AND n.reason IN ('admitted', 'exited')
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

CREATE TRIGGER scans_announce_online AFTER INSERT ON scans
  REFERENCING NEW TABLE AS karibu_new_online_scans
  FOR EACH STATEMENT EXECUTE FUNCTION karibu_announce_online_scans();

-- Scans' reference check (0009), same rule and message, with every distinct reference looked up by
-- its own index probe. 0009's CASE … EXISTS let the planner hash whole tables instead: on the scan
-- benchmark each online batch read all 1,000 devices and all 1,000 staff (≈ 2 ms of a 20-scan
-- batch's ≈ 8 ms), a cost that grows with the organizer's size rather than the batch's. The
-- LATERAL … LIMIT 1 keeps one probe per reference; only the branch of its kind runs.
CREATE OR REPLACE FUNCTION karibu_scans_check_references() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  v_missing text;
BEGIN
  SELECT r.kind || ' ' || r.id INTO v_missing
    FROM (SELECT DISTINCT n.tenant_id, v.kind, v.id
            FROM karibu_new_scans n
            CROSS JOIN LATERAL (VALUES ('event', n.event_id), ('ticket', n.ticket_id), ('device', n.device_id),
                                       ('staff', n.staff_id), ('gate', n.gate_id)) AS v(kind, id)
           WHERE v.id IS NOT NULL) r
    LEFT JOIN LATERAL (
      SELECT true AS found FROM events x WHERE r.kind = 'event' AND x.tenant_id = r.tenant_id AND x.id = r.id
      UNION ALL SELECT true FROM tickets x WHERE r.kind = 'ticket' AND x.tenant_id = r.tenant_id AND x.id = r.id
      UNION ALL SELECT true FROM devices x WHERE r.kind = 'device' AND x.tenant_id = r.tenant_id AND x.id = r.id
      UNION ALL SELECT true FROM staff x WHERE r.kind = 'staff' AND x.tenant_id = r.tenant_id AND x.id = r.id
      UNION ALL SELECT true FROM gates x WHERE r.kind = 'gate' AND x.tenant_id = r.tenant_id AND x.id = r.id
      LIMIT 1) f ON true
   WHERE f.found IS NULL
   LIMIT 1;
  IF v_missing IS NOT NULL THEN
    RAISE EXCEPTION 'scan names % which does not exist for its organizer', v_missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

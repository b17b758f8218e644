-- Attention notes ("requires attention" in pretix): a short note for door staff on a ticket type
-- or on one ticket ("Speaker — send to the green room", "Uses a wheelchair — ramp gate"). The
-- door's verdict shows the ticket's own note, else its type's, and the scan row keeps the note
-- that was shown so the ticket's scan history says what staff were told. The attendee never sees it.
--
-- The checks repeat the API's rule (1–200 characters, trimmed, no control characters) so no path
-- that forgets the schema can store a note the scanner's banner was not built for.
ALTER TABLE ticket_types ADD COLUMN attention_note text
  CHECK (char_length(attention_note) BETWEEN 1 AND 200 AND attention_note = btrim(attention_note)
         AND attention_note !~ '[[:cntrl:]]');
ALTER TABLE tickets ADD COLUMN attention_note text
  CHECK (char_length(attention_note) BETWEEN 1 AND 200 AND attention_note = btrim(attention_note)
         AND attention_note !~ '[[:cntrl:]]');
-- The note the door was shown with this scan; null when none was (or the scan named no ticket).
ALTER TABLE scans ADD COLUMN attention_note text;

-- A ticket's note is sealed in manifests under the same key derivation input as its name
-- (token ‖ name_version, another salt): name_version must bump when the note changes too, or two
-- notes would share one key stream. The bump also logs the ticket for the next manifest delta.
DROP TRIGGER tickets_name_version ON tickets;
CREATE TRIGGER tickets_name_version BEFORE UPDATE OF holder_name, attention_note ON tickets
  FOR EACH ROW WHEN (OLD.holder_name IS DISTINCT FROM NEW.holder_name OR OLD.attention_note IS DISTINCT FROM NEW.attention_note)
  EXECUTE FUNCTION karibu_ticket_name_version();

-- The batch opener of 0010, with one more column: the note the verdict shows (the ticket's own,
-- else its type's), read from the locked row so a note set a moment ago is the one shown. A new
-- result column changes the function's type, hence DROP and CREATE rather than REPLACE.
DROP FUNCTION karibu_scan_open_batch(uuid, uuid, json);
CREATE FUNCTION karibu_scan_open_batch(p_tenant uuid, p_event uuid, p_items json)
RETURNS TABLE (n integer, staff_role text, staff_active boolean, scopes jsonb, device_venue uuid, device_kind text,
               device_ok boolean, session_ok boolean, event_venue uuid, gate_zone text, key_event uuid, key_status text,
               ticket_id uuid, serial integer, status text, presence text, entry_count integer, state jsonb,
               token_hash bytea, holder_name text, type_no integer, type_name text, zone_codes text[],
               allow_static boolean, prior_event uuid, prior_response jsonb, attention_note text)
LANGUAGE plpgsql VOLATILE
-- As in 0010 and 0011: every lookup stays an index probe, on the connection's one generic plan.
SET enable_seqscan = off
SET plan_cache_mode = force_generic_plan
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
  RETURN QUERY
  SELECT i.n, p.staff_role, p.staff_active, p.scopes, p.device_venue, p.device_kind, p.device_ok, p.session_ok,
         v_venue, z.code, k.event_id, k.status,
         tk.id, tk.serial, tk.status, tk.presence, tk.entry_count, tk.state, tk.token_hash, tk.holder_name,
         tt.type_no, tt.name, tt.zone_codes, tt.allow_static, s.event_id, s.response,
         coalesce(tk.attention_note, tt.attention_note)
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

-- The write half of 0010, storing each scan's shown note ("attentionNote", null when none).
CREATE OR REPLACE FUNCTION karibu_scan_record_batch(p_event uuid, p_scans json, p_states json)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  v_inserted uuid[];
  v_taken json;
BEGIN
  WITH ins AS (
    INSERT INTO scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind, verdict, reason,
                       device_time, effective_time, response, attention_note)
    SELECT r.id, karibu_tenant(), p_event, r.ticket, r.device, r.staff, r.gate, r.direction, r.input, r.verdict, r.reason,
           r."deviceTime", r.at, r.response, r."attentionNote"
      FROM json_to_recordset(p_scans) AS r(id uuid, ticket uuid, device uuid, staff uuid, gate uuid, direction text, input text,
                                           verdict text, reason text, "deviceTime" timestamptz, at timestamptz, response jsonb,
                                           "attentionNote" text)
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
       AND t.id = ANY (ARRAY(SELECT (e ->> 'id')::uuid FROM json_array_elements(p_states) e));
  END IF;
  RETURN cardinality(v_inserted);
END $$;

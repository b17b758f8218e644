-- Staff sessions, device pairing, API keys, staff scopes and scan annulments (issue 4), plus the
-- SQL functions that keep an online scan to a few round trips.

-- Staff of role manager/staff may be confined to venues, optionally to single events there.
-- owner/admin ignore scopes; a manager without scope rows covers the whole tenant; a staff member
-- without scope rows covers nothing.
CREATE TABLE staff_scopes (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  staff_id    uuid NOT NULL,
  venue_id    uuid NOT NULL,
  event_id    uuid,
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  UNIQUE NULLS NOT DISTINCT (staff_id, venue_id, event_id)
);
CREATE INDEX staff_scopes_staff_idx ON staff_scopes (staff_id);

-- Rotating refresh tokens. One family per login; each refresh marks its token used and issues the
-- next one of the family. Presenting a used token again means it was copied: the family is revoked.
-- Access tokens carry the family id, so revoking a family (logout, reuse, staff deactivated) also
-- stops its access tokens at once.
CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  staff_id    uuid NOT NULL,
  family_id   uuid NOT NULL,
  device_id   uuid,
  token_hash  bytea NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  used_at     timestamptz,
  revoked_at  timestamptz,
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_staff_idx ON refresh_tokens (staff_id);

-- One-time device setup codes (the QR a manager shows to a new door phone). Stored hashed.
CREATE TABLE device_setup_codes (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  venue_id    uuid NOT NULL,
  code_hash   bytea NOT NULL UNIQUE,
  name        text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
  kind        text NOT NULL DEFAULT 'door' CHECK (kind IN ('door', 'kiosk')),
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  device_id   uuid,
  FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (created_by)
);

ALTER TABLE devices ADD COLUMN created_by uuid;
ALTER TABLE devices ADD COLUMN revoked_by uuid;

-- Integration keys (x-api-key), shown once, stored hashed; `prefix` lets people tell keys apart.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  prefix        text NOT NULL,
  key_hash      bytea NOT NULL UNIQUE,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Undo of a scan. scans is append-only, so an annulment is its own row; the ticket's state is
-- adjusted in the same transaction. At most one annulment per scan.
CREATE TABLE scan_annulments (
  scan_id     uuid PRIMARY KEY REFERENCES scans (id),
  tenant_id   uuid NOT NULL,
  event_id    uuid NOT NULL,
  ticket_id   uuid,
  staff_id    uuid,
  device_id   uuid,
  at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id)
);
CREATE INDEX scan_annulments_ticket_idx ON scan_annulments (ticket_id);
CREATE TRIGGER scan_annulments_append_only BEFORE UPDATE OR DELETE ON scan_annulments
  FOR EACH ROW EXECUTE FUNCTION karibu_append_only();
-- Undo looks for the ticket's latest state-changing scan.
CREATE INDEX scans_device_idx ON scans (device_id, server_time);

SELECT karibu_protect_tenant_table(t) FROM unnest(ARRAY['staff_scopes', 'refresh_tokens', 'device_setup_codes', 'api_keys', 'scan_annulments']) AS t;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_scopes, refresh_tokens, device_setup_codes, api_keys
  TO karibu_app, karibu_system;
GRANT SELECT, INSERT ON scan_annulments TO karibu_app, karibu_system;

-- ---------------------------------------------------------------------------------------------
-- Functions. None of them is SECURITY DEFINER: they run with the caller's privileges, and RLS
-- applies to every query in them.
-- ---------------------------------------------------------------------------------------------

-- The live facts about a staff session, read in the current tenant (the caller has set role and
-- tenant): is the staff member active, with which role and scopes; is the device paired and not
-- revoked; is the login (refresh-token family) still valid. No row when the staff member is not
-- in the current tenant.
CREATE FUNCTION karibu_principal(p_staff uuid, p_device uuid, p_session uuid)
RETURNS TABLE (staff_role text, staff_active boolean, scopes jsonb, device_venue uuid, device_kind text,
               device_ok boolean, session_ok boolean)
LANGUAGE sql STABLE AS $$
  SELECT s.role, s.active,
         coalesce((SELECT jsonb_agg(jsonb_build_array(sc.venue_id, sc.event_id)) FROM staff_scopes sc WHERE sc.staff_id = s.id), '[]'::jsonb),
         d.venue_id, d.kind,
         p_device IS NULL OR (d.id IS NOT NULL AND d.revoked_at IS NULL),
         p_session IS NULL OR NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = p_session AND r.revoked_at IS NOT NULL)
  FROM staff s
  LEFT JOIN devices d ON d.id = p_device
  WHERE s.id = p_staff
$$;

-- One-statement authorization lookup for ordinary routes (autocommit): switches to karibu_app in
-- the token's tenant for this statement only, reads the principal and, when asked, the venue of
-- the target resource (NULL resource_found = not in this tenant → 404). Restores role and tenant,
-- so it is also harmless inside a caller's transaction.
CREATE FUNCTION karibu_auth_lookup(p_tenant uuid, p_staff uuid, p_device uuid, p_session uuid,
                                   p_kind text, p_id uuid)
RETURNS TABLE (staff_role text, staff_active boolean, scopes jsonb, device_venue uuid, device_kind text,
               device_ok boolean, session_ok boolean, resource_found boolean, resource_venue uuid, resource_event uuid)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_role text := current_setting('role');
  v_tenant text := current_setting('karibu.tenant_id', true);
  v_found boolean := NULL;
  v_venue uuid;
  v_event uuid;
BEGIN
  PERFORM set_config('role', 'karibu_app', true), set_config('karibu.tenant_id', p_tenant::text, true);
  IF p_kind = 'event' THEN
    SELECT true, e.venue_id, e.id INTO v_found, v_venue, v_event FROM events e WHERE e.id = p_id;
  ELSIF p_kind = 'venue' THEN
    SELECT true, v.id INTO v_found, v_venue FROM venues v WHERE v.id = p_id;
  ELSIF p_kind = 'device' THEN
    SELECT true, d.venue_id INTO v_found, v_venue FROM devices d WHERE d.id = p_id;
  ELSIF p_kind = 'staff' THEN
    SELECT true INTO v_found FROM staff s WHERE s.id = p_id;
  ELSIF p_kind = 'api_key' THEN
    SELECT true INTO v_found FROM api_keys k WHERE k.id = p_id;
  END IF;
  RETURN QUERY SELECT p.staff_role, p.staff_active, p.scopes, p.device_venue, p.device_kind, p.device_ok, p.session_ok,
      coalesce(v_found, false), v_venue, v_event
    FROM (SELECT 1) one LEFT JOIN karibu_principal(p_staff, p_device, p_session) p ON true;
  PERFORM set_config('role', v_role, true), set_config('karibu.tenant_id', coalesce(v_tenant, ''), true);
END $$;

-- API-key lookup by hash: keys are not bound to a tenant before they are found, so this reads as
-- karibu_system for the statement and restores the role.
CREATE FUNCTION karibu_api_key_lookup(p_hash bytea)
RETURNS TABLE (id uuid, tenant_id uuid, revoked boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE v_role text := current_setting('role');
BEGIN
  PERFORM set_config('role', 'karibu_system', true);
  RETURN QUERY SELECT k.id, k.tenant_id, k.revoked_at IS NOT NULL FROM api_keys k WHERE k.key_hash = p_hash;
  PERFORM set_config('role', v_role, true);
END $$;

-- The read half of a check-in (see scanning/check-in.service.ts), in the caller's tenant
-- transaction: the gate (must be at the event's venue), the signing key named by a QR (if any),
-- the ticket row LOCKED FOR UPDATE, and — read after the lock, with a fresh snapshot, so a
-- concurrent retry of the same scan id sees the first one's commit — the earlier answer for this
-- scan id. Exactly one of p_serial / p_code / p_pin selects the ticket. When the QR's key belongs
-- to another event the ticket is not looked up (wrong_event).
CREATE FUNCTION karibu_scan_target(p_event uuid, p_scan uuid, p_gate uuid, p_kid bigint,
                                   p_serial integer, p_code text, p_pin text)
RETURNS TABLE (gate_zone text, key_event uuid, key_status text,
               ticket_id uuid, serial integer, status text, presence text, entry_count integer, state jsonb,
               token_hash bytea, holder_name text, type_no integer, type_name text, zone_codes text[],
               allow_static boolean, prior_event uuid, prior_response jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_zone text; v_key_event uuid; v_key_status text; v_id uuid;
  v_prior_event uuid; v_prior_response jsonb;
BEGIN
  SELECT z.code INTO v_zone FROM gates g JOIN zones z ON z.id = g.zone_id JOIN events e ON e.venue_id = g.venue_id
   WHERE g.id = p_gate AND e.id = p_event;
  IF p_kid IS NOT NULL THEN
    SELECT k.event_id, k.status INTO v_key_event, v_key_status FROM event_keys k WHERE k.kid = p_kid;
  END IF;
  IF v_zone IS NOT NULL AND (p_kid IS NULL OR v_key_event = p_event) THEN
    -- One indexed lookup per input kind (a CASE in one WHERE would defeat the unique indexes).
    IF p_serial IS NOT NULL THEN
      SELECT tk.id INTO v_id FROM tickets tk WHERE tk.event_id = p_event AND tk.serial = p_serial FOR UPDATE;
    ELSIF p_code IS NOT NULL THEN
      SELECT tk.id INTO v_id FROM tickets tk WHERE tk.event_id = p_event AND tk.code = p_code FOR UPDATE;
    ELSIF p_pin IS NOT NULL THEN
      SELECT tk.id INTO v_id FROM tickets tk WHERE tk.event_id = p_event AND tk.pin = p_pin FOR UPDATE;
    END IF;
  END IF;
  SELECT s.event_id, s.response INTO v_prior_event, v_prior_response FROM scans s WHERE s.id = p_scan;
  RETURN QUERY SELECT v_zone, v_key_event, v_key_status,
    tk.id, tk.serial, tk.status, tk.presence, tk.entry_count, tk.state, tk.token_hash, tk.holder_name,
    tt.type_no, tt.name, tt.zone_codes, tt.allow_static, v_prior_event, v_prior_response
  FROM (SELECT 1) one
  LEFT JOIN tickets tk ON tk.id = v_id
  LEFT JOIN ticket_types tt ON tt.id = tk.ticket_type_id;
END $$;

-- The online scan opener: the first statement of a scan transaction. Enters the tenant (role and
-- tenant stay set for the rest of the transaction, as withTenant does), then returns the live
-- principal and the locked target in one round trip.
CREATE FUNCTION karibu_scan_open(p_tenant uuid, p_staff uuid, p_device uuid, p_session uuid,
                                 p_event uuid, p_scan uuid, p_gate uuid, p_kid bigint,
                                 p_serial integer, p_code text, p_pin text)
RETURNS TABLE (staff_role text, staff_active boolean, scopes jsonb, device_venue uuid, device_kind text,
               device_ok boolean, session_ok boolean, event_venue uuid,
               gate_zone text, key_event uuid, key_status text,
               ticket_id uuid, serial integer, status text, presence text, entry_count integer, state jsonb,
               token_hash bytea, holder_name text, type_no integer, type_name text, zone_codes text[],
               allow_static boolean, prior_event uuid, prior_response jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE v_venue uuid;
BEGIN
  PERFORM set_config('role', 'karibu_app', true), set_config('karibu.tenant_id', p_tenant::text, true);
  SELECT e.venue_id INTO v_venue FROM events e WHERE e.id = p_event;
  RETURN QUERY SELECT p.*, v_venue, t.* FROM karibu_principal(p_staff, p_device, p_session) p
    CROSS JOIN karibu_scan_target(p_event, p_scan, p_gate, p_kid, p_serial, p_code, p_pin) t;
END $$;

-- The write half of a check-in, in the caller's tenant transaction: the scan row and, when the
-- scan changed it, the ticket's new state. A scan id that exists already (a concurrent retry
-- committed first) writes nothing and returns that scan's event and stored answer instead — no
-- row at all when the id belongs to another organizer.
CREATE FUNCTION karibu_scan_record(
  p_id uuid, p_event uuid, p_ticket uuid, p_device uuid, p_staff uuid, p_gate uuid, p_direction text,
  p_input_kind text, p_verdict text, p_reason text, p_device_time timestamptz, p_effective_time timestamptz,
  p_offline boolean, p_conflict boolean, p_server_verdict text, p_server_reason text, p_response jsonb,
  p_state jsonb, p_presence text, p_entry_count integer)
RETURNS TABLE (inserted boolean, prior_event uuid, prior_response jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind, verdict, reason,
                     device_time, effective_time, offline, conflict, server_verdict, server_reason, response)
  VALUES (p_id, karibu_tenant(), p_event, p_ticket, p_device, p_staff, p_gate, p_direction, p_input_kind, p_verdict, p_reason,
          p_device_time, p_effective_time, p_offline, p_conflict, p_server_verdict, p_server_reason, p_response)
  ON CONFLICT (id) DO NOTHING;
  IF FOUND THEN
    IF p_state IS NOT NULL THEN
      UPDATE tickets SET state = p_state, presence = p_presence, entry_count = p_entry_count,
                         last_scan_at = p_effective_time, updated_at = now()
       WHERE id = p_ticket;
    END IF;
    RETURN QUERY SELECT true, NULL::uuid, NULL::jsonb;
  ELSE
    RETURN QUERY SELECT false, s.event_id, s.response FROM scans s WHERE s.id = p_id;
  END IF;
END $$;

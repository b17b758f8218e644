-- Organizers set themselves up: zone trees, venue details, organizer defaults, password links.

-- Zones become a tree. The ranked chain of 0001 (a zone contained every zone of lower rank) is the
-- path it always meant: each zone's parent is the zone ranked just above it in its venue, so every
-- existing ticket passes exactly the gates it passed before.
ALTER TABLE zones ADD COLUMN parent_id uuid;
ALTER TABLE zones ADD CONSTRAINT zones_tenant_venue_id_key UNIQUE (tenant_id, venue_id, id);
-- A parent is a zone of the same venue (a tree never spans venues); cycles are refused by the
-- service, which changes a venue's zones only under a lock on the venue row.
ALTER TABLE zones ADD CONSTRAINT zones_parent_fkey
  FOREIGN KEY (tenant_id, venue_id, parent_id) REFERENCES zones (tenant_id, venue_id, id);
ALTER TABLE zones ADD CONSTRAINT zones_parent_not_self CHECK (parent_id IS NULL OR parent_id <> id);
ALTER TABLE zones ADD CONSTRAINT zones_name_length CHECK (length(name) BETWEEN 1 AND 100) NOT VALID;
CREATE INDEX zones_parent_idx ON zones (parent_id) WHERE parent_id IS NOT NULL;

-- Rows are under forced RLS: the fill runs as the system role, the only one that sees every tenant.
SET LOCAL ROLE karibu_system;
UPDATE zones z SET parent_id = p.id
  FROM zones p
  WHERE p.venue_id = z.venue_id AND p.rank = z.rank + 1;
RESET ROLE;
ALTER TABLE zones DROP COLUMN rank;

-- A gate's zone is a zone of the gate's own venue.
ALTER TABLE gates ADD CONSTRAINT gates_zone_same_venue_fkey
  FOREIGN KEY (tenant_id, venue_id, zone_id) REFERENCES zones (tenant_id, venue_id, id);

-- Venue details for the console and for door phones that check where they are.
ALTER TABLE venues ADD COLUMN address text CHECK (address IS NULL OR length(address) BETWEEN 1 AND 500);
ALTER TABLE venues ADD COLUMN latitude double precision CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90);
ALTER TABLE venues ADD COLUMN longitude double precision CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180);
ALTER TABLE venues ADD COLUMN radius_meters integer CHECK (radius_meters IS NULL OR radius_meters BETWEEN 1 AND 100000);
ALTER TABLE venues ADD CONSTRAINT venues_geo_pair CHECK ((latitude IS NULL) = (longitude IS NULL));

-- Organizer defaults new venues and messages start from.
ALTER TABLE tenants ADD COLUMN default_locale text NOT NULL DEFAULT 'en';
ALTER TABLE tenants ADD COLUMN default_timezone text NOT NULL DEFAULT 'Africa/Lagos';

-- One-time links where a person sets their password: the first owner (CLI or sign-up, which also
-- confirms the email) and staff an owner or admin invites. Only the SHA-256 of the link's secret
-- is stored; a link works once and until expires_at.
CREATE TABLE password_setup_tokens (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  staff_id    uuid NOT NULL,
  token_hash  bytea NOT NULL UNIQUE,
  purpose     text NOT NULL CHECK (purpose IN ('owner', 'signup', 'invite')),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX password_setup_tokens_staff_idx ON password_setup_tokens (staff_id);
SELECT karibu_protect_tenant_table('password_setup_tokens');
GRANT SELECT, INSERT, UPDATE, DELETE ON password_setup_tokens TO karibu_app, karibu_system;

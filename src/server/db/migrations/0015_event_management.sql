-- Organizers manage their own events, ticket types and sessions through the API.

-- Event status: draft | published | cancelled | archived. 'cancelled' makes every door refuse every
-- scan (reason event_cancelled); 'archived' is how an event with tickets or scans is put away,
-- since it can never be deleted. No code path ever wrote 'closed'; were there such rows, they are
-- what 'archived' now means. (As karibu_system: events has forced row-level security, and the
-- migrating user need not be a superuser.)
ALTER TABLE events DROP CONSTRAINT events_status_check;
SELECT set_config('role', 'karibu_system', true);
UPDATE events SET status = 'archived' WHERE status = 'closed';
RESET ROLE;
ALTER TABLE events ADD CONSTRAINT events_status_check
  CHECK (status IN ('draft', 'published', 'cancelled', 'archived'));

-- A session's room is a zone of the event's venue (so session check-in can later use the zone's
-- gates), replacing the free-text room nobody wrote. The zone cannot be deleted while a session
-- names it. created_at orders a page of sessions that start together.
ALTER TABLE event_sessions
  DROP COLUMN room,
  ADD COLUMN zone_id uuid,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT event_sessions_zone_fkey FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
  ADD CONSTRAINT event_sessions_name_check CHECK (length(name) BETWEEN 1 AND 200);
CREATE INDEX event_sessions_event_idx ON event_sessions (event_id, starts_at, id);

-- The organizer's event list pages by start time.
CREATE INDEX events_tenant_starts_idx ON events (tenant_id, starts_at, id);

-- Alerts an event has raised (dashboard/event-alerts.ts): a capacity threshold reached (80, 90,
-- 100 % of the event's capacity, or of one zone's: zone_id) and the no-show count 30 minutes after
-- the start. One row per event, kind, threshold and scope ('event' or the zone's id): the unique
-- key is what makes several instances, each watching the same live events, raise each alert (and
-- send its webhook) exactly once.
CREATE TABLE event_alerts (
  id         uuid PRIMARY KEY,
  tenant_id  uuid NOT NULL,
  event_id   uuid NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('capacity.threshold', 'attendance.no_shows')),
  threshold  integer NOT NULL CHECK (threshold IN (0, 80, 90, 100)),
  scope      text NOT NULL DEFAULT 'event',
  zone_id    uuid,
  detail     jsonb NOT NULL DEFAULT '{}',
  raised_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, kind, threshold, scope),
  CHECK (scope = coalesce(zone_id::text, 'event')),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);

SELECT karibu_protect_tenant_table('event_alerts');
GRANT SELECT, INSERT ON event_alerts TO karibu_app, karibu_system;

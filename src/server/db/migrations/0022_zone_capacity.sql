-- How many people a zone holds (a hall, a room, the VIP lounge), or null for no limit of its own.
-- The live dashboard shows each zone's inside count against it and raises the same 80 / 90 / 100 %
-- alerts as for the event (dashboard/event-alerts.ts).
ALTER TABLE zones ADD COLUMN capacity integer CHECK (capacity IS NULL OR capacity >= 0);

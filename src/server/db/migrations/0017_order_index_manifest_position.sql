-- Tickets of one order, found by the order reference: the name search lists a matched guest's order
-- mates, and a names-allowed door phone's manifest carries each ticket's order group (the lowest
-- serial of its order, sync format 3). With (event_id, order_ref, serial) the lowest serial of an
-- order is one index probe, not a scan of the event's tickets per page.
CREATE INDEX tickets_order_idx ON tickets (event_id, order_ref, serial) WHERE order_ref IS NOT NULL;

-- Where a door phone's copy of an event stands, as it last reported (devices/device-report.ts): the
-- event and the highest ticket change position (ticket_changes.seq) its manifest pages delivered.
-- A number, not the opaque cursor: the console compares it with the event's change log to say how
-- many tickets changed since the phone last synced. No foreign key: a report is news about the
-- phone, and a deleted event must not make its phones' reports fail.
ALTER TABLE devices
  ADD COLUMN manifest_event_id uuid,
  ADD COLUMN manifest_position bigint CHECK (manifest_position IS NULL OR manifest_position >= 0);

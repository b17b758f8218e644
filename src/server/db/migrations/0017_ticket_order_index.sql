-- Tickets of one order, found by the order reference: the name search lists a matched guest's order
-- mates, and a names-allowed door phone's manifest carries each ticket's order group (the lowest
-- serial of its order, sync format 3). With (event_id, order_ref, serial) the lowest serial of an
-- order is one index probe, not a scan of the event's tickets per page.
CREATE INDEX tickets_order_idx ON tickets (event_id, order_ref, serial) WHERE order_ref IS NOT NULL;

-- PIN by SMS at issuance (per-event opt-in, sms_event_settings.pin_sms): every ticket issued with a
-- phone — through the API, a CSV import, free registration or a transfer — queues one SMS with its
-- PIN on the event's first channel, in the issuing transaction, so no way of issuing forgets it.
-- The row is queued with an empty body; the SMS sender writes the words (in the channel's language,
-- from the catalog the replies use) when it sends it. A statement-level trigger: one query per
-- import, and it writes nothing for events that did not opt in.
CREATE FUNCTION karibu_queue_pin_sms() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sms_messages (id, tenant_id, channel_id, direction, kind, phone, body, status, event_id, ticket_id)
  SELECT gen_random_uuid(), n.tenant_id, c.channel_id, 'out', 'pin', n.holder_phone, '', 'queued', n.event_id, n.id
    FROM karibu_new_tickets n
    JOIN sms_event_settings s ON s.event_id = n.event_id AND s.pin_sms
    CROSS JOIN LATERAL (SELECT ce.channel_id FROM sms_channel_events ce JOIN sms_channels ch ON ch.id = ce.channel_id
                         WHERE ce.event_id = n.event_id ORDER BY ch.created_at, ch.id LIMIT 1) c
   WHERE n.holder_phone IS NOT NULL AND n.status = 'valid';
  RETURN NULL;
END $$;

CREATE TRIGGER tickets_queue_pin_sms AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS karibu_new_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION karibu_queue_pin_sms();

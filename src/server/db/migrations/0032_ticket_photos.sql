-- Photo check (docs/decisions/0010-photo-check.md): on a ticket type that opts in, door staff see the
-- registrant's photo beside the verdict and compare it with the face in front of them. No face
-- recognition: a person looks.
ALTER TABLE ticket_types ADD COLUMN photo_check boolean NOT NULL DEFAULT false;

-- Each change takes the next number, so a door phone's photo pack asks "since N" like a manifest
-- delta; a removed photo stays as a row without image bytes (a tombstone) so phones drop their copy.
CREATE SEQUENCE ticket_photos_seq;

-- One photo per ticket, as the server re-encoded it (never the upload as sent: no EXIF, no GPS).
-- Both images are sealed at rest under the master key (AES-GCM bound to the ticket id), like SMS
-- credentials: a database dump alone shows no faces. `thumb_enc` is the small door-phone copy made
-- at upload, so a photo pack never resizes thousands of images on request. `seal_nonce` is fresh on
-- every upload and enters the phone-side seal's key derivation, so two photos of one ticket never
-- share a key stream (the QR alone would not change when a photo is replaced).
CREATE TABLE ticket_photos (
  ticket_id   uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  event_id    uuid NOT NULL,
  photo_enc   bytea,
  thumb_enc   bytea,
  mime        text CHECK (mime IN ('image/jpeg', 'image/webp')),
  bytes       integer CHECK (bytes BETWEEN 1 AND 25600),
  seal_nonce  bytea,
  consent_at  timestamptz,
  seq         bigint NOT NULL DEFAULT nextval('ticket_photos_seq'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- A photo is all there or all gone: never an image without its consent or its thumbnail.
  CHECK ((photo_enc IS NULL) = (thumb_enc IS NULL) AND (photo_enc IS NULL) = (mime IS NULL)
         AND (photo_enc IS NULL) = (consent_at IS NULL) AND (photo_enc IS NULL) = (seal_nonce IS NULL)),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_photos_pack_idx ON ticket_photos (event_id, seq);

SELECT karibu_protect_tenant_table('ticket_photos');
GRANT SELECT, INSERT, UPDATE, DELETE ON ticket_photos TO karibu_app, karibu_system;
GRANT USAGE ON SEQUENCE ticket_photos_seq TO karibu_app, karibu_system;

-- A transfer hands the ticket to someone else: the old holder's face must not go with it (nor stay
-- on a ticket the door refuses). The trigger covers every path that transfers a ticket.
CREATE FUNCTION karibu_ticket_photo_on_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_photos SET photo_enc = NULL, thumb_enc = NULL, mime = NULL, bytes = NULL, seal_nonce = NULL,
                           consent_at = NULL, seq = nextval('ticket_photos_seq'), updated_at = now()
   WHERE ticket_id = NEW.id AND photo_enc IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_photo_on_transfer AFTER UPDATE OF status ON tickets
  FOR EACH ROW WHEN (NEW.status = 'transferred' AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION karibu_ticket_photo_on_transfer();

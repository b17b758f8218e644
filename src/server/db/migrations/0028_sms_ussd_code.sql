-- The USSD code an Africa's Talking channel answers (e.g. *384*1234#), printed in the PIN SMS so a
-- guest without data can dial instead of texting. Africa's Talking assigns it; Karibu cannot look
-- it up, so the organizer types it. Null: the channel has no USSD code, and the PIN SMS says "text".
ALTER TABLE sms_channels ADD COLUMN ussd_code text CHECK (ussd_code ~ '^\*[0-9]{2,6}(\*[0-9]{1,8}){0,3}#$');

-- The holder's language, kept with the ticket: what they picked on the registration page or their
-- ticket page, or what the organizer's system sent at issuance. Emails, PDFs and SMS replies use
-- it; null means "not known" (then the request's language, then English).
ALTER TABLE tickets ADD COLUMN language text CHECK (language IN ('en', 'fr', 'sw', 'am', 'ar', 'pt'));

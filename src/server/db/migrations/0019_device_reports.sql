-- What a door phone last said about itself, sent after each sync round that worked: the app
-- version it runs, how many scans still wait in its queue, its battery where the browser tells it;
-- reported_at is therefore when it last synced. The console's device list and the live dashboard show it and flag a phone whose
-- scans have waited unsynced for too long (devices/device-report.ts).
ALTER TABLE devices
  ADD COLUMN app_version text CHECK (app_version IS NULL OR length(app_version) <= 40),
  ADD COLUMN pending_scans integer CHECK (pending_scans IS NULL OR pending_scans >= 0),
  ADD COLUMN battery_level real CHECK (battery_level IS NULL OR (battery_level >= 0 AND battery_level <= 1)),
  ADD COLUMN battery_charging boolean,
  ADD COLUMN reported_at timestamptz;

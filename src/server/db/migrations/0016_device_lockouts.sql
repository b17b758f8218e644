-- The code-guessing block of a device (scanning/lockout.ts), kept across a restart when there is
-- no Redis: a single node that restarts must not lift a 15-minute block. With REDIS_URL the block
-- lives in Redis instead. One row per device: its latest block; expired rows are ignored (and
-- replaced by the next block).
CREATE TABLE device_lockouts (
  device_id      uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL,
  blocked_until  timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_lockouts_until_idx ON device_lockouts (blocked_until);

SELECT karibu_protect_tenant_table('device_lockouts');
GRANT SELECT, INSERT, UPDATE, DELETE ON device_lockouts TO karibu_app, karibu_system;

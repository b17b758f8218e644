// The world the scan benchmark runs in: a fresh PostgreSQL database with one organizer, one venue
// with four GA gates, one event happening now, N tickets (real signed QR codes), and one door
// staff member per simulated device, each scoped to the venue with their own paired device.
// Seeded directly through services and bulk inserts: the benchmark measures scanning, not seeding.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { hashPassword } from '../src/server/auth/password.ts';
import { hashSecret, newSecret } from '../src/server/auth/secret-token.ts';
import type { Config } from '../src/server/config.ts';
import { openDatabase, withTenant } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { storedPolicyFromTemplate } from '../src/server/events/event-policy.service.ts';
import { EventKeys } from '../src/server/keys/event-keys.service.ts';
import { createEvent, createTenant, createVenue } from '../src/server/provisioning/provisioning.service.ts';
import { issueTickets } from '../src/server/tickets/ticket-issuance.service.ts';

export interface World {
  databaseUrl: string;
  tenantId: string;
  eventId: string;
  venueId: string;
  gateIds: string[];
  tickets: { serial: number; qr: string }[];
  devices: { email: string; deviceToken: string; ip: string }[];
  password: string;
  /** Ids the bare pgbench transaction writes with. */
  sample: { staffId: string; deviceId: string };
}

export async function createBenchDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function seedWorld(databaseUrl: string, masterKey: Uint8Array, opts: { tickets: number; devices: number }): Promise<World> {
  const handle = await openDatabase({ databaseUrl, pgliteDir: '', poolSize: 4 });
  try {
    await migrate(handle);
    const db = handle.db;
    const tenantId = (await createTenant(db, { name: 'Bench Events', slug: 'bench' })).id;
    const venue = await createVenue(db, tenantId, {
      name: 'Bench Arena', timezone: 'Africa/Lagos', zones: [{ code: 'GA', name: 'General' }],
      gates: ['North', 'South', 'East', 'West'].map((name) => ({ name, zone: 'GA' })),
    });
    const now = Date.now();
    const event = await createEvent(db, tenantId, {
      venueId: venue.id, slug: 'bench-event', name: 'Bench Event', policy: storedPolicyFromTemplate('reentry-after-exit'),
      doorsOpenAt: new Date(now - 3600_000), startsAt: new Date(now - 1800_000), endsAt: new Date(now + 12 * 3600_000),
      ticketTypes: [{ typeNo: 1, name: 'General', zones: ['GA'] }],
    });

    const deps = { db, keys: new EventKeys(masterKey), config: { publicUrl: 'http://bench.invalid' } as Config };
    const tickets: World['tickets'] = [];
    for (let i = 0; i < opts.tickets; i += 5_000) {
      const batch = await issueTickets(deps, tenantId, event.id, Array.from({ length: Math.min(5_000, opts.tickets - i) }, (_, k) => ({
        typeNo: 1, holderName: `Bench Guest ${i + k + 1}`,
      })));
      for (const t of batch) tickets.push({ serial: t.serial, qr: t.qr });
    }

    // One door staff member per device, each on their own paired phone. A cheap scrypt cost
    // (stored in the hash) keeps 1,000 logins from dominating the run; login is not measured.
    const password = 'bench door password';
    const hash = await hashPassword(password, { N: 1024, r: 8, p: 1 });
    const devices: World['devices'] = [];
    let sample = { staffId: '', deviceId: '' };
    await withTenant(db, tenantId, async (trx) => {
      for (let i = 0; i < opts.devices; i += 500) {
        const chunk = Array.from({ length: Math.min(500, opts.devices - i) }, (_, k) => {
          const n = i + k;
          return { n, staffId: randomUUID(), deviceId: randomUUID(), token: newSecret('device'), email: `door${n}@bench.invalid` };
        });
        await trx.insertInto('staff').values(chunk.map((c) => ({
          id: c.staffId, tenant_id: tenantId, email: c.email, display_name: `Door ${c.n}`, password_hash: hash, role: 'staff' as const,
        }))).execute();
        await trx.insertInto('staff_scopes').values(chunk.map((c) => ({ id: randomUUID(), tenant_id: tenantId, staff_id: c.staffId, venue_id: venue.id }))).execute();
        await trx.insertInto('devices').values(chunk.map((c) => ({
          id: c.deviceId, tenant_id: tenantId, venue_id: venue.id, name: `Phone ${c.n}`, token_hash: hashSecret(c.token),
        }))).execute();
        for (const c of chunk) {
          // Phones on a mobile network: each its own address (the per-address limit is global).
          devices.push({ email: c.email, deviceToken: c.token, ip: `10.${(c.n >> 16) & 255}.${(c.n >> 8) & 255}.${c.n & 255}` });
        }
        if (i === 0) sample = { staffId: chunk[0]!.staffId, deviceId: chunk[0]!.deviceId };
      }
    });
    // As on a database that has been running: statistics fresh and autovacuum done with the seeding
    // (otherwise it runs during the measured phases).
    await sql`vacuum (analyze)`.execute(db);
    // …and the seeding's dirty pages written out now: otherwise the next checkpoint writes them in
    // the middle of a measured phase (superuser or pg_checkpoint; skipped when not allowed).
    await sql`checkpoint`.execute(db).catch(() => undefined);
    return {
      databaseUrl, tenantId, eventId: event.id, venueId: venue.id, gateIds: venue.gates.map((g) => g.id),
      tickets, devices, password, sample,
    };
  } finally {
    await handle.close();
  }
}

/**
 * The bare check-in transaction as pgbench runs it: one statement that locks a random ticket of
 * the event, records a scan and writes the ticket's state — the database work of one scan without
 * HTTP, authentication or the decision engine.
 */
export function bareCheckInScript(): string {
  return `\\set serial random(1, :tickets)
WITH t AS (
  SELECT id, state, entry_count FROM tickets WHERE event_id = :event::uuid AND serial = :serial FOR UPDATE
), s AS (
  INSERT INTO scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind, verdict, reason, effective_time, response)
  SELECT gen_random_uuid(), :tenant::uuid, :event::uuid, t.id, :device::uuid, :staff::uuid, :gate::uuid, 'in', 'qr', 'refused', 'already_inside', now(),
         '{"verdict":"refused","reason":"already_inside"}'::jsonb FROM t
)
UPDATE tickets SET state = t.state, entry_count = t.entry_count, last_scan_at = now(), updated_at = now() FROM t WHERE tickets.id = t.id;
`;
}

/**
 * Ticket row updates so far, and how many were HOT (the new version fit on its page, so no index
 * was written). PostgreSQL publishes these counters up to a second late; compare shares, not counts.
 */
export async function ticketUpdateCounts(stats: pg.ClientBase): Promise<{ updates: number; hot: number }> {
  const { rows } = await stats.query<{ updates: string; hot: string }>(
    `select n_tup_upd as updates, n_tup_hot_upd as hot from pg_stat_user_tables where relname = 'tickets'`);
  return { updates: Number(rows[0]?.updates ?? 0), hot: Number(rows[0]?.hot ?? 0) };
}

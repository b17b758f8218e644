// A benchmark world for the sync benches: its own database (PostgreSQL from BENCH_DATABASE_URL /
// TEST_DATABASE_URL, created and dropped here; or embedded PGlite in a temp dir), one event with
// N real tickets, and door phones paired and logged in through the real HTTP flow.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp, type KaribuApp } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/password.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { demoHolderName } from '../src/server/demo/demo-data.ts';
import { storedPolicyFromTemplate } from '../src/server/events/event-policy.service.ts';
import { createEvent, createStaff, createTenant, createVenue } from '../src/server/provisioning/provisioning.service.ts';
import { issueTickets, MAX_TICKETS_PER_CALL, type IssuedTicket } from '../src/server/tickets/ticket-issuance.service.ts';

export interface BenchWorld {
  app: KaribuApp;
  kind: 'postgres' | 'pglite';
  tenantId: string;
  eventId: string;
  gates: { id: string; name: string }[];
  tickets: IssuedTicket[];
  managerToken: string;
  phone(): Promise<{ deviceId: string; accessToken: string }>;
  close(): Promise<void>;
}

const PASSWORD = 'bench-manager-password';

export async function benchWorld(opts: { name: string; tickets: number; postgres: boolean; log?: (m: string) => void }): Promise<BenchWorld> {
  const log = opts.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), `karibu-${opts.name}-`));
  let databaseUrl: string | undefined;
  let drop = async () => undefined as void;
  if (opts.postgres) {
    const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const dbName = `karibu_bench_${opts.name}_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    drop = async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${dbName} with (force)`);
      await a.end();
    };
  }
  const database = await openDatabase({ databaseUrl, pgliteDir: join(dataDir, 'pglite'), poolSize: 20 });
  await migrate(database);
  const config = loadConfig({
    NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn', KARIBU_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const app = await buildApp(config, { database, skipMigrations: true });
  const db = app.ctx.db;

  const tag = randomBytes(3).toString('hex');
  const { id: tenantId } = await createTenant(db, { name: `Bench ${tag}`, slug: `bench-${tag}` });
  const venue = await createVenue(db, tenantId, {
    name: 'Eko Convention Centre', timezone: 'Africa/Lagos',
    zones: [{ code: 'GA', name: 'General' }, { code: 'VIP', name: 'VIP' }],
    gates: [{ name: 'Main', zone: 'GA' }, { name: 'North', zone: 'GA' }, { name: 'VIP', zone: 'VIP' }],
  });
  const now = Date.now();
  const event = await createEvent(db, tenantId, {
    venueId: venue.id, slug: `bench-${tag}`, name: 'Lagos Tech Fest',
    doorsOpenAt: new Date(now - 4 * 3600_000), startsAt: new Date(now - 3 * 3600_000), endsAt: new Date(now + 6 * 3600_000),
    policy: storedPolicyFromTemplate('conference-single-entry'),
    ticketTypes: [{ typeNo: 1, name: 'General Admission', zones: ['GA'] }, { typeNo: 2, name: 'VIP', zones: ['VIP'] }],
  });
  const hash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  const email = `manager-${tag}@bench.test`;
  await createStaff(db, tenantId, { email, displayName: 'Bench Manager', password: PASSWORD, passwordHash: hash, role: 'manager' });

  const t0 = performance.now();
  const tickets: IssuedTicket[] = [];
  for (let i = 0; i < opts.tickets; i += MAX_TICKETS_PER_CALL) {
    const n = Math.min(MAX_TICKETS_PER_CALL, opts.tickets - i);
    tickets.push(...await issueTickets(app.ctx, tenantId, event.id, Array.from({ length: n }, (_, k) => {
      const j = i + k;
      return {
        typeNo: j % 10 === 9 ? 2 : 1, holderName: demoHolderName(j),
        holderEmail: `guest${j}@example.com`, holderPhone: `+23480${String(10_000_000 + j).padStart(8, '0')}`,
      };
    })));
    log(`  issued ${tickets.length} tickets`);
  }
  log(`  issuance: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Tickets are issued days before an event; by the time phones sync, autovacuum has long finished
  // with the issuance. Without this it would run during the measured uploads.
  await sql`vacuum (analyze)`.execute(app.ctx.db);

  const address = () => `10.${1 + (randomBytes(1)[0]! % 250)}.${1 + (randomBytes(1)[0]! % 250)}.${1 + (randomBytes(1)[0]! % 250)}`;
  const login = async (deviceToken?: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address(), payload: { email, password: PASSWORD, ...(deviceToken ? { deviceToken } : {}) } });
    if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
    return res.json() as { accessToken: string };
  };
  const manager = await login();
  return {
    app, kind: opts.postgres ? 'postgres' : 'pglite', tenantId, eventId: event.id, gates: venue.gates, tickets,
    managerToken: manager.accessToken,
    phone: async () => {
      const code = await app.inject({ method: 'POST', url: `/api/v1/venues/${venue.id}/device-setup-codes`, headers: { authorization: `Bearer ${manager.accessToken}` }, payload: { kind: 'door' } });
      const pair = await app.inject({ method: 'POST', url: '/api/v1/devices/pair', remoteAddress: address(), payload: { setupCode: code.json().setupCode } });
      if (pair.statusCode !== 201) throw new Error(`pair: ${pair.statusCode} ${pair.body}`);
      const session = await login(pair.json().deviceToken);
      return { deviceId: pair.json().device.id as string, accessToken: session.accessToken };
    },
    close: async () => {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { randomUUID } from 'node:crypto';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createBenchDatabase, seedWorld } from './scan-world.ts';
const key = Buffer.alloc(32, 3);
const url = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'karibu_prof');
const w = await seedWorld(url, key, { tickets: 2000, devices: 10 });
const app = await buildApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, KARIBU_MASTER_KEY: key.toString('base64'), LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kb/data' }), { skipMigrations: true });
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: w.devices[0]!.email, password: w.password, deviceToken: w.devices[0]!.deviceToken } });
const h = { authorization: 'Bearer ' + login.json().accessToken };
const scan = (i: number) => app.inject({ method: 'POST', url: `/api/v1/events/${w.eventId}/scans`, headers: h, remoteAddress: `10.0.${i >> 8 & 255}.${i & 255}`, payload: { scanId: randomUUID(), qr: w.tickets[i]!.qr, gateId: w.gateIds[0], direction: 'in' } });
for (let i = 0; i < 50; i++) await scan(i);
let t0 = performance.now();
for (let i = 50; i < 250; i++) { const r = await scan(i); if (i === 50) console.log(r.statusCode, r.body.slice(0, 60)); }
console.log('sequential ms/scan', ((performance.now() - t0) / 200).toFixed(2));
t0 = performance.now();
await Promise.all(Array.from({ length: 300 }, (_, k) => scan(250 + k)));
console.log('concurrent(300) ms/scan', ((performance.now() - t0) / 300).toFixed(2));
await app.close();

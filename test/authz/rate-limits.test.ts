import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KaribuApp } from '../../src/server/app.ts';
import { LIMITS } from '../../src/server/auth/auth-runtime.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer, doorSession, loginAs, randomAddress, seedOrg, type Org, type Session } from './fixtures.ts';

/**
 * Per-device limits: a fast door (≥ 2 scans/s sustained) never meets them, a script does, and with
 * REDIS_URL every instance counts against the same budget.
 */
describe(`rate limits per device (${testDatabaseKind}${process.env.REDIS_URL ? ' + redis' : ''})`, () => {
  let t: TestApp;
  let second: KaribuApp | undefined;
  let org: Org;
  let manager: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 1 });
    manager = await loginAs(t.app, org.staff.manager.email);
    if (process.env.REDIS_URL) {
      // A second instance on the same database and Redis, as behind a load balancer.
      second = await buildApp(t.config, { database: { ...t.db.handle, close: async () => undefined }, skipMigrations: true });
    }
  });
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it('lets a door scan 2 per second for a minute, then stops a device that goes beyond its budget', async () => {
    const door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const instances = second ? [t.app, second] : [t.app];
    const remoteAddress = randomAddress();
    const call = (i: number) => instances[i % instances.length]!.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(door), remoteAddress,
      payload: { scanId: randomUUID(), qr: org.tickets[0]!.qr, gateId: org.venue.gates[0]!.id, direction: 'in' },
    });
    // A minute of a fast door (2 scans/s) passes, alternating between instances…
    expect(LIMITS.perDevicePerMinute).toBeGreaterThanOrEqual(240);
    const statuses: number[] = [];
    for (let i = 0; i < 120; i += 5) statuses.push(...(await Promise.all(Array.from({ length: 5 }, (_, k) => call(i + k)))).map((r) => r.statusCode));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // …and every request of the device counts against one budget: spend the rest on a cheap route.
    const me = (i: number) => instances[i % instances.length]!.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(door), remoteAddress });
    for (let i = 120; i < LIMITS.perDevicePerMinute; i += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, LIMITS.perDevicePerMinute - i) }, (_, k) => me(i + k)));
      expect(batch.map((r) => r.statusCode).filter((s) => s !== 200)).toEqual([]);
    }
    const over = await call(1);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Only this device is limited: another phone of the same staff member at the same address scans on.
    const other = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const fine = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(other), remoteAddress,
      payload: { scanId: randomUUID(), qr: org.tickets[0]!.qr, gateId: org.venue.gates[0]!.id, direction: 'in' },
    });
    expect(fine.statusCode).toBe(200);
  });
});

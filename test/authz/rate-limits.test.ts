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
    // 2 scans/s for a minute is 120; the whole budget is spent alternating between instances.
    expect(LIMITS.perDevicePerMinute).toBeGreaterThanOrEqual(240);
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.perDevicePerMinute; i += 5) {
      const batch = await Promise.all(Array.from({ length: Math.min(5, LIMITS.perDevicePerMinute - i) }, (_, k) => call(i + k)));
      statuses.push(...batch.map((r) => r.statusCode));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
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

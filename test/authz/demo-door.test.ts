import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoInfo } from '../../src/server/demo/demo.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

/** Issue 4 "done when": the demo file's device token signs the door staff in, and a demo QR scans. */
describe(`demo door phone (${testDatabaseKind})`, () => {
  let t: TestApp;
  let demo: DemoInfo;
  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemo(t.app.ctx, { tickets: 10 });
  });
  afterAll(async () => { await t.close(); });

  it('signs in with the demo deviceToken; a demo QR is admitted once, then refused as already inside', async () => {
    expect(demo.deviceToken).toMatch(/^kdv_/);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: demo.staff.email, password: demo.staff.password, deviceToken: demo.deviceToken } });
    expect(login.statusCode).toBe(200);
    const headers = { authorization: `Bearer ${login.json().accessToken}` };
    const gate = (name: string) => demo.gates.find((g) => g.name === name)!.id;
    const vip = demo.tickets.find((x) => x.type === 'VIP')!;
    const scan = (gateId: string) => t.app.inject({ method: 'POST', url: `/api/v1/events/${demo.eventId}/scans`, headers,
      payload: { scanId: randomUUID(), qr: vip.qr, gateId, direction: 'in' } });

    expect((await scan(gate('Main'))).json()).toMatchObject({ verdict: 'admitted', reason: 'admitted', ticket: { holderName: vip.holderName, type: 'VIP' } });
    // The camera reading the same QR again at once is a duplicate (green, not counted twice)…
    expect((await scan(gate('Main'))).json()).toMatchObject({ verdict: 'admitted', reason: 'duplicate_scan' });
    // …presenting it again elsewhere is a second entry: refused.
    expect((await scan(gate('VIP'))).json()).toMatchObject({ verdict: 'refused', reason: 'already_inside', previous: { gate: 'Main' } });
  });
});

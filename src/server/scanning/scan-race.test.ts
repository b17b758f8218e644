import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRuntime } from '../auth/auth-runtime.ts';
import { withTenant } from '../db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import {
  bearer, doorSession, loginAs, pairDeviceAt, seedOrg, withoutDuplicateWindow, type Org, type Session,
} from '../../../test/authz/fixtures.ts';

/**
 * The audits' worst finding in earlier systems: two doors admitting one ticket at the same moment.
 * Here 100 scans of one ticket arrive together from 10 devices; exactly one admits.
 */
describe(`check-in races (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let devices: Session[];
  let gates: string[];

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 2 });
    // No duplicate window: every losing scan must say already_inside, not repeat the winner's green.
    await withoutDuplicateWindow(t.app, org);
    const manager = await loginAs(t.app, org.staff.manager.email);
    devices = [];
    for (let i = 0; i < 10; i++) devices.push(await doorSession(t.app, manager, org.staff.door.email, org.venue.id));
    gates = org.venue.gates.filter((g) => g.zone === 'GA').map((g) => g.id);
  });
  afterAll(async () => { await t.close(); });

  it('100 concurrent scans of one ticket from 10 devices admit it exactly once', async () => {
    const ticket = org.tickets[0]!;
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(devices[i % 10]!),
      payload: { scanId: randomUUID(), qr: ticket.qr, gateId: gates[i % gates.length], direction: 'in' },
    })));
    expect(responses.map((r) => r.statusCode).every((s) => s === 200)).toBe(true);
    const answers = responses.map((r) => r.json() as { verdict: string; reason: string });
    expect(answers.filter((a) => a.verdict === 'admitted')).toHaveLength(1);
    expect(answers.filter((a) => a.reason === 'already_inside')).toHaveLength(99);

    const { row, scans } = await withTenant(t.app.ctx.db, org.tenantId, async (trx) => {
      const row = await trx.selectFrom('tickets').select(['id', 'entry_count', 'presence']).where('event_id', '=', org.event.id).where('serial', '=', ticket.serial).executeTakeFirstOrThrow();
      const scans = await trx.selectFrom('scans').select(['verdict', 'device_id']).where('ticket_id', '=', row.id).execute();
      return { row, scans };
    });
    expect(row).toMatchObject({ entry_count: 1, presence: 'inside' });
    expect(scans).toHaveLength(100);
    expect(scans.filter((s) => s.verdict === 'admitted')).toHaveLength(1);
    expect(new Set(scans.map((s) => s.device_id)).size).toBe(10);
  });

  it('the same scan id sent 10 times at once is recorded once and answered the same each time', async () => {
    const ticket = org.tickets[1]!;
    const scanId = randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(devices[0]!),
      payload: { scanId, qr: ticket.qr, gateId: gates[0], direction: 'in' },
    })));
    const bodies = responses.map((r) => r.json());
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))).toBe(true);
    expect(bodies[0]).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    const count = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('scans').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', scanId).executeTakeFirstOrThrow());
    expect(Number(count.n)).toBe(1);
  });

  it('100 phones scanning one ticket at once, duplicate window on: exactly one green, the other 99 already_inside', async () => {
    const busy = await seedOrg(t.app, { tickets: 1 }); // the template's duplicate window (5 s) stays on
    const manager = await loginAs(t.app, busy.staff.manager.email);
    const phones = await manyDoorPhones(t, manager, busy, 100);
    const ticket = busy.tickets[0]!;
    const main = busy.venue.gates.find((g) => g.name === 'Main')!.id;
    const scanAt = (phone: Session) => t.app.inject({
      method: 'POST', url: `/api/v1/events/${busy.event.id}/scans`, headers: bearer(phone),
      payload: { scanId: randomUUID(), qr: ticket.qr, gateId: main, direction: 'in' },
    });
    const answers = (await Promise.all(phones.map(scanAt))).map((r) => r.json() as { verdict: string; reason: string });
    expect(answers.filter((a) => a.verdict !== 'refused')).toEqual([{ ...answers.find((a) => a.verdict === 'admitted'), verdict: 'admitted', reason: 'admitted' }]);
    expect(answers.filter((a) => a.reason === 'already_inside')).toHaveLength(99);

    // The winner's camera reads the QR again: its earlier answer, nothing changes; a loser
    // scanning again still hears already_inside (no phone but the winner ever sees green).
    const winner = phones[answers.findIndex((a) => a.verdict === 'admitted')]!;
    const loser = phones[answers.findIndex((a) => a.verdict === 'refused')]!;
    expect((await scanAt(winner)).json()).toMatchObject({ verdict: 'admitted', reason: 'duplicate_scan', previous: { gate: 'Main' } });
    expect((await scanAt(loser)).json()).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
    const row = await withTenant(t.app.ctx.db, busy.tenantId, (trx) => trx.selectFrom('tickets').select(['entry_count', 'presence'])
      .where('event_id', '=', busy.event.id).executeTakeFirstOrThrow());
    expect(row).toEqual({ entry_count: 1, presence: 'inside' });
  }, 60_000);
});

/**
 * `n` door phones paired at the org's venue, each with the door staff member signed in. Pairing
 * goes through the API; the sessions are made as login makes them (a refresh-token family bound to
 * the device, an access token naming it) without n full password hashes.
 */
async function manyDoorPhones(t: TestApp, manager: Session, org: Org, n: number): Promise<Session[]> {
  const tokens = authRuntime(t.app.ctx).tokens;
  const phones: Session[] = [];
  for (let i = 0; i < n; i++) {
    const { deviceToken, deviceId } = await pairDeviceAt(t.app, manager, org.venue.id);
    const sessionId = randomUUID();
    await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.insertInto('refresh_tokens').values({
      id: randomUUID(), tenant_id: org.tenantId, staff_id: org.staff.door.id, family_id: sessionId, device_id: deviceId,
      token_hash: randomBytes(32), expires_at: new Date(Date.now() + 3600_000),
    }).execute());
    const { token } = await tokens.sign({
      staffId: org.staff.door.id, tenantId: org.tenantId, role: 'staff', sessionId, device: { id: deviceId, venueId: org.venue.id, kind: 'door' },
    });
    phones.push({ accessToken: token, refreshToken: '', deviceToken, deviceId });
  }
  return phones;
}

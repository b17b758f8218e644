import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { lockoutOf } from '../judging/lockout.ts';

/** A phone guessing PINs is slowed, then blocked, and the organizer finds it in the audit log. */
describe(`code-guessing lockout (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 2 });
    manager = await loginAs(t.app, org.staff.manager.email);
    // Same rules as production, smaller numbers so the test takes a second.
    lockoutOf(t.app.ctx).options = { windowMs: 60_000, slowAfter: 3, slowIntervalMs: 400, blockAfter: 6, blockMs: 60_000 };
  });
  afterAll(async () => { await t.close(); });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('slows, then blocks a device that keeps submitting unknown codes; other devices carry on', async () => {
    const phone = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const honest = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const gateId = org.venue.gates[0]!.id;
    const usedPins = new Set(org.tickets.map((x) => x.pin));
    let next = 100_000;
    const guess = (s: Session) => {
      while (usedPins.has(String(next))) next++;
      return t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(s),
        payload: { scanId: randomUUID(), pin: String(next++), gateId, direction: 'in' } });
    };

    for (let i = 0; i < 3; i++) expect((await guess(phone)).json().reason).toBe('unknown_ticket');
    expect((await guess(phone)).statusCode).toBe(200); // first slowed attempt takes the slot
    const slowed = await guess(phone);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.code).toBe('rate_limited');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);

    await sleep(450);
    expect((await guess(phone)).statusCode).toBe(200); // 5th unknown
    await sleep(450);
    const sixth = await guess(phone);
    expect(sixth.statusCode, sixth.body).toBe(200); // 6th: this one blocks
    const blocked = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phone),
      payload: { scanId: randomUUID(), qr: org.tickets[0]!.qr, gateId, direction: 'in' } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('locked_out');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(30);

    const fine = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(honest),
      payload: { scanId: randomUUID(), qr: org.tickets[0]!.qr, gateId, direction: 'in' } });
    expect(fine.json().verdict).toBe('admitted');

    const events = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log')
      .select(['actor_kind', 'actor_id', 'action', 'detail']).where('action', '=', 'device.locked_out').execute());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_kind: 'device', actor_id: phone.deviceId, detail: { staffId: org.staff.door.id, unknownCodes: 6 } });
  });
});

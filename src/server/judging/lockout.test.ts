import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KaribuApp } from '../app.ts';
import { asSystem } from '../db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { countsAsGuess, lockoutOf, type LockoutOptions } from './lockout.ts';

/**
 * The guessing lockout's place among the other answers: authorization comes first (an
 * out-of-scope scan is 403 however throttled the device), one rule says what a guess is, and a
 * block outlives a restart of the server.
 */
describe(`guessing lockout: order, rule, restart (${testDatabaseKind}${process.env.REDIS_URL ? ' + redis' : ''})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  const restarted: KaribuApp[] = [];
  // Small numbers, same rules: blocked after 3 unknown codes.
  const SMALL: LockoutOptions = { windowMs: 60_000, slowAfter: 1_000, slowIntervalMs: 400, blockAfter: 3, blockMs: 10 * 60_000 };

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 2 });
    manager = await loginAs(t.app, org.staff.manager.email);
    lockoutOf(t.app.ctx).options = SMALL;
  });
  afterAll(async () => {
    for (const app of restarted) await app.close();
    await t.close();
  });

  let nextPin = 300_000;
  const unknownPin = () => {
    const used = new Set(org.tickets.map((x) => x.pin));
    while (used.has(String(nextPin))) nextPin++;
    return String(nextPin++);
  };
  const scan = (app: KaribuApp, s: Session, eventId: string, ref: Record<string, string>) => app.inject({
    method: 'POST', url: `/api/v1/events/${eventId}/scans`, headers: bearer(s),
    payload: { scanId: randomUUID(), gateId: org.venue.gates[0]!.id, direction: 'in', ...ref },
  });
  const group = (app: KaribuApp, s: Session, eventId: string, refs: Record<string, string>[]) => app.inject({
    method: 'POST', url: `/api/v1/events/${eventId}/scans/group`, headers: bearer(s),
    payload: { gateId: org.venue.gates[0]!.id, direction: 'in', items: refs.map((r) => ({ scanId: randomUUID(), ...r })) },
  });
  async function blockedDevice(email: string): Promise<Session> {
    const phone = await doorSession(t.app, manager, email, org.venue.id);
    for (let i = 0; i < SMALL.blockAfter; i++) expect((await scan(t.app, phone, org.event.id, { pin: unknownPin() })).json().reason).toBe('unknown_ticket');
    const blocked = await scan(t.app, phone, org.event.id, { qr: org.tickets[0]!.qr });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('locked_out');
    return phone;
  }

  it('answers 403 for an event the device may not scan, however throttled it is, on the single and the group route', async () => {
    // Door staff scoped to one event, on a phone at that event's venue: the side event is out of scope.
    const phone = await blockedDevice(org.staff.eventDoor.email);
    const single = await scan(t.app, phone, org.sideEvent.id, { pin: unknownPin() });
    expect(single.statusCode, single.body).toBe(403);
    expect(single.json().error.code).toBe('forbidden');
    const grouped = await group(t.app, phone, org.sideEvent.id, [{ pin: unknownPin() }, { pin: unknownPin() }]);
    expect(grouped.statusCode, grouped.body).toBe(403);
    expect(grouped.json().error.code).toBe('forbidden');
    // Its own event: still blocked, on both routes.
    expect((await scan(t.app, phone, org.event.id, { qr: org.tickets[1]!.qr })).json().error.code).toBe('locked_out');
    expect((await group(t.app, phone, org.event.id, [{ qr: org.tickets[1]!.qr }])).statusCode).toBe(429);
    // Another organizer's event stays "no such resource", not 429 either.
    const foreign = await scan(t.app, phone, randomUUID(), { pin: unknownPin() });
    expect(foreign.statusCode).toBe(404);
  });

  it('answers 403 on the group route for an out-of-scope event even when the device is not throttled', async () => {
    const phone = await doorSession(t.app, manager, org.staff.eventDoor.email, org.venue.id);
    const grouped = await group(t.app, phone, org.sideEvent.id, [{ qr: org.tickets[0]!.qr }]);
    expect(grouped.statusCode, grouped.body).toBe(403);
  });

  it('has one guess rule, online wider than in uploads on purpose', () => {
    for (const reason of ['unknown_ticket', 'bad_signature', 'malformed']) {
      for (const kind of ['qr', 'code', 'pin', 'serial'] as const) expect(countsAsGuess('online', kind, reason), `${kind} ${reason}`).toBe(true);
    }
    for (const reason of ['admitted', 'already_inside', 'wrong_event', 'revoked_key', 'code_expired', 'cancelled']) {
      expect(countsAsGuess('online', 'pin', reason), reason).toBe(false);
    }
    expect(countsAsGuess('upload', 'pin', 'unknown_ticket')).toBe(true);
    expect(countsAsGuess('upload', 'code', 'unknown_ticket')).toBe(true);
    expect(countsAsGuess('upload', 'qr', 'bad_signature')).toBe(false);
    expect(countsAsGuess('upload', 'qr', 'malformed')).toBe(false);
    expect(countsAsGuess('upload', 'pin', 'admitted')).toBe(false);
  });

  it('keeps a device blocked across a restart of the server', async () => {
    const phone = await blockedDevice(org.staff.door.email);
    if (!t.app.ctx.redis) {
      // Without Redis the block is written to the database just after it is decided.
      await expect.poll(() => asSystem(t.app.ctx.db, (trx) => trx.selectFrom('device_lockouts').select('device_id')
        .where('device_id', '=', phone.deviceId!).executeTakeFirst()), { timeout: 5_000 }).toBeTruthy();
    }
    // A new process on the same data (and the same Redis, when configured): nothing in its memory.
    const again = await buildApp(t.config, { database: { ...t.db.handle, close: async () => undefined }, skipMigrations: true });
    restarted.push(again);
    const after = await scan(again, phone, org.event.id, { qr: org.tickets[0]!.qr });
    expect(after.statusCode, after.body).toBe(429);
    expect(after.json().error.code).toBe('locked_out');
    expect(Number(after.headers['retry-after'])).toBeGreaterThan(60);
    // Another phone of the same staff member is not blocked by it.
    const other = await doorSession(again, manager, org.staff.door.email, org.venue.id);
    expect((await scan(again, other, org.event.id, { qr: org.tickets[0]!.qr })).statusCode).toBe(200);
  });
});

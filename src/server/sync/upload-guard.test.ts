import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';
import { DEFAULT_LOCKOUT, lockoutOf } from '../judging/lockout.ts';

/**
 * Offline uploads under the code-guessing lockout, and device clocks that are far off or jumped
 * (docs/sync-protocol.md §4, docs/security.md findings 6–7).
 */
describe(`offline uploads: lockout and clocks (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let nextPin = 500_000;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 6 });
    manager = await loginAs(t.app, org.staff.manager.email);
  });
  afterEach(() => { lockoutOf(t.app.ctx).options = DEFAULT_LOCKOUT; });
  afterAll(async () => { await t?.close(); });

  const gateId = () => org.venue.gates[0]!.id;
  const unknownPin = () => {
    const used = new Set(org.tickets.map((x) => x.pin));
    while (used.has(String(nextPin))) nextPin++;
    return String(nextPin++);
  };
  const item = (ref: Record<string, string>, over: Record<string, unknown> = {}) => ({
    scanId: randomUUID(), gateId: gateId(), direction: 'in', scannedAt: Date.now() - 5_000, verdict: 'admitted', reason: 'admitted', ...ref, ...over,
  });
  const upload = (s: Session, scans: unknown[], sentAt: number = Date.now()) => t.app.inject({
    method: 'POST', url: `/api/v1/events/${org.event.id}/scans/batch`, headers: bearer(s), payload: { sentAt, scans },
  });
  const online = (s: Session, ref: Record<string, string>) => t.app.inject({
    method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(s), payload: { scanId: randomUUID(), gateId: gateId(), direction: 'in', ...ref },
  });
  const scanRow = (id: string) => withTenant(t.app.ctx.db, org.tenantId, (trx) =>
    trx.selectFrom('scans').select(['effective_time', 'device_time', 'response']).where('id', '=', id).executeTakeFirst());
  const ticketRow = (id: string) => withTenant(t.app.ctx.db, org.tenantId, (trx) =>
    trx.selectFrom('tickets').select(['presence', 'entry_count']).where('id', '=', id).executeTakeFirstOrThrow());

  it('a batch of guessed PINs uploaded as "admitted" is refused whole: nobody marked inside, nothing revealed, device blocked and audited', async () => {
    lockoutOf(t.app.ctx).options = { ...DEFAULT_LOCKOUT, slowAfter: 1_000, blockAfter: 5 };
    const rogue = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const real = [org.tickets[0]!, org.tickets[1]!];
    const scans = [...real.map((x) => item({ pin: x.pin })), ...Array.from({ length: 8 }, () => item({ pin: unknownPin() }))];
    const res = await upload(rogue, scans);
    expect(res.statusCode, res.body).toBe(429);
    expect(res.json().error.code).toBe('locked_out');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    expect(res.body).not.toContain(real[0]!.pin);
    for (const x of real) expect(await ticketRow(x.id)).toEqual({ presence: 'outside', entry_count: 0 });
    expect(await scanRow(scans[0]!.scanId)).toBeUndefined();

    // Blocked: even an honest QR upload waits, as online scans do.
    const next = await upload(rogue, [item({ qr: org.tickets[2]!.qr })]);
    expect(next.statusCode).toBe(429);
    expect(next.json().error.code).toBe('locked_out');
    expect((await online(rogue, { qr: org.tickets[2]!.qr })).json().error.code).toBe('locked_out');

    const audits = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['actor_id', 'detail'])
      .where('action', '=', 'device.locked_out').where('actor_id', '=', rogue.deviceId!).execute());
    expect(audits).toHaveLength(1);
  });

  it('unknown PINs in uploads and online scans use up one budget per device', async () => {
    lockoutOf(t.app.ctx).options = { ...DEFAULT_LOCKOUT, slowAfter: 1_000, blockAfter: 5 };
    const phone = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const batch = [item({ pin: unknownPin() }, { verdict: 'refused', reason: 'unknown_ticket' }),
      item({ pin: unknownPin() }, { verdict: 'refused', reason: 'unknown_ticket' }),
      item({ pin: unknownPin() }, { verdict: 'refused', reason: 'unknown_ticket' }),
      item({ pin: org.tickets[3]!.pin })];
    const res = await upload(phone, batch);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { reason: string }) => r.reason)).toEqual(['unknown_ticket', 'unknown_ticket', 'unknown_ticket', 'admitted']);
    expect((await online(phone, { pin: unknownPin() })).statusCode).toBe(200); // 4th unknown
    expect((await online(phone, { pin: unknownPin() })).statusCode).toBe(200); // 5th: blocks
    const after = await online(phone, { qr: org.tickets[4]!.qr });
    expect(after.statusCode).toBe(429);
    expect(after.json().error.code).toBe('locked_out');
  });

  it('a phone whose clock restarted at 1970 has its scans placed at their true time (offset not clamped)', async () => {
    const phone = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    // The phone's clock reads 10 minutes after the epoch when it sends; it scanned a minute before.
    const scan = item({ qr: org.tickets[5]!.qr }, { scannedAt: 540_000 });
    const before = Date.now();
    const res = await upload(phone, [scan], 600_000);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results[0]).toMatchObject({ status: 'accepted', verdict: 'admitted' });
    expect(res.json().results[0].clockUnknown).toBeUndefined();
    expect(res.json().clockOffsetMs).toBeGreaterThan(before - 600_000 - 1);
    const row = (await scanRow(scan.scanId))!;
    // Clamped to ±2·10⁹ ms it would have been placed in January 1970, 23 days after the epoch.
    expect(Math.abs(row.effective_time.getTime() - (before - 60_000))).toBeLessThan(5_000);
    expect(row.device_time!.getTime()).toBe(540_000);
    const device = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('devices').select('clock_offset_ms')
      .where('id', '=', phone.deviceId!).executeTakeFirstOrThrow());
    expect(device.clock_offset_ms).toBeNull(); // too large for the int4 column: unknown, not wrong
  });

  it('a clock that jumped between scan and upload: the scan is placed at its arrival and flagged clockUnknown', async () => {
    const phone = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const now = Date.now();
    // sentAt 0 with real scan times (reset after scanning), and a scan from "3 months ago".
    const jumpedBack = item({ pin: org.tickets[2]!.pin }, { scannedAt: now - 10_000, verdict: 'refused', reason: 'malformed' });
    const res = await upload(phone, [jumpedBack], 0);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results[0]).toMatchObject({ clockUnknown: true, verdict: 'admitted' });
    const row = (await scanRow(jumpedBack.scanId))!;
    expect(Math.abs(row.effective_time.getTime() - now)).toBeLessThan(5_000);
    expect(row.response).toMatchObject({ clockUnknown: true });

    const ancient = item({ pin: org.tickets[1]!.pin }, { scannedAt: now - 90 * 86_400_000 });
    const second = await upload(phone, [ancient]);
    // Placed 90 days back it would be refused as before the doors opened; at arrival it admits.
    expect(second.json().results[0]).toMatchObject({ status: 'accepted', verdict: 'admitted', clockUnknown: true });
  });

  it('sync bodies refuse unknown fields instead of dropping them', async () => {
    const phone = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const top = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans/batch`, headers: bearer(phone),
      payload: { sentAt: Date.now(), scans: [item({ pin: unknownPin() })], sentat: 1 } });
    const nested = await upload(phone, [{ ...item({ pin: unknownPin() }), scanedAt: 1 }]);
    expect([top.statusCode, nested.statusCode]).toEqual([400, 400]);
    expect(nested.json().error.message).toContain('scanedAt');
  });
});

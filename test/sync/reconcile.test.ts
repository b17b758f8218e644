import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendRotatingCode, deriveRotationKey } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, batchBody, syncWorld, upload, type OfflineScan, type SyncWorld, type UploadResult } from './sync-helpers.ts';

const MIN = 60_000;

/** Offline scans coming home: nothing lost, nothing counted twice, conflicts for a manager to see. */
describe(`offline reconciliation (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  const ticketRow = (w: SyncWorld, id: string) => withTenant(t.app.ctx.db, w.f.tenantId, (trx) =>
    trx.selectFrom('tickets').select(['presence', 'entry_count', 'state']).where('id', '=', id).executeTakeFirstOrThrow());
  const conflicts = async (w: SyncWorld, status = 'open') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/conflicts?status=${status}`, headers: auth(w.manager) });
    expect(res.statusCode).toBe(200);
    return res.json().conflicts as { scanId: string; deviceVerdict: string; serverReason: string; ticket: { serial: number }; counted: { scanId: string }[]; resolution: unknown }[];
  };

  it('two phones admit the same ticket offline: after both sync, one admission counts and one conflict is listed', async () => {
    const w = await syncWorld(t.app);
    const [ticket] = await w.f.issue([{ typeNo: 2 }]); // VIP: passes the Main and the VIP gate
    const a = await w.phone();
    const b = await w.phone();
    const now = Date.now();
    const first = await upload(t.app, a, w.f.eventId, batchBody(a, [{ qr: ticket!.qr, gateId: w.f.gate('Main'), at: now - 3 * MIN }]));
    const second = await upload(t.app, b, w.f.eventId, batchBody(b, [{ qr: ticket!.qr, gateId: w.f.gate('VIP'), at: now - 2 * MIN }]));
    expect(first.json().results[0]).toMatchObject({ status: 'accepted', verdict: 'admitted', reason: 'admitted' });
    expect(second.json().results[0]).toMatchObject({ status: 'conflict', verdict: 'refused', reason: 'already_inside' });

    expect(await ticketRow(w, ticket!.id)).toMatchObject({ presence: 'inside', entry_count: 1 });
    const listed = await conflicts(w);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ deviceVerdict: 'admitted', serverReason: 'already_inside', ticket: { serial: ticket!.serial } });
    expect(listed[0]!.counted.map((c) => c.scanId)).toEqual([first.json().results[0].scanId]);
    // Both scans happened, so both are recorded (append-only), the second flagged.
    const rows = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('scans')
      .select(['verdict', 'server_verdict', 'conflict', 'offline']).where('ticket_id', '=', ticket!.id).orderBy('effective_time').execute());
    expect(rows).toEqual([
      { verdict: 'admitted', server_verdict: 'admitted', conflict: false, offline: true },
      { verdict: 'admitted', server_verdict: 'refused', conflict: true, offline: true },
    ]);

    // A manager resolves it with a note; counts do not move, it leaves the open list.
    const resolve = (note: string) => t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/conflicts/${listed[0]!.scanId}/resolve`, headers: auth(w.manager), payload: { note } });
    const resolved = await resolve('Same person, re-entered through VIP by mistake');
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().resolution).toMatchObject({ note: 'Same person, re-entered through VIP by mistake', by: { id: w.f.users.manager.id } });
    expect((await resolve('again')).statusCode).toBe(409);
    expect(await conflicts(w)).toHaveLength(0);
    expect(await conflicts(w, 'resolved')).toHaveLength(1);
    expect(await ticketRow(w, ticket!.id)).toMatchObject({ entry_count: 1 });
    // Door staff cannot review conflicts.
    const doorList = await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/conflicts`, headers: auth(b) });
    expect(doorList.statusCode).toBe(200); // b is a manager's device session; staff role is refused below
    const staffSession = await import('./sync-helpers.ts').then((h) => h.login(t.app, w.f.users.staff.email, w.f.users.staff.password));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/events/${w.f.eventId}/conflicts`, headers: auth(staffSession) })).statusCode).toBe(403);
  });

  it('a double admission that syncs late is the conflict, however early it happened; counts stay exact', async () => {
    const w = await syncWorld(t.app);
    const [ticket] = await w.f.issue([{ typeNo: 2 }]);
    const a = await w.phone();
    const b = await w.phone();
    const now = Date.now();
    const first = await upload(t.app, a, w.f.eventId, batchBody(a, [{ qr: ticket!.qr, gateId: w.f.gate('Main'), at: now - 2 * MIN }]));
    // b admitted the ticket a minute before a did, but was offline longer. Rewriting a's answer is
    // not possible (it was given and recorded), so b's scan is flagged, with both listed.
    const late = await upload(t.app, b, w.f.eventId, batchBody(b, [{ qr: ticket!.qr, gateId: w.f.gate('VIP'), at: now - 3 * MIN }]));
    expect(first.json().results[0].status).toBe('accepted');
    expect(late.json().results[0]).toMatchObject({ status: 'conflict', reason: 'already_inside' });
    expect(await ticketRow(w, ticket!.id)).toMatchObject({ presence: 'inside', entry_count: 1 });
    const [listed] = await conflicts(w);
    expect(listed!.scanId).toBe(late.json().results[0].scanId);
    expect(listed!.counted.map((c) => c.scanId)).toEqual([first.json().results[0].scanId]);
  });

  it('a phone whose clock is 10 minutes fast: its scans are placed at their real time and ordered correctly', async () => {
    const w = await syncWorld(t.app, { template: 'reentry-after-exit' });
    const [ticket] = await w.f.issue(1);
    const fast = await w.phone({ skewMs: 10 * MIN });
    const onTime = await w.phone();
    const now = Date.now();
    // Real order: 8 min ago the guest entered at a phone that is 10 min fast, 5 min ago left there,
    // 2 min ago re-entered at a phone with a correct clock. The correct phone syncs first.
    const early = await upload(t.app, onTime, w.f.eventId, batchBody(onTime, [{ qr: ticket!.qr, gateId: w.f.gate('Main'), at: now - 2 * MIN }]));
    expect(early.json().results[0].status).toBe('accepted');
    const body = batchBody(fast, [
      { qr: ticket!.qr, gateId: w.f.gate('Main'), direction: 'out', at: now - 5 * MIN },
      { qr: ticket!.qr, gateId: w.f.gate('Main'), direction: 'in', at: now - 8 * MIN },
    ]);
    // Uncorrected, these would be 2 and 5 minutes in the server's future.
    expect(body.scans[1]!.scannedAt).toBeGreaterThan(now);
    const late = await upload(t.app, fast, w.f.eventId, body);
    expect(late.statusCode).toBe(200);
    expect(late.json().clockOffsetMs).toBeGreaterThan(-10 * MIN - 5_000);
    expect(late.json().clockOffsetMs).toBeLessThan(-10 * MIN + 5_000);
    expect((late.json().results as UploadResult[]).map((r) => r.status)).toEqual(['accepted', 'accepted']);

    const timeline = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('scans')
      .select(['device_id', 'direction', 'effective_time', 'device_time']).where('ticket_id', '=', ticket!.id).orderBy('effective_time').execute());
    expect(timeline.map((s) => [s.device_id, s.direction])).toEqual([[fast.deviceId, 'in'], [fast.deviceId, 'out'], [onTime.deviceId, 'in']]);
    expect(Math.abs(timeline[0]!.effective_time.getTime() - (now - 8 * MIN))).toBeLessThan(5_000);
    expect(timeline[0]!.device_time!.getTime()).toBe(now + 2 * MIN); // what the phone said, kept as reported
    // Two real entries, the guest is inside (the latest movement), and nothing to review.
    expect(await ticketRow(w, ticket!.id)).toMatchObject({ presence: 'inside', entry_count: 2 });
    expect(await conflicts(w)).toHaveLength(0);
    const device = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.selectFrom('devices').select('clock_offset_ms').where('id', '=', fast.deviceId).executeTakeFirstOrThrow());
    expect(Math.abs(device.clock_offset_ms! + 10 * MIN)).toBeLessThan(5_000);
  });

  it('an upload killed mid-batch and retried (also in parts, also twice at once) ends with the same totals', async () => {
    // The same offline day at two events: one uploads cleanly, the other is interrupted and retried.
    const plan = (tickets: IssuedTicket[], w: SyncWorld): OfflineScan[] => {
      const now = Date.now();
      return tickets.flatMap((ticket, i) => {
        const scans: OfflineScan[] = [{ scanId: uuidv7(), qr: ticket.qr, gateId: w.f.gate('Main'), at: now - 30 * MIN + i * 1000 }];
        if (i % 5 === 0) scans.push({ scanId: uuidv7(), code: ticket.code, gateId: w.f.gate('Main'), at: now - 20 * MIN + i * 1000 }); // double admission
        if (i % 7 === 0) scans.push({ scanId: uuidv7(), pin: ticket.pin, gateId: w.f.gate('Main'), direction: 'out', at: now - 10 * MIN + i * 1000 });
        return scans;
      });
    };
    const totals = (w: SyncWorld) => withTenant(t.app.ctx.db, w.f.tenantId, async (trx) => {
      const { rows } = await sql<{ scans: number; conflicts: number; entries: number; inside: number }>`
        select (select count(*)::int from scans where event_id = ${w.f.eventId}) as scans,
               (select count(*)::int from scans where event_id = ${w.f.eventId} and conflict) as conflicts,
               (select coalesce(sum(entry_count), 0)::int from tickets where event_id = ${w.f.eventId}) as entries,
               (select count(*)::int from tickets where event_id = ${w.f.eventId} and presence = 'inside') as inside`.execute(trx);
      return rows[0]!;
    });

    const clean = await syncWorld(t.app);
    const cleanPhone = await clean.phone();
    const cleanBody = batchBody(cleanPhone, plan(await clean.f.issue(30), clean));
    expect((await upload(t.app, cleanPhone, clean.f.eventId, cleanBody)).statusCode).toBe(200);
    const expected = await totals(clean);
    expect(expected).toMatchObject({ scans: 41, conflicts: 6, entries: 30 });

    const w = await syncWorld(t.app);
    const phone = await w.phone();
    const tickets = await w.f.issue(30);
    const body = batchBody(phone, plan(tickets, w));
    // The battery dies mid-batch: here the transaction fails after the scans were inserted and
    // while ticket states are written. Nothing of it may remain.
    await sql.raw(`create function sync_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'power cut'; end $$`).execute(t.app.ctx.db);
    await sql.raw(`create trigger sync_test_fail before update on tickets for each row
      when (new.id = '${tickets[29]!.id}') execute function sync_test_fail()`).execute(t.app.ctx.db);
    const killed = await upload(t.app, phone, w.f.eventId, body);
    expect(killed.statusCode).toBe(500);
    expect(await totals(w)).toEqual({ scans: 0, conflicts: 0, entries: 0, inside: 0 });
    await sql.raw('drop trigger sync_test_fail on tickets').execute(t.app.ctx.db);
    await sql.raw('drop function sync_test_fail()').execute(t.app.ctx.db);

    // The phone retries: first a part of the queue, then everything, twice at the same time.
    const part = { ...body, scans: body.scans.slice(0, 17) };
    expect((await upload(t.app, phone, w.f.eventId, part)).statusCode).toBe(200);
    const [x, y] = await Promise.all([upload(t.app, phone, w.f.eventId, body), upload(t.app, phone, w.f.eventId, body)]);
    for (const res of [x, y]) {
      if (res.statusCode === 503) expect((await upload(t.app, phone, w.f.eventId, body)).statusCode).toBe(200);
      else expect(res.statusCode).toBe(200);
    }
    const final = await upload(t.app, phone, w.f.eventId, body);
    const results = final.json().results as UploadResult[];
    expect(results.every((r) => r.status === 'duplicate')).toBe(true);
    expect(results.filter((r) => r.firstStatus === 'conflict')).toHaveLength(6);
    expect(await totals(w)).toEqual(expected);
  });

  it('checks an anti-screenshot code at the moment of the scan, not at upload', async () => {
    const w = await syncWorld(t.app, { typeOverrides: { allowStatic: false } });
    const [fresh, shared] = await w.f.issue(2);
    const secret = await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => t.app.ctx.keys.rotationSecret(trx, w.f.tenantId, w.f.eventId));
    const at = Date.now() - 20 * MIN;
    const code = (ticket: IssuedTicket, when: number) => appendRotatingCode(ticket.qr, deriveRotationKey(secret, ticket.serial), when);
    const phone = await w.phone();
    const res = await upload(t.app, phone, w.f.eventId, batchBody(phone, [
      { qr: code(fresh!, at), gateId: w.f.gate('Main'), at }, // shown live 20 minutes ago: fine then
      { qr: code(shared!, at - 10 * MIN), gateId: w.f.gate('Main'), at }, // a 10-minute-old screenshot
    ]));
    expect((res.json().results as UploadResult[]).map((r) => [r.status, r.reason])).toEqual([['accepted', 'admitted'], ['conflict', 'code_expired']]);
    expect(await ticketRow(w, shared!.id)).toMatchObject({ entry_count: 0 });
  });

  it('answers a repeated scan id with its first result, including one first seen online', async () => {
    const w = await syncWorld(t.app);
    const [ticket, other] = await w.f.issue(2);
    const phone = await w.phone();
    const scanId = uuidv7();
    const body = batchBody(phone, [{ scanId, qr: ticket!.qr, gateId: w.f.gate('Main'), at: Date.now() - MIN }]);
    const once = (await upload(t.app, phone, w.f.eventId, body)).json().results[0];
    const twice = (await upload(t.app, phone, w.f.eventId, { ...body, scans: [body.scans[0]!, body.scans[0]!] })).json().results;
    expect(once).toMatchObject({ scanId, status: 'accepted', verdict: 'admitted' });
    expect(twice).toEqual([
      { scanId, status: 'duplicate', verdict: 'admitted', reason: 'admitted', firstStatus: 'accepted' },
      { scanId, status: 'duplicate', verdict: 'admitted', reason: 'admitted', firstStatus: 'accepted' },
    ]);
    // The online scan timed out on the phone, which then decided offline with the same scan id.
    const onlineId = uuidv7();
    const online = await t.app.inject({ method: 'POST', url: `/api/v1/events/${w.f.eventId}/scans`, headers: auth(phone),
      payload: { scanId: onlineId, qr: other!.qr, gateId: w.f.gate('Main'), direction: 'in' } });
    expect(online.json()).toMatchObject({ verdict: 'admitted' });
    const replay = await upload(t.app, phone, w.f.eventId, batchBody(phone, [{ scanId: onlineId, qr: other!.qr, gateId: w.f.gate('Main'), at: Date.now() }]));
    expect(replay.json().results[0]).toMatchObject({ status: 'duplicate', verdict: 'admitted', firstStatus: 'accepted' });
    expect(await ticketRow(w, other!.id)).toMatchObject({ entry_count: 1 });
  });

  it('flags, without counting, an offline admission of a cancelled ticket and one the phone refused', async () => {
    const w = await syncWorld(t.app);
    const [cancelled, turnedAway, forged] = await w.f.issue(3);
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('tickets').set({ status: 'cancelled' }).where('id', '=', cancelled!.id).execute());
    const phone = await w.phone();
    const tampered = forged!.qr.slice(0, 40) + (forged!.qr[40] === 'A' ? 'B' : 'A') + forged!.qr.slice(41);
    const res = await upload(t.app, phone, w.f.eventId, batchBody(phone, [
      { qr: cancelled!.qr, gateId: w.f.gate('Main'), at: Date.now() - MIN },
      { qr: turnedAway!.qr, gateId: w.f.gate('Main'), at: Date.now() - MIN, verdict: 'refused', reason: 'cooldown' },
      { qr: tampered, gateId: w.f.gate('Main'), at: Date.now() - MIN, verdict: 'refused', reason: 'bad_signature' },
      { code: 'ZZZZ-ZZZZ', gateId: w.f.gate('Main'), at: Date.now() - MIN, verdict: 'refused', reason: 'unknown_ticket' },
    ]));
    expect((res.json().results as UploadResult[]).map((r) => [r.status, r.verdict, r.reason])).toEqual([
      ['conflict', 'refused', 'cancelled'],
      ['conflict', 'admitted', 'admitted'],
      ['accepted', 'refused', expect.stringMatching(/^(bad_signature|malformed)$/)],
      ['accepted', 'refused', expect.stringMatching(/^(unknown_ticket|malformed)$/)],
    ]);
    expect(await ticketRow(w, cancelled!.id)).toMatchObject({ entry_count: 0, presence: 'outside' });
    expect(await ticketRow(w, turnedAway!.id)).toMatchObject({ entry_count: 0, presence: 'outside' });
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authRuntime } from '../auth/auth-runtime.ts';
import type { AccessClaims } from '../auth/access-token.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, withoutDuplicateWindow, type Org, type Session } from '../../../test/authz/fixtures.ts';
import type { CheckInResult } from '../judging/check-in.service.ts';
import { targetKeyOf } from '../judging/scan-input.ts';
import { ScanBatcher, scanBatchIo, scanBatcher, type OnlineScan, type ScanBatchIo } from './scan-batch.ts';

/**
 * Online scans that arrive together are judged in one transaction (scan-batch.ts, migrations/0010).
 * Scans submitted in the same turn of the event loop form one batch, so these tests submit them
 * straight to the batcher and can say exactly what shared a transaction.
 */
describe(`online scan batches (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let door: Session;
  let claims: AccessClaims;
  let gate: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 8 });
    other = await seedOrg(t.app, { tickets: 1 });
    // No duplicate window: a repeat must be judged on the state, not echo the first green.
    await withoutDuplicateWindow(t.app, org);
    door = await doorSession(t.app, await loginAs(t.app, org.staff.manager.email), org.staff.door.email, org.venue.id);
    const verified = await authRuntime(t.app.ctx).tokens.verify(door.accessToken);
    if (!verified.ok) throw new Error('door token did not verify');
    claims = verified.claims;
    gate = org.venue.gates.find((g) => g.zone === 'GA')!.id;
  });
  afterAll(async () => { await t.close(); });

  function scanOf(ticket: number, direction: 'in' | 'out' = 'in', scanId = randomUUID()): OnlineScan {
    return { scanId, eventId: org.event.id, gateId: gate, direction, input: { kind: 'qr', qr: org.tickets[ticket]!.qr }, deviceTime: null };
  }

  function submit(batcher: ScanBatcher, scan: OnlineScan): Promise<CheckInResult> {
    return batcher.submit({ claims, log: t.app.log, scan, key: targetKeyOf(scan.input) });
  }

  async function ticketRow(serial: number) {
    return withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('tickets').select(['entry_count', 'presence'])
      .where('event_id', '=', org.event.id).where('serial', '=', serial).executeTakeFirstOrThrow());
  }

  async function batchMetric(): Promise<{ count: number; sum: number }> {
    const metric = await t.app.ctx.metrics.scanBatchSize.get();
    const value = (name: string) => metric.values.find((v) => v.metricName === name)?.value ?? 0;
    return { count: value('karibu_scan_batch_size_count'), sum: value('karibu_scan_batch_size_sum') };
  }

  it('judges scans of one ticket in one transaction one after another, each on the state the last one left', async () => {
    const before = await batchMetric();
    const batcher = scanBatcher(t.app.ctx);
    const results = await Promise.all([
      submit(batcher, scanOf(0)), submit(batcher, scanOf(0)), submit(batcher, scanOf(0, 'out')),
      submit(batcher, scanOf(0)), submit(batcher, scanOf(1)),
    ]);
    expect(results.map((r) => r.answer.reason)).toEqual(['admitted', 'already_inside', 'exited', 'admitted', 'admitted']);
    // The refusal names the admission made earlier in the same batch.
    expect(results[1]!.answer.previous?.gate).toBe('Main');
    expect(await ticketRow(org.tickets[0]!.serial)).toEqual({ entry_count: 2, presence: 'inside' });
    expect(await ticketRow(org.tickets[1]!.serial)).toEqual({ entry_count: 1, presence: 'inside' });
    expect(await batchMetric()).toEqual({ count: before.count + 1, sum: before.sum + 5 });
  });

  it('answers a scan id sent twice in one batch once, and records it once', async () => {
    const scan = scanOf(2);
    const [first, second] = await Promise.all([submit(scanBatcher(t.app.ctx), scan), submit(scanBatcher(t.app.ctx), { ...scan })]);
    expect(first).toMatchObject({ replayed: false, answer: { verdict: 'admitted' } });
    expect(second).toMatchObject({ replayed: true, answer: first!.answer });
    const rows = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('scans').select('id').where('id', '=', scan.scanId).execute());
    expect(rows).toHaveLength(1);
    expect((await ticketRow(org.tickets[2]!.serial)).entry_count).toBe(1);
  });

  it('refuses a scan id another organizer already used, and still records the rest of its batch', async () => {
    // The other organizer's door used this id first; this organizer cannot see that scan.
    const otherDoor = await doorSession(t.app, await loginAs(t.app, other.staff.manager.email), other.staff.door.email, other.venue.id);
    const taken = randomUUID();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${other.event.id}/scans`, headers: bearer(otherDoor),
      payload: { scanId: taken, qr: other.tickets[0]!.qr, gateId: other.venue.gates[0]!.id, direction: 'in' },
    });
    expect(res.json()).toMatchObject({ verdict: 'admitted' });

    const batcher = scanBatcher(t.app.ctx);
    const [clash, fine] = await Promise.allSettled([submit(batcher, scanOf(3, 'in', taken)), submit(batcher, scanOf(4))]);
    expect(clash.status === 'rejected' && clash.reason instanceof DomainError && clash.reason.code).toBe('idempotency_mismatch');
    expect(fine.status === 'fulfilled' && fine.value.answer.verdict).toBe('admitted');
    // The refused scan changed nothing; the batch was judged again without it.
    expect((await ticketRow(org.tickets[3]!.serial)).entry_count).toBe(0);
    expect((await ticketRow(org.tickets[4]!.serial)).entry_count).toBe(1);
  });

  it('tries each scan alone when its batch fails in the database, so one failure cannot sink its neighbours', async () => {
    const real = scanBatchIo(t.app.ctx);
    let failed = 0;
    // The database refuses any batch of more than one scan (as it would a batch holding one bad row).
    const picky: ScanBatchIo = {
      transaction: (fn) => real.transaction((tx) => fn({
        openBatch: async (tenantId, eventId, items) => {
          if (items.length > 1) {
            failed++;
            throw new Error('batch refused');
          }
          return tx.openBatch(tenantId, eventId, items);
        },
        recordAndCommit: (eventId, scans, states) => tx.recordAndCommit(eventId, scans, states),
      })),
    };
    const batcher = new ScanBatcher(t.app.ctx, picky, 1);
    const results = await Promise.all([submit(batcher, scanOf(5)), submit(batcher, scanOf(6)), submit(batcher, scanOf(5))]);
    expect(failed).toBe(1);
    expect(results.map((r) => r.answer.reason)).toEqual(['admitted', 'admitted', 'already_inside']);
    expect((await ticketRow(org.tickets[5]!.serial)).entry_count).toBe(1);
  });

  it('runs its SQL on index probes with one plan per connection, however the tables grow', async () => {
    // A plan made when `scans` was empty must not scan it sequentially an hour later (0010), and
    // the opener must not be planned again on every call (0011: 1.3 ms of a one-scan batch).
    const { rows } = await sql<{ proname: string; proconfig: string[] }>`select proname, proconfig from pg_proc
      where proname in ('karibu_scan_open_batch', 'karibu_scan_record_batch') order by proname`.execute(t.app.ctx.db);
    expect(rows.map((r) => [r.proname, [...r.proconfig].sort()])).toEqual([
      ['karibu_scan_open_batch', ['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']],
      ['karibu_scan_record_batch', ['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']],
    ]);
  });

  it('leaves half of each tickets page free for the versions scans write (HOT updates, 0012)', async () => {
    // With a fifth free, a quarter to half of the scan benchmark's ticket writes found the page
    // full and wrote all nine indexes (bench/reports/scan.json, latency.ticketUpdatesHotShare).
    const { rows } = await sql<{ reloptions: string[] }>`select reloptions from pg_class
      where oid = 'tickets'::regclass`.execute(t.app.ctx.db);
    expect(rows[0]?.reloptions).toEqual(['fillfactor=50']);
  });
});

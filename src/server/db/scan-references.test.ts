import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventFixture, type EventFixture } from '../../../test/support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from './database.ts';

/**
 * Scans name their event, ticket, device, staff member and gate within their own organizer
 * (migrations/0009: one set-based check per statement instead of per-row foreign keys).
 */
describe(`scan references (${testDatabaseKind})`, () => {
  let t: TestApp;
  let a: EventFixture;
  let b: EventFixture;
  let ticketA: string;
  let ticketB: string;

  const scanRow = (f: EventFixture, over: Record<string, string | null> = {}) => ({
    id: randomUUID(), tenant_id: f.tenantId, event_id: f.eventId, ticket_id: null as string | null, device_id: null as string | null,
    staff_id: f.users.staff.id, gate_id: f.gate('Main'), direction: 'in' as const, input_kind: 'qr' as const,
    verdict: 'refused' as const, reason: 'unknown_ticket', effective_time: new Date(), ...over,
  });
  const insert = (f: EventFixture, rows: ReturnType<typeof scanRow>[]) =>
    withTenant(t.app.ctx.db, f.tenantId, (trx) => trx.insertInto('scans').values(rows).execute());

  beforeAll(async () => {
    t = await createTestApp();
    a = await createEventFixture(t.app.ctx);
    b = await createEventFixture(t.app.ctx);
    ticketA = (await a.issue(1))[0]!.id;
    ticketB = (await b.issue(1))[0]!.id;
  });
  afterAll(async () => { await t?.close(); });

  it('accepts a batch whose references all belong to the scan’s organizer', async () => {
    await insert(a, [scanRow(a, { ticket_id: ticketA }), scanRow(a, { gate_id: a.gate('VIP') }), scanRow(a, { gate_id: null, staff_id: null })]);
  });

  it.each([
    ['ticket', { ticket_id: 'B_TICKET' }],
    ['gate', { gate_id: 'B_GATE' }],
    ['staff', { staff_id: 'B_STAFF' }],
    ['event', { event_id: 'B_EVENT' }],
    ['device', { device_id: randomUUID() }],
  ])('refuses the whole batch when one scan names another organizer’s (or no) %s', async (what, over) => {
    const swap: Record<string, string> = { B_TICKET: ticketB, B_GATE: b.gate('Main'), B_STAFF: b.users.staff.id, B_EVENT: b.eventId };
    const bad = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, swap[v] ?? v]));
    const good = scanRow(a, { ticket_id: ticketA });
    await expect(insert(a, [good, scanRow(a, bad)])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(what) });
    const kept = await withTenant(t.app.ctx.db, a.tenantId, (trx) => trx.selectFrom('scans').select('id').where('id', '=', good.id).execute());
    expect(kept).toHaveLength(0);
  });

  it('refuses to delete a ticket, gate or staff member that scans name', async () => {
    await expect(withTenant(t.app.ctx.db, a.tenantId, (trx) => trx.deleteFrom('tickets').where('id', '=', ticketA).execute()))
      .rejects.toMatchObject({ code: '23503' });
    await expect(withTenant(t.app.ctx.db, a.tenantId, (trx) => trx.deleteFrom('gates').where('id', '=', a.gate('Main')).execute()))
      .rejects.toMatchObject({ code: '23503' });
    await expect(withTenant(t.app.ctx.db, a.tenantId, (trx) => sql`delete from staff where id = ${a.users.staff.id}`.execute(trx)))
      .rejects.toMatchObject({ code: '23503' });
    // An unscanned gate can go.
    await withTenant(t.app.ctx.db, b.tenantId, (trx) => trx.deleteFrom('gates').where('id', '=', b.gate('Backstage')).execute());
  });
});

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movedTicket } from '../../core/index.ts';
import { withTenant } from '../db/database.ts';
import { issueTickets } from '../tickets/ticket-issuance.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

/**
 * Undo at the door after a camera double-read, and the rule behind it: a ticket's entry count and
 * presence are what its standing (not undone) moving scans say — core movedTicket(), SQL
 * karibu_moved_ticket() — whatever mix of scans, repeats, exits and undos came before.
 */
describe(`undo and the moving scans (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let phones: Session[];
  let main: string;
  let next = 0;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 4 }); // reentry after exit, 5 s duplicate window
    manager = await loginAs(t.app, org.staff.manager.email);
    phones = [
      await doorSession(t.app, manager, org.staff.door.email, org.venue.id),
      await doorSession(t.app, manager, org.staff.door.email, org.venue.id),
    ];
    main = org.venue.gates.find((g) => g.name === 'Main')!.id;
  }, 30_000);
  afterAll(async () => { await t.close(); });

  const scan = async (phone: Session, qr: string, direction: 'in' | 'out' = 'in') => {
    const scanId = randomUUID();
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phone),
      payload: { scanId, qr, gateId: main, direction },
    });
    expect(res.statusCode).toBe(200);
    return { scanId, ...(res.json() as { verdict: string; reason: string }) };
  };
  const undo = (who: Session, scanId: string) => t.app.inject({
    method: 'POST', url: `/api/v1/events/${org.event.id}/scans/${scanId}/undo`, headers: bearer(who),
  });
  const ticketRow = (serial: number) => withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('tickets')
    .select(['id', 'entry_count', 'presence']).where('event_id', '=', org.event.id).where('serial', '=', serial).executeTakeFirstOrThrow());

  it('undoes an admission followed by a double read; undoing the double read itself is nothing_to_undo', async () => {
    const ticket = org.tickets[next++]!;
    const admitted = await scan(phones[0]!, ticket.qr);
    const repeat = await scan(phones[0]!, ticket.qr);
    expect(admitted).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    expect(repeat).toMatchObject({ verdict: 'admitted', reason: 'duplicate_scan' });

    const refused = await undo(phones[0]!, repeat.scanId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'nothing_to_undo', message: expect.stringMatching(/repeated an earlier answer/) });
    expect(await ticketRow(ticket.serial)).toMatchObject({ entry_count: 1, presence: 'inside' });

    const undone = await undo(phones[0]!, admitted.scanId);
    expect(undone.statusCode).toBe(200);
    expect(undone.json().ticket).toEqual({ serial: ticket.serial, presence: 'outside', entryCount: 0 });
    expect(await ticketRow(ticket.serial)).toMatchObject({ entry_count: 0, presence: 'outside' });
    // The guest may now be admitted again, as if the mistaken admission had never happened.
    expect(await scan(phones[1]!, ticket.qr)).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
  });

  it('refuses to undo a refusal as nothing_to_undo', async () => {
    const ticket = org.tickets[next++]!;
    await scan(phones[0]!, ticket.qr);
    const second = await scan(phones[1]!, ticket.qr); // another phone: not a repeat, a second entry
    expect(second).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
    const res = await undo(phones[1]!, second.scanId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('nothing_to_undo');
  });

  it('karibu_moved_ticket() and core movedTicket() agree on every kind of recorded scan', async () => {
    const reasons = ['admitted', 'exited', 'duplicate_scan', 'already_inside', 'not_allowed', null];
    const cases: { offline: boolean; conflict: boolean; reason: string; serverReason: string | null }[] = [];
    for (const offline of [false, true]) {
      for (const conflict of [false, true]) {
        for (const reason of reasons.filter((r): r is string => r !== null)) {
          for (const serverReason of offline ? reasons : [null]) cases.push({ offline, conflict, reason, serverReason });
        }
      }
    }
    const { rows } = await sql<{ moved: boolean }>`select karibu_moved_ticket(c.offline, c.conflict, c.reason, c."serverReason") as moved
      from json_to_recordset(${JSON.stringify(cases)}::json) as c(offline boolean, conflict boolean, reason text, "serverReason" text)`.execute(t.app.ctx.db);
    expect(rows.map((r) => r.moved)).toEqual(cases.map((c) => movedTicket(c)));
    expect(cases.filter((c) => movedTicket(c)).length).toBeGreaterThan(0);
  });

  type Action = { kind: 'in' | 'out'; phone: 0 | 1 } | { kind: 'undo'; pick: number; byManager: boolean };
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constantFrom('in' as const, 'out' as const), phone: fc.constantFrom(0 as const, 1 as const) }),
    fc.record({ kind: fc.constant('undo' as const), pick: fc.nat(), byManager: fc.boolean() }),
  );

  it('any sequence of scans, repeats, exits and undos leaves entry count and presence as the standing movements say', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
      // Each run (and each shrinking step) gets a ticket of its own: scans are append-only.
      const [ticket] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Property Guest' }]);
      const row = await ticketRow(ticket!.serial);
      const made: { scanId: string; phone: 0 | 1 }[] = [];
      for (const a of actions) {
        if (a.kind === 'undo') {
          if (made.length === 0) continue;
          const target = made[a.pick % made.length]!;
          const res = await undo(a.byManager ? manager : phones[target.phone]!, target.scanId);
          expect([200, 409]).toContain(res.statusCode);
        } else {
          made.push({ scanId: (await scan(phones[a.phone]!, ticket!.qr, a.kind)).scanId, phone: a.phone });
        }
        const { scans, annulled, now } = await withTenant(t.app.ctx.db, org.tenantId, async (trx) => ({
          scans: await trx.selectFrom('scans').select(['id', 'verdict', 'reason', 'offline', 'conflict', 'server_reason', 'effective_time', 'server_time'])
            .where('ticket_id', '=', row.id).orderBy('effective_time').orderBy('server_time').execute(),
          annulled: new Set((await trx.selectFrom('scan_annulments').select('scan_id').where('ticket_id', '=', row.id).execute()).map((r) => r.scan_id)),
          now: await trx.selectFrom('tickets').select(['entry_count', 'presence']).where('id', '=', row.id).executeTakeFirstOrThrow(),
        }));
        const standing = scans.filter((s) => !annulled.has(s.id)
          && movedTicket({ offline: s.offline, conflict: s.conflict, reason: s.reason, serverReason: s.server_reason }));
        expect(now.entry_count).toBe(standing.filter((s) => s.verdict === 'admitted').length);
        expect(now.presence).toBe(standing.at(-1)?.verdict === 'admitted' ? 'inside' : 'outside');
      }
    }), { numRuns: 40 });
  }, 120_000);
});

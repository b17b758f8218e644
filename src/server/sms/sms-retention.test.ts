import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asSystem } from '../db/database.ts';
import { smsSender, type SmsSender } from './sms-sender.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

const AT = { provider: 'africastalking', number: '20414', username: 'karibu-test', apiKey: 'atsk_secret_key_1234567890' };
const RETENTION_DAYS = 10;

type Row = { direction: 'in' | 'out'; status: string; ageDays: number };
/** Each terminal state past the retention, the same just inside it, and an old message still queued. */
const ROWS: Record<string, Row> = {
  oldReceived: { direction: 'in', status: 'received', ageDays: RETENTION_DAYS + 1 },
  oldSent: { direction: 'out', status: 'sent', ageDays: RETENTION_DAYS + 1 },
  oldDelivered: { direction: 'out', status: 'delivered', ageDays: RETENTION_DAYS + 5 },
  oldFailed: { direction: 'out', status: 'failed', ageDays: 90 },
  oldQueued: { direction: 'out', status: 'queued', ageDays: 90 },
  recentReceived: { direction: 'in', status: 'received', ageDays: RETENTION_DAYS - 1 },
  recentDelivered: { direction: 'out', status: 'delivered', ageDays: 0 },
};
const DELETED = ['oldReceived', 'oldSent', 'oldDelivered', 'oldFailed'];
const KEPT = ['oldQueued', 'recentReceived', 'recentDelivered'];

describe(`SMS log retention (${testDatabaseKind})`, () => {
  let t: TestApp;
  let sender: SmsSender;
  const orgs: { org: Org; manager: Session; channelId: string; ids: Record<string, string> }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng', SMS_LOG_RETENTION_DAYS: String(RETENTION_DAYS) });
    sender = smsSender(t.app.ctx)!;
    // Rounds are run by hand below: the background loop must not run the housekeeping meanwhile.
    await sender.stop();
    for (let i = 0; i < 2; i++) {
      const org = await seedOrg(t.app, { tickets: 1 });
      const manager = await loginAs(t.app, org.staff.manager.email);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(manager), payload: { ...AT, eventIds: [org.event.id] } });
      expect(res.statusCode).toBe(201);
      orgs.push({ org, manager, channelId: res.json().id, ids: {} });
    }
  });
  afterAll(async () => { await t?.close(); });

  async function insertRows(o: (typeof orgs)[number], names: string[]): Promise<void> {
    const ticketId = o.org.tickets[0]!.id;
    await asSystem(t.app.ctx.db, async (trx) => {
      for (const name of names) {
        const r = ROWS[name]!;
        const id = randomUUID();
        o.ids[name] = id;
        // A queued message is due tomorrow, so no round claims (and sends) it; ticket and event as a check-in's.
        await sql`insert into sms_messages (id, tenant_id, channel_id, direction, kind, phone, body, status, event_id, ticket_id, next_attempt_at, created_at, updated_at)
          values (${id}, ${o.org.tenantId}, ${o.channelId}, ${r.direction}, 'sms', '+254711000111', ${`PIN 1234 ${name}`}, ${r.status},
            ${o.org.event.id}, ${ticketId}, now() + interval '1 day',
            now() - make_interval(days => ${r.ageDays}), now() - make_interval(days => ${r.ageDays}))`.execute(trx);
      }
    });
  }

  const present = async (ids: string[]): Promise<string[]> => (await asSystem(t.app.ctx.db, (trx) =>
    sql<{ id: string }>`select id from sms_messages where id = any(${ids}::uuid[])`.execute(trx))).rows.map((r) => r.id);

  it('takes its retention from SMS_LOG_RETENTION_DAYS and purges on its housekeeping interval, not every round', async () => {
    expect(sender.timing.retentionDays).toBe(RETENTION_DAYS);
    expect(sender.timing.housekeepingMs).toBe(10 * 60_000);
    for (const o of orgs) await insertRows(o, Object.keys(ROWS));
    // Started moments ago: the housekeeping interval has not passed, so a round deletes nothing.
    await sender.runOnce();
    expect(await present(orgs.flatMap((o) => Object.values(o.ids)))).toHaveLength(2 * Object.keys(ROWS).length);
  });

  it('deletes old messages in every terminal state of every organizer, keeps recent ones and old queued ones', async () => {
    const info = vi.spyOn(t.app.ctx.log, 'info');
    sender.configure({ housekeepingMs: 0 });
    await sender.runOnce();
    expect(info).toHaveBeenCalledWith({ messages: 2 * DELETED.length, retentionDays: RETENTION_DAYS }, 'purged old sms messages');
    for (const o of orgs) {
      const left = await present(Object.values(o.ids));
      for (const name of DELETED) expect(left, `${name} of ${o.org.tenantId}`).not.toContain(o.ids[name]);
      for (const name of KEPT) expect(left, `${name} of ${o.org.tenantId}`).toContain(o.ids[name]);
    }
    // The console's log still answers, with what is kept; the ticket the messages named is untouched.
    for (const o of orgs) {
      const log = await t.app.inject({ method: 'GET', url: `/api/v1/sms-channels/${o.channelId}/messages`, headers: bearer(o.manager) });
      expect(log.statusCode).toBe(200);
      expect(new Set(log.json().messages.map((m: { id: string }) => m.id))).toEqual(new Set(KEPT.map((n) => o.ids[n])));
      const tickets = await asSystem(t.app.ctx.db, (trx) => sql<{ n: number }>`select count(*)::int as n from tickets where id = ${o.org.tickets[0]!.id}`.execute(trx));
      expect(tickets.rows[0]!.n).toBe(1);
    }
    // Nothing left to delete: a quiet round logs nothing.
    info.mockClear();
    await sender.runOnce();
    expect(info).not.toHaveBeenCalledWith(expect.anything(), 'purged old sms messages');
    info.mockRestore();
  });
});

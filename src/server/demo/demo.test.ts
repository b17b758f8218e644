import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTicketToken } from '../../core/index.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { verifyPassword } from '../auth/password.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { systemCaller } from '../auth/caller.ts';
import { deleteTicketType } from '../ticket-types/ticket-types.service.ts';
import { seedDemo, type DemoInfo } from './demo.service.ts';

describe(`demo data (${testDatabaseKind})`, () => {
  let t: TestApp;
  let first: DemoInfo;
  beforeAll(async () => {
    t = await createTestApp();
    first = await seedDemo(t.app.ctx, { tickets: 120 });
  });
  afterAll(async () => { await t.close(); });

  it('creates the venue with zones GA ⊂ VIP ⊂ BACKSTAGE and gates Main, VIP, Backstage', async () => {
    expect(first.gates.map((g) => [g.name, g.zone])).toEqual([['Main', 'GA'], ['VIP', 'VIP'], ['Backstage', 'BACKSTAGE']]);
    const zones = await withTenant(t.app.ctx.db, first.tenantId, (trx) => trx.selectFrom('zones as z').leftJoin('zones as p', 'p.id', 'z.parent_id')
      .select(['z.code', 'p.code as parent']).orderBy('z.code').execute());
    expect(zones).toEqual([{ code: 'BACKSTAGE', parent: null }, { code: 'GA', parent: 'VIP' }, { code: 'VIP', parent: 'BACKSTAGE' }]);
  });

  it('creates an event happening now with four ticket types, one of them with a rotating QR only', async () => {
    const event = await withTenant(t.app.ctx.db, first.tenantId, (trx) => trx.selectFrom('events').selectAll().executeTakeFirstOrThrow());
    expect(event.doors_open_at.getTime()).toBeLessThan(Date.now());
    expect(event.ends_at.getTime()).toBeGreaterThan(Date.now());
    expect(new Set(first.tickets.map((x) => x.type))).toEqual(new Set(['General Admission', 'VIP', 'Crew', 'Phone Pass']));
    const types = await withTenant(t.app.ctx.db, first.tenantId, (trx) => trx.selectFrom('ticket_types').select(['name', 'allow_static']).orderBy('type_no').execute());
    expect(types).toEqual([
      { name: 'General Admission', allow_static: true }, { name: 'VIP', allow_static: true },
      { name: 'Crew', allow_static: true }, { name: 'Phone Pass', allow_static: false },
    ]);
  });

  it('is built through the setup services: each step is in the audit log, as a route call would be', async () => {
    const actions = await withTenant(t.app.ctx.db, first.tenantId, (trx) => trx.selectFrom('audit_log').select('action').execute());
    const counts = new Map<string, number>();
    for (const a of actions) counts.set(a.action, (counts.get(a.action) ?? 0) + 1);
    expect(Object.fromEntries(['organizer.created', 'venue.created', 'zone.created', 'gate.created', 'event.created', 'ticket_type.created', 'staff.created']
      .map((k) => [k, counts.get(k) ?? 0]))).toEqual({
      'organizer.created': 1, 'venue.created': 1, 'zone.created': 3, 'gate.created': 3, 'event.created': 1, 'ticket_type.created': 4, 'staff.created': 1,
    });
  });

  it('gives every ticket a distinct serial, code, PIN and a signed QR naming its serial', () => {
    expect(first.tickets).toHaveLength(120);
    for (const key of ['serial', 'code', 'pin', 'qr'] as const) expect(new Set(first.tickets.map((x) => x[key])).size).toBe(120);
    for (const x of first.tickets) {
      const parsed = parseTicketToken(x.qr);
      expect(parsed.ok && parsed.payload.serial).toBe(x.serial);
    }
  });

  it('works as logins: organizer and door staff passwords verify', async () => {
    const rows = await asSystem(t.app.ctx.db, (trx) => trx.selectFrom('staff').select(['email', 'password_hash', 'role']).where('tenant_id', '=', first.tenantId).execute());
    const organizer = rows.find((r) => r.email === first.organizer.email)!;
    expect(organizer.role).toBe('owner');
    expect(await verifyPassword(first.organizer.password, organizer.password_hash)).toBe(true);
    expect(await verifyPassword(first.staff.password, rows.find((r) => r.email === first.staff.email)!.password_hash)).toBe(true);
  });

  it('is idempotent: a rerun keeps the tickets, tops up to the count, and changes the passwords', async () => {
    const again = await seedDemo(t.app.ctx, { tickets: 130 });
    expect(again.tenantId).toBe(first.tenantId);
    expect(again.eventId).toBe(first.eventId);
    expect(again.tickets).toHaveLength(130);
    expect(again.tickets.slice(0, 120).map((x) => x.qr)).toEqual(first.tickets.map((x) => x.qr));
    expect(again.organizer.password).not.toBe(first.organizer.password);
  });
});

describe(`demo data from an older demo (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('a rerun adds the ticket types the older demo lacked and issues the phone passes', async () => {
    const first = await seedDemo(t.app.ctx, { tickets: 0 });
    const phonePass = await withTenant(t.app.ctx.db, first.tenantId, (trx) => trx.selectFrom('ticket_types').select('id').where('name', '=', 'Phone Pass').executeTakeFirstOrThrow());
    await deleteTicketType(t.app.ctx, systemCaller(first.tenantId), first.eventId, phonePass.id);
    const again = await seedDemo(t.app.ctx, { tickets: 50 });
    expect(again.tickets.filter((x) => x.type === 'Phone Pass').map((x) => x.serial)).toHaveLength(1);
  });
});

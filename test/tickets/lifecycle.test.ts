import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketState } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { ScanInput } from '../../src/server/judging/scan-input.ts';
import { scanAtDoor } from '../attendee/support/door.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer } from './support.ts';

interface TicketJson { id: string; serial: number; status: string; code: string; pin: string; qr: string; link: string; replacedBy: string | null; holder: { name: string } }

describe(`ticket lifecycle: cancel, refund, transfer, resend (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  let manager: Record<string, string>;
  const main = () => ({ gateId: f.gate('Main'), gateZone: 'GA' });
  const act = (ticketId: string, verb: string, payload?: object) => t.app.inject({
    method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${ticketId}/${verb}`, headers: manager, ...(payload ? { payload } : {}),
  });
  let door: Record<string, string>;
  /** The online check-in path: POST /scans from a door phone paired at the venue. */
  const scanOnline = async (input: ScanInput, direction: 'in' | 'out' = 'in') => {
    const body = input.kind === 'qr' ? { qr: input.qr } : input.kind === 'code' ? { code: input.code } : input.kind === 'pin' || input.kind === 'sms' ? { pin: input.pin } : { serial: input.serial };
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${f.eventId}/scans`, headers: door,
      payload: { scanId: randomUUID(), gateId: f.gate('Main'), direction, ...body },
    });
    if (res.statusCode !== 200) throw new Error(`scan: ${res.statusCode} ${res.body}`);
    const answer = res.json() as { verdict: string; reason: string };
    return { verdict: answer.verdict, reason: answer.reason };
  };
  const row = (id: string) => withTenant(t.app.ctx.db, f.tenantId, (trx) =>
    trx.selectFrom('tickets').select(['status', 'state', 'entry_count', 'replaced_by']).where('id', '=', id).executeTakeFirstOrThrow());
  const auditActions = (subjectId: string) => withTenant(t.app.ctx.db, f.tenantId, async (trx) =>
    (await trx.selectFrom('audit_log').select('action').where('subject_id', '=', subjectId).orderBy('id').execute()).map((r) => r.action));

  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
    manager = await bearer(t.app, f, 'manager');
    const code = await t.app.inject({ method: 'POST', url: `/api/v1/venues/${f.venue.id}/device-setup-codes`, headers: manager, payload: { kind: 'door' } });
    const pair = await t.app.inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode: code.json().setupCode } });
    const login = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login',
      payload: { email: f.users.manager.email, password: f.users.manager.password, deviceToken: pair.json().deviceToken },
    });
    if (login.statusCode !== 200) throw new Error(`door login: ${login.statusCode} ${login.body}`);
    door = { authorization: `Bearer ${login.json().accessToken}` };
  });
  afterAll(async () => { await t?.close(); });

  it('transfer: the old QR, code and PIN are refused as transferred at once; the new ticket is admitted', async () => {
    const [old] = await f.issue([{ holderName: 'Original Holder', holderEmail: 'orig@example.ng', orderRef: 'ORD-9' }]);
    const changeSeq = async () => withTenant(t.app.ctx.db, f.tenantId, async (trx) =>
      Number((await trx.selectFrom('ticket_changes').select((eb) => eb.fn.max('seq').as('seq')).where('ticket_id', '=', old!.id).executeTakeFirstOrThrow()).seq));
    const seqBefore = await changeSeq();
    const res = await act(old!.id, 'transfer', { name: 'New Holder', email: 'new@example.ng', phone: '08035556666' });
    expect(res.statusCode).toBe(200);
    const { previous, ticket, emailed } = res.json() as { previous: TicketJson; ticket: TicketJson; emailed: boolean };
    expect(emailed).toBe(false); // no SMTP on this server
    expect(previous).toMatchObject({ id: old!.id, status: 'transferred', replacedBy: ticket.id });
    expect(ticket).toMatchObject({ status: 'valid', holder: { name: 'New Holder' }, orderRef: 'ORD-9' });
    expect(ticket.serial).not.toBe(old!.serial);
    expect(ticket.qr).not.toBe(old!.qr);
    expect(ticket.code).not.toBe(old!.code);
    expect(ticket.pin).not.toBe(old!.pin);
    expect(ticket.link).not.toBe(old!.link);

    // Offline verifier (manifest state + held digest) and the online check-in path agree.
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, old!.qr, main())).toEqual({ verdict: 'refused', reason: 'transferred' });
    expect(await scanOnline({ kind: 'qr', qr: old!.qr })).toEqual({ verdict: 'refused', reason: 'transferred' });
    expect(await scanOnline({ kind: 'code', code: old!.code })).toEqual({ verdict: 'refused', reason: 'transferred' });
    expect(await scanOnline({ kind: 'pin', pin: old!.pin })).toEqual({ verdict: 'refused', reason: 'transferred' });
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, ticket.qr, main())).toEqual({ verdict: 'admitted', reason: 'admitted' });
    expect(await scanOnline({ kind: 'qr', qr: ticket.qr })).toEqual({ verdict: 'admitted', reason: 'admitted' });

    const stored = await row(old!.id);
    expect(stored.status).toBe('transferred');
    // The revocation travels in the next manifest delta: the ticket moved past the phones' cursor.
    expect(await changeSeq()).toBeGreaterThan(seqBefore);
    expect((stored.state as TicketState).status).toBe('transferred');
    expect(await auditActions(old!.id)).toEqual(['ticket.transferred']);
    // A transferred ticket cannot be transferred (or cancelled) again.
    expect((await act(old!.id, 'transfer', { name: 'Third Person' })).json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await act(old!.id, 'cancel')).statusCode).toBe(409);
  });

  it('transfer keeps the entries already used, and is refused while the holder is inside', async () => {
    const [used] = await f.issue(1);
    expect(await scanOnline({ kind: 'qr', qr: used!.qr })).toMatchObject({ verdict: 'admitted' });
    const inside = await act(used!.id, 'transfer', { name: 'Too Early' });
    expect(inside.statusCode).toBe(409);
    expect(inside.json()).toMatchObject({ error: { message: expect.stringContaining('inside') } });
    expect(await scanOnline({ kind: 'qr', qr: used!.qr }, 'out')).toMatchObject({ verdict: 'exited' });

    const { ticket } = (await act(used!.id, 'transfer', { name: 'Second Holder' })).json() as { ticket: TicketJson };
    const fresh = await row(ticket.id);
    expect(fresh.entry_count).toBe(1);
    expect((fresh.state as TicketState)).toMatchObject({ entryCount: 1, presence: 'outside', status: 'valid' });
    expect(await scanOnline({ kind: 'qr', qr: ticket.qr })).toMatchObject({ verdict: 'admitted' });
  });

  it('cancel and refund: refused at the door with that reason, status and engine state kept equal, audited', async () => {
    const [a, b] = await f.issue(2);
    const cancelled = await act(a!.id, 'cancel');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: a!.id, status: 'cancelled' });
    expect(await scanOnline({ kind: 'qr', qr: a!.qr })).toEqual({ verdict: 'refused', reason: 'cancelled' });
    expect(await scanAtDoor(t.app.ctx, f.tenantId, f.eventId, a!.qr, main())).toEqual({ verdict: 'refused', reason: 'cancelled' });
    // Cancelling twice is a conflict; refunding a cancelled ticket is allowed.
    expect((await act(a!.id, 'cancel')).statusCode).toBe(409);
    expect((await act(a!.id, 'refund')).json()).toMatchObject({ status: 'refunded' });
    expect(await auditActions(a!.id)).toEqual(['ticket.cancelled', 'ticket.refunded']);

    expect((await act(b!.id, 'refund')).json()).toMatchObject({ status: 'refunded' });
    const stored = await row(b!.id);
    expect([stored.status, (stored.state as TicketState).status]).toEqual(['refunded', 'refunded']);
    expect(await scanOnline({ kind: 'pin', pin: b!.pin })).toEqual({ verdict: 'refused', reason: 'refunded' });
  });

  it('resend without SMTP answers 503 not_configured, never a fake success', async () => {
    const [ticket] = await f.issue([{ holderName: 'Mail Me', holderEmail: 'mail@example.ng' }]);
    const res = await act(ticket!.id, 'resend');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'not_configured' } });
    expect(await auditActions(ticket!.id)).toEqual([]);
  });

  it('answers 404 for a ticket of another event and refuses door staff', async () => {
    const other = await createEventFixture(t.app.ctx);
    const [foreign] = await other.issue(1);
    expect((await act(foreign!.id, 'cancel')).statusCode).toBe(404);
    const [mine] = await f.issue(1);
    const staff = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${f.eventId}/tickets/${mine!.id}/cancel`, headers: await bearer(t.app, f, 'staff'),
    });
    expect(staff.statusCode).toBe(403);
    expect((await row(mine!.id)).status).toBe('valid');
  });
});

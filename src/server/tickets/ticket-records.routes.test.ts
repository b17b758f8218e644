import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { issueTickets, type IssuedTicket } from './ticket-issuance.service.ts';
import { ticketMatch } from './ticket-records.service.ts';

/**
 * The organizer's ticket records: the list searched by name, email, phone, order reference, code
 * and serial, and one ticket's scan history — admitted, refused, offline and undone scans — as a
 * manager reads them; door staff are refused (contact details), another organizer finds nothing.
 */
describe(`ticket list and scan history (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let manager: Session;
  let door: Session;
  let ada: IssuedTicket;
  let bola: IssuedTicket;
  const scans: Record<string, string> = {};
  const get = (url: string, who: Session = manager) => t.app.inject({ method: 'GET', url, headers: bearer(who) });
  const search = async (q: string, extra = '') => {
    const res = await get(`/api/v1/events/${org.event.id}/tickets/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: string; serial: number; holder: { name: string; email: string | null; phone: string | null } }[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 3, template: 'conference-single-entry' });
    other = await seedOrg(t.app, { tickets: 1 });
    manager = await loginAs(t.app, org.staff.manager.email);
    door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    [ada, bola] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [
      { typeNo: 1, holderName: 'Ada Obi', holderEmail: 'ada.obi@example.ng', holderPhone: '+2348031234567', orderRef: 'SHOP-7781' },
      { typeNo: 2, holderName: 'Bola Ade', holderEmail: 'bola@example.ng' },
    ]) as [IssuedTicket, IssuedTicket];
    const gate = org.venue.gates.find((g) => g.name === 'Main')!.id;
    const scan = async (key: string, ticket: IssuedTicket, expected: string) => {
      const scanId = randomUUID();
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(door), payload: { scanId, qr: ticket.qr, gateId: gate, direction: 'in' } });
      expect(res.json().reason, key).toBe(expected);
      scans[key] = scanId;
    };
    await scan('adaIn', ada, 'admitted');
    await scan('bolaIn', bola, 'admitted');
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans/${scans.bolaIn}/undo`, headers: bearer(manager) });
    expect(undo.statusCode, undo.body).toBe(200);
    // From another phone: outside the same-device duplicate window, so judged on the ticket's state.
    const door2 = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const scanId = randomUUID();
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(door2), payload: { scanId, qr: ada.qr, gateId: gate, direction: 'in' } });
    expect(again.json().reason).toBe('already_inside');
    scans.adaAgain = scanId;
    scans.offline = randomUUID();
    const upload = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans/batch`, headers: bearer(door2),
      payload: { sentAt: Date.now(), scans: [{ scanId: scans.offline, qr: bola.qr, gateId: gate, direction: 'in', scannedAt: Date.now() - 1000, verdict: 'admitted', reason: 'admitted' }] },
    });
    expect(upload.json().results[0].status, upload.body).toBe('accepted');
  }, 60_000);
  afterAll(async () => { await t?.close(); });

  it('finds a ticket by a part of its name, email, order reference, phone as typed, code and serial', async () => {
    const ids = async (q: string) => (await search(q)).items.map((i) => i.id);
    expect(await ids('obi')).toEqual([ada.id]);
    expect(await ids('ADA.OBI@example')).toEqual([ada.id]);
    expect(await ids('shop-77')).toEqual([ada.id]);
    expect(await ids('0803 123 4567')).toEqual([ada.id]);
    expect(await ids(ada.code.toLowerCase().replace('-', ' '))).toContain(ada.id);
    expect(await ids(String(bola.serial))).toContain(bola.id);
    expect(await ids('nobody-like-this')).toEqual([]);
    // A LIKE wildcard is a character like any other.
    expect(await ids('%')).toEqual([]);
    const hit = (await search('obi')).items[0]!;
    expect(hit).toMatchObject({ serial: ada.serial, status: 'valid', presence: 'inside', entryCount: 1, type: { no: 1 }, orderRef: 'SHOP-7781', code: ada.code,
      holder: { name: 'Ada Obi', email: 'ada.obi@example.ng', phone: '+2348031234567' } });
    expect(hit).not.toHaveProperty('pin');
  });

  it('lists every ticket newest first, page by page', async () => {
    const first = await search('', '&limit=2');
    expect(first.items.map((i) => i.id)).toEqual([bola.id, ada.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await search('', `&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.serial)).toEqual([org.tickets[2]!.serial, org.tickets[1]!.serial]);
    const last = await search('', `&limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((i) => i.serial)).toEqual([org.tickets[0]!.serial]);
    expect(last.nextCursor).toBeNull();
    expect((await get(`/api/v1/events/${org.event.id}/tickets/search?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('gives a ticket’s whole history: admitted, refused, undone and offline scans, with gate, device and staff', async () => {
    const res = await get(`/api/v1/events/${org.event.id}/tickets/${ada.id}/scans`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items.map((s: { id: string }) => s.id)).toEqual([scans.adaIn, scans.adaAgain]);
    expect(items[0]).toMatchObject({ verdict: 'admitted', reason: 'admitted', gate: 'Main', zone: 'General', staff: 'door', moved: true, undoneAt: null, offline: false, direction: 'in', input: 'qr' });
    expect(items[0].device).toEqual(expect.any(String));
    expect(items[1]).toMatchObject({ verdict: 'refused', reason: 'already_inside', moved: false });

    // Two pages of one: the cursor carries on where the first stopped.
    const page1 = (await get(`/api/v1/events/${org.event.id}/tickets/${bola.id}/scans?limit=1`)).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (await get(`/api/v1/events/${org.event.id}/tickets/${bola.id}/scans?limit=1&cursor=${page1.nextCursor}`)).json();
    const bolas = [...page1.items, ...page2.items];
    expect(bolas.map((s) => s.id).sort()).toEqual([scans.bolaIn, scans.offline].sort());
    expect(bolas.find((s) => s.id === scans.bolaIn)).toMatchObject({ verdict: 'admitted', offline: false, undoneAt: expect.any(String) });
    expect(bolas.find((s) => s.id === scans.offline)).toMatchObject({ offline: true, conflict: false, serverVerdict: 'admitted', moved: true, undoneAt: null });
  });

  it('refuses door staff (contact details), and answers 404 for another organizer or another event’s ticket', async () => {
    expect((await get(`/api/v1/events/${org.event.id}/tickets/search?q=obi`, door)).statusCode).toBe(403);
    expect((await get(`/api/v1/events/${org.event.id}/tickets/${ada.id}/scans`, door)).statusCode).toBe(403);
    const outsider = await loginAs(t.app, other.staff.manager.email);
    expect((await get(`/api/v1/events/${org.event.id}/tickets/search?q=obi`, outsider)).statusCode).toBe(404);
    expect((await get(`/api/v1/events/${org.event.id}/tickets/${ada.id}/scans`, outsider)).statusCode).toBe(404);
    // Their own event, our ticket's id: still nothing.
    const cross = await get(`/api/v1/events/${other.event.id}/tickets/${ada.id}/scans`, outsider);
    expect(cross.statusCode).toBe(404);
    expect((await get(`/api/v1/events/${org.sideEvent.id}/tickets/${ada.id}/scans`)).statusCode).toBe(404);
    expect((await get(`/api/v1/events/${other.event.id}/tickets/search?q=obi`, outsider)).json().items).toEqual([]);
  });

  it('reads a search text for what it may be', () => {
    expect(ticketMatch('  ')).toBeNull();
    expect(ticketMatch('k7qf 93')).toMatchObject({ codePrefix: 'K7QF93', phoneDigits: null, serial: null });
    expect(ticketMatch('+234 803-123')).toMatchObject({ phoneDigits: '234803123', codePrefix: null });
    expect(ticketMatch('42')).toMatchObject({ serial: 42, codePrefix: '42' });
    expect(ticketMatch('50%_off')!.text).toBe('50\\%\\_off');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/database.ts';
import { bearer, doorSession, loginAs, seedOrg, withoutDuplicateWindow, type Org, type Session } from '../authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';

/**
 * Attention notes: a ticket type's or one ticket's note for door staff. Set by managers only,
 * shown with the verdict to door devices, kept with the scan, never on the attendee's page.
 */
describe(`attention notes (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let manager: Session;
  let door: Session;
  let typeIds: Record<number, string>;
  const tickets = (suffix = '') => `/api/v1/events/${org.event.id}/tickets${suffix}`;
  const noteUrl = (ticketId: string, eventId = org.event.id) => `/api/v1/events/${eventId}/tickets/${ticketId}/attention-note`;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 8 });
    other = await seedOrg(t.app, { tickets: 1 });
    await withoutDuplicateWindow(t.app, org);
    manager = await loginAs(t.app, org.staff.manager.email);
    door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/ticket-types`, headers: bearer(manager) });
    typeIds = Object.fromEntries(list.json().items.map((i: { typeNo: number; id: string }) => [i.typeNo, i.id]));
  });
  afterAll(async () => { await t?.close(); });

  const setNote = (s: Session, ticketId: string, note: unknown, eventId = org.event.id) =>
    t.app.inject({ method: 'PUT', url: noteUrl(ticketId, eventId), headers: bearer(s), payload: { note } });
  const scan = (qr: string, s: Session = door) => t.app.inject({
    method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(s),
    payload: { scanId: randomUUID(), gateId: org.venue.gates.find((g) => g.name === 'Main')!.id, direction: 'in', qr },
  });

  it('sets, trims and clears a ticket’s note; refuses blank, too long and control characters', async () => {
    const ticket = org.tickets[0]!;
    const set = await setNote(manager, ticket.id, '  Uses a wheelchair — ramp gate  ');
    expect(set.statusCode).toBe(200);
    expect(set.json().attentionNote).toBe('Uses a wheelchair — ramp gate');
    expect((await t.app.inject({ method: 'GET', url: tickets(`/${ticket.id}`), headers: bearer(manager) })).json().attentionNote)
      .toBe('Uses a wheelchair — ramp gate');
    for (const bad of ['   ', 'x'.repeat(201), 'two\nlines', 'bell\u0007', 'c1\u0085', 42]) {
      const res = await setNote(manager, ticket.id, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed' });
      expect(res.json().error.details).toBeDefined();
    }
    const cleared = await setNote(manager, org.tickets[1]!.id, null);
    expect(cleared.json().attentionNote).toBeNull();
    const audit = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['action', 'detail'])
      .where('subject_id', '=', ticket.id).where('action', 'like', 'ticket.note%').execute());
    expect(audit.map((a) => a.action)).toEqual(['ticket.note_set']);
    // The audit log says that the note changed, never what it says.
    expect(JSON.stringify(audit)).not.toContain('wheelchair');
    const history = await t.app.inject({ method: 'GET', url: tickets(`/${ticket.id}/history`), headers: bearer(manager) });
    expect(history.json().entries.map((e: { action: string }) => e.action)).toEqual(['note_set']); // seedOrg issues without the API's audit entry
    // Saving the same note again changes nothing and is not audited twice.
    await setNote(manager, ticket.id, 'Uses a wheelchair — ramp gate');
    expect((await t.app.inject({ method: 'GET', url: tickets(`/${ticket.id}/history`), headers: bearer(manager) })).json().entries).toHaveLength(1);
  });

  it('lets only managers set notes; another organizer’s ticket is not found', async () => {
    const ticket = org.tickets[2]!;
    expect((await setNote(door, ticket.id, 'VIP')).statusCode).toBe(403);
    const foreign = await loginAs(t.app, other.staff.manager.email);
    expect((await setNote(foreign, ticket.id, 'VIP')).statusCode).toBe(404);
    expect((await setNote(manager, other.tickets[0]!.id, 'VIP')).statusCode).toBe(404);
    expect((await t.app.inject({
      method: 'PATCH', url: `/api/v1/events/${org.event.id}/ticket-types/${typeIds[1]}`, headers: bearer(door), payload: { attentionNote: 'x' },
    })).statusCode).toBe(403);
  });

  it('issues tickets with a note and keeps a note on ticket types', async () => {
    const issued = await t.app.inject({ method: 'POST', url: tickets(), headers: bearer(manager), payload: {
      tickets: [{ type: 1, name: 'Ngozi Speaker', attentionNote: 'Speaker — send to the green room' }, { type: 1, name: 'Plain Guest' }],
    } });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().tickets.map((x: { attentionNote: unknown }) => x.attentionNote)).toEqual(['Speaker — send to the green room', null]);
    const bad = await t.app.inject({ method: 'POST', url: tickets(), headers: bearer(manager), payload: { tickets: [{ type: 1, name: 'A', attentionNote: '' }] } });
    expect(bad.statusCode).toBe(400);

    const patched = await t.app.inject({
      method: 'PATCH', url: `/api/v1/events/${org.event.id}/ticket-types/${typeIds[2]}`, headers: bearer(manager), payload: { attentionNote: ' VIP: escort to the lounge ' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().attentionNote).toBe('VIP: escort to the lounge');
    const created = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/ticket-types`, headers: bearer(manager), payload: {
      name: 'Crew', zones: ['GA'], attentionNote: 'Crew: wristband at the desk',
    } });
    expect(created.statusCode).toBe(201);
    expect(created.json().attentionNote).toBe('Crew: wristband at the desk');
    const tooLong = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/ticket-types`, headers: bearer(manager), payload: {
      name: 'Long', zones: ['GA'], attentionNote: 'x'.repeat(201),
    } });
    expect(tooLong.statusCode).toBe(400);
  });

  it('shows the ticket’s own note, else its type’s, with the verdict, and keeps it in the scan history', async () => {
    const own = org.tickets[0]!; // note set above, type General (no type note)
    const admitted = await scan(own.qr);
    expect(admitted.json()).toMatchObject({ verdict: 'admitted', attentionNote: 'Uses a wheelchair — ramp gate' });
    const refused = await scan(own.qr);
    expect(refused.json()).toMatchObject({ verdict: 'refused', attentionNote: 'Uses a wheelchair — ramp gate' });

    const vip = org.tickets[3]!; // type VIP, whose note was set above
    expect((await scan(vip.qr)).json()).toMatchObject({ attentionNote: 'VIP: escort to the lounge' });
    // Without any note the answer is as it always was.
    expect((await scan(org.tickets[4]!.qr)).json()).not.toHaveProperty('attentionNote');

    const history = await t.app.inject({ method: 'GET', url: tickets(`/${own.id}/scans`), headers: bearer(manager) });
    expect(history.json().items.map((s: { attentionNote: unknown }) => s.attentionNote))
      .toEqual(['Uses a wheelchair — ramp gate', 'Uses a wheelchair — ramp gate']);
  });

  it('never shows a note to a kiosk or on the attendee’s own page', async () => {
    const ticket = org.tickets[5]!;
    await setNote(manager, ticket.id, 'Check ID: banned last year');
    const kiosk = await doorSession(t.app, manager, org.staff.door.email, org.venue.id, 'kiosk');
    const answer = await scan(ticket.qr, kiosk);
    expect(answer.json().verdict).toBe('admitted');
    expect(answer.json()).not.toHaveProperty('attentionNote');
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/attendee/t/${ticket.linkSecret}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('banned');
    expect(page.body).not.toContain('attentionNote');
  });
});

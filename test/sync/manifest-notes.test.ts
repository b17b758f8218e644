import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlToBytes, openSealedNote } from '../../src/core/index.ts';
import { withTenant } from '../../src/server/db/database.ts';
import type { IssuedTicket } from '../../src/server/tickets/ticket-issuance.service.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { auth, manifestPage, syncWorld, type Phone, type SyncWorld } from './sync-helpers.ts';

type NotesJson = { notes?: [number, number, string][]; types: { typeNo: number; attentionNote?: string }[] };
const NOTE = 'Uses a wheelchair — ramp gate';

/**
 * Attention notes in the manifest (sync format 4, decision 0008): a ticket's own note sealed under
 * its QR like the name, so a lost phone without the QR shows nothing; the type's note beside the
 * type's name; nothing for kiosks, nothing for phones that did not ask for format 4.
 */
describe(`attention notes in manifests (${testDatabaseKind})`, () => {
  let t: TestApp;
  let w: SyncWorld;
  let door: Phone;
  let noted: IssuedTicket;
  let plain: IssuedTicket;
  beforeAll(async () => {
    t = await createTestApp();
    w = await syncWorld(t.app);
    [noted, plain] = await w.f.issue([{ holderName: 'Chidinma Nwachukwu', attentionNote: NOTE }, { holderName: 'Kofi Mensah' }]) as [IssuedTicket, IssuedTicket];
    await withTenant(t.app.ctx.db, w.f.tenantId, (trx) => trx.updateTable('ticket_types').set({ attention_note: 'Wristband at the desk' })
      .where('event_id', '=', w.f.eventId).where('type_no', '=', 1).execute());
    door = await w.phone();
  });
  afterAll(async () => { await t?.close(); });

  const notesOf = (json: unknown) => (json as NotesJson).notes ?? [];

  it('seals a ticket’s note so that only its own QR opens it', async () => {
    const page = await manifestPage(t.app, door, w.f.eventId, { format: 4 });
    expect(page.json).toMatchObject({ format: 4 });
    expect(page.text).not.toContain('wheelchair');
    const notes = notesOf(page.json);
    expect(notes.map((n) => n[0])).toEqual([noted.serial]);
    const [serial, version, ciphertext] = notes[0]!;
    const sealed = { nameVersion: version, ciphertext: base64UrlToBytes(ciphertext)! };
    expect(openSealedNote(sealed, noted.qr, w.f.eventId, serial)).toBe(NOTE);
    // Any other QR — another ticket's, valid and signed by the same key — yields noise, not the note.
    expect(openSealedNote(sealed, plain.qr, w.f.eventId, serial)).not.toBe(NOTE);
    // The type's note is for a class of tickets, not a person: it travels beside the type's name.
    expect((page.json as unknown as NotesJson).types.find((x) => x.typeNo === 1)?.attentionNote).toBe('Wristband at the desk');
  });

  it('sends no notes to a kiosk or to a phone reading an older format, and starts over when a phone moves to format 4', async () => {
    const kiosk = await w.phone({ kind: 'kiosk' });
    // A kiosk gets no manifest at all (it checks in online only); the server also never seals notes for one.
    const forKiosk = await manifestPage(t.app, kiosk, w.f.eventId, { format: 4 });
    expect(forKiosk.res.statusCode).toBe(403);
    expect(forKiosk.text).not.toContain('Wristband');
    const older = await manifestPage(t.app, door, w.f.eventId, { format: 3 });
    expect(older.json).not.toHaveProperty('notes');
    expect(older.text).not.toContain('Wristband');
    // A phone moving from format 3 to 4 starts a fresh snapshot: its replica lacks the notes.
    const upgraded = await manifestPage(t.app, door, w.f.eventId, { format: 4, since: older.json!.cursor });
    expect(upgraded.json).toMatchObject({ full: true, reset: true });
  });

  it('brings a changed note in the next delta, sealed anew', async () => {
    const first = await manifestPage(t.app, door, w.f.eventId, { format: 4 });
    const set = await t.app.inject({
      method: 'PUT', url: `/api/v1/events/${w.f.eventId}/tickets/${plain.id}/attention-note`, headers: auth(w.manager), payload: { note: 'Speaker — green room' },
    });
    expect(set.statusCode).toBe(200);
    const delta = await manifestPage(t.app, door, w.f.eventId, { format: 4, since: first.json!.cursor });
    expect(delta.json).toMatchObject({ full: false, ticketCount: 1 });
    const [entry] = notesOf(delta.json);
    expect(entry![0]).toBe(plain.serial);
    expect(openSealedNote({ nameVersion: entry![1], ciphertext: base64UrlToBytes(entry![2])! }, plain.qr, w.f.eventId, plain.serial)).toBe('Speaker — green room');
  });
});

// Attention notes offline (sync format 4): a ticket's own note is sealed under its QR like the
// name, so the phone shows it when that QR is scanned and a lost phone shows nothing without it;
// a type's note (a class of tickets, like the type's name) is in the type list.
import { describe, expect, it } from 'vitest';
import { sealNote } from '../../../core/index.ts';
import { decideOffline } from './offline-verdict.ts';
import { b64u, deps, EVENT, replicaWith, scanAt, token, TYPES, type Guest } from './replica-fixture.ts';

const guests: Guest[] = [
  { serial: 3, name: 'Chidinma Nwachukwu' }, { serial: 4, name: 'Kofi Mensah' }, { serial: 5, typeNo: 2, name: 'Fatou Diop' },
];
const NOTE = 'Uses a wheelchair — ramp gate';
const sealed = sealNote(NOTE, token(3), EVENT, 3, 0);
const format4 = () => replicaWith(guests, {
  format: 4, notes: [[3, 0, b64u(sealed.ciphertext)]],
  types: TYPES.map((t) => (t.typeNo === 1 ? { ...t, attentionNote: 'Wristband at the desk' } : t)),
});

describe('attention notes on the phone', () => {
  it('opens a ticket’s own note with its QR, and shows its type’s note otherwise', async () => {
    const replica = format4();
    expect(await decideOffline(replica, scanAt({ qr: token(3) }), deps)).toMatchObject({ verdict: 'admitted', holderName: 'Chidinma Nwachukwu', attentionNote: NOTE });
    // No note of its own: its type's.
    expect(await decideOffline(replica, scanAt({ qr: token(4) }), deps)).toMatchObject({ verdict: 'admitted', attentionNote: 'Wristband at the desk' });
    const plain = await decideOffline(replicaWith(guests, { format: 4 }), scanAt({ qr: token(4) }), deps);
    expect(plain).not.toHaveProperty('attentionNote');
    expect(plain).not.toHaveProperty('attentionSealed');
  });

  it('keeps the note sealed without the QR: storage holds only ciphertext, a typed PIN only learns there is one', async () => {
    const replica = format4();
    const held = replica.tickets.get(3)!;
    expect(new TextDecoder().decode(held.sealedNote!.ciphertext)).not.toContain('wheelchair');
    expect(JSON.stringify([...replica.tickets.values()].map((t) => ({ ...t, sealedNote: t.sealedNote && [...t.sealedNote.ciphertext] })))).not.toContain('wheelchair');
    const byPin = await decideOffline(replica, scanAt({ pin: '100003' }), deps);
    expect(byPin).toMatchObject({ verdict: 'admitted', serial: 3, attentionSealed: true });
    expect(byPin).not.toHaveProperty('attentionNote');
    // Another ticket's QR (a valid one) does not open this ticket's note: each record opens with its own QR only.
    const other = await decideOffline(replica, scanAt({ qr: token(4) }), deps);
    expect(JSON.stringify(other)).not.toContain('wheelchair');
  });

  it('a format 3 page without notes leaves every ticket without one', async () => {
    const replica = replicaWith(guests, { format: 3 });
    expect(await decideOffline(replica, scanAt({ qr: token(3) }), deps)).not.toHaveProperty('attentionNote');
  });
});

// Sealed attention notes (sync format 4): round-trip with the ticket's own QR in any script, open
// to noise with any other QR, and never share a key stream with the name sealed beside them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSealedNote, sealName, sealNote } from './sync-seal.ts';
import { signTicketToken } from './token.ts';
import { utf8Encode } from './sync-bytes.ts';

const EVENT = '01990000-0000-7000-8000-000000000001';
const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 3);
const token = (serial: number) => signTicketToken({ kid: 9, serial, typeNo: 1, validFrom: 0, validUntil: 0 }, seed);

describe('sealed attention notes', () => {
  it('opens with the ticket’s QR, whatever the script', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(50), (note, serial, version) => {
      const qr = token(serial);
      const sealed = sealNote(note, qr, EVENT, serial, version);
      expect(sealed.ciphertext.length).toBe(utf8Encode(note).length);
      expect(openSealedNote(sealed, qr, EVENT, serial)).toBe(note);
    }), { numRuns: 50 });
    for (const note of ['Uses a wheelchair — ramp gate', 'ضيف متحدث — إلى الغرفة الخضراء', 'ተናጋሪ — ወደ አረንጓዴው ክፍል']) {
      expect(openSealedNote(sealNote(note, token(7), EVENT, 7, 0), token(7), EVENT, 7)).toBe(note);
    }
  });

  it('gives noise to another ticket’s QR, another event or another version', () => {
    const note = 'Speaker — send to the green room';
    const sealed = sealNote(note, token(7), EVENT, 7, 2);
    expect(openSealedNote(sealed, token(8), EVENT, 7)).not.toBe(note);
    expect(openSealedNote(sealed, token(7), '01990000-0000-7000-8000-000000000002', 7)).not.toBe(note);
    expect(openSealedNote({ ...sealed, nameVersion: 3 }, token(7), EVENT, 7)).not.toBe(note);
    expect(openSealedNote(sealed, 'not a token', EVENT, 7)).toBeNull();
  });

  it('uses a key stream of its own: the same text sealed as name and as note differ', () => {
    const text = 'adaeze okafor wheelchair user'; // not Title Case: the name is stored as UTF-8 too
    const name = sealName(text, token(7), EVENT, 7, 0);
    const note = sealNote(text, token(7), EVENT, 7, 0);
    expect(name.packed).toBe(false);
    expect(note.ciphertext).not.toEqual(name.ciphertext);
  });
});

// The manifest formats as the door phone meets them: ticket blocks round-trip exactly, sealed names
// open only with the ticket's own QR, lookup keys are stable, and corrupted blocks are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url, utf8Decode, utf8Encode } from './sync-bytes.ts';
import { codeLookupKey, decodeName, encodeName, openSealedName, pinLookupKey, sealName } from './sync-seal.ts';
import { decodeTicketBlock, encodeTicketBlock, MANIFEST_DIGEST_LENGTH, TicketBlockError, type ManifestRecord } from './sync-ticket-block.ts';
import type { TicketState } from './ticket-state.ts';
import { signTicketToken, tokenDigest, parseTicketToken } from './token.ts';
import { verifyTicketToken } from './token-verify.ts';
import { ed25519PublicKey } from './ed25519.ts';

const EVENT = '01990000-0000-7000-8000-000000000001';
const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
const types = [{ typeNo: 1, zones: ['GA'] }, { typeNo: 2, zones: ['VIP'], validFrom: 1_767_225_600_000, validUntil: null }];

function token(serial: number, typeNo = 1): string {
  return signTicketToken({ kid: 9, serial, typeNo, validFrom: 0, validUntil: 0 }, seed);
}

describe('bytes helpers', () => {
  it('base64url and UTF-8 round-trip any input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
    }));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      expect(utf8Decode(utf8Encode(text))).toBe(text);
      expect(utf8Encode(text)).toEqual(new Uint8Array(Buffer.from(text, 'utf8')));
    }));
    expect(base64UrlToBytes('ab$d')).toBeNull();
  });
});

describe('holder names', () => {
  it('packs Title Case names in 5 bits a character and keeps every other name exact', () => {
    for (const name of ['Adaeze Okafor', "Seán O'Brien", 'Mary-Jane Van Der Berg', 'McDonald Ama', 'DJ Spinall', 'Fatou Traoré', 'أمينة ديالو', 'a', 'Dr. Kofi Mensah, Jr.']) {
      const encoded = encodeName(name);
      expect(decodeName(encoded.packed, encoded.length, encoded.bytes)).toBe(name);
    }
    const packed = encodeName('Adaeze Okafor');
    expect(packed.packed).toBe(true);
    expect(packed.bytes.length).toBe(9); // 13 characters × 5 bits
    expect(encodeName('McDonald Ama').packed).toBe(false);
  });

  it('opens a sealed name with the ticket QR, and with nothing else', () => {
    const qr = token(42);
    const sealed = sealName('Wanjiru Kariuki', qr, EVENT, 42, 0);
    expect(openSealedName(sealed, qr, EVENT, 42)).toBe('Wanjiru Kariuki');
    // Another ticket's QR, or the right one for another serial/event, yields garbage, not the name.
    expect(openSealedName(sealed, token(43), EVENT, 42)).not.toBe('Wanjiru Kariuki');
    expect(openSealedName(sealed, qr, EVENT.replace(/1$/, '2'), 42)).not.toBe('Wanjiru Kariuki');
    // The ciphertext contains nothing of the name.
    expect(utf8Decode(sealed.ciphertext).toLowerCase()).not.toContain('wanjiru');
    expect(openSealedName(sealed, 'K1:garbage', EVENT, 42)).toBeNull();
  });

  it('uses a fresh key stream when the name changes (name version)', () => {
    const qr = token(5);
    const a = sealName('Amani Baraka', qr, EVENT, 5, 0);
    const b = sealName('Imani Baraka', qr, EVENT, 5, 1);
    const xor = a.ciphertext.map((byte, i) => byte ^ b.ciphertext[i]!);
    const plainXor = encodeName('Amani Baraka').bytes.map((byte, i) => byte ^ encodeName('Imani Baraka').bytes[i]!);
    expect(xor).not.toEqual(plainXor);
    expect(openSealedName(b, qr, EVENT, 5)).toBe('Imani Baraka');
  });
});

describe('ticket block', () => {
  const stateArb = fc.record({
    serial: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    typeNo: fc.constantFrom(1, 2, 7),
    status: fc.constantFrom('valid', 'cancelled', 'refunded', 'transferred', 'void') as fc.Arbitrary<TicketState['status']>,
    inside: fc.boolean(),
    entryCount: fc.integer({ min: 0, max: 1000 }),
    lastEntryAt: fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), { nil: undefined }),
    days: fc.option(fc.array(fc.constantFrom('2026-01-01', '2026-01-02'), { maxLength: 3 }), { nil: undefined }),
    digest: fc.option(fc.uint8Array({ minLength: 8, maxLength: 8 }), { nil: undefined }),
    codeKey: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    pinKey: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    name: fc.option(fc.constantFrom('Kwame Mensah', 'Zoë Ndiaye', 'X'), { nil: undefined }),
  });

  it('round-trips any set of tickets exactly', () => {
    fc.assert(fc.property(fc.uniqueArray(stateArb, { selector: (s) => s.serial, maxLength: 40 }), (rows) => {
      const records: ManifestRecord[] = rows.map((r) => {
        const type = types.find((t) => t.typeNo === r.typeNo);
        const state: TicketState = {
          eventId: EVENT, serial: r.serial, typeNo: r.typeNo, status: r.status, presence: r.inside ? 'inside' : 'outside',
          entryCount: r.entryCount, zones: type ? [...type.zones] : [],
        };
        if (type?.validFrom) state.validFrom = type.validFrom;
        if (r.lastEntryAt !== undefined) {
          state.lastEntryAt = r.lastEntryAt;
          state.lastScan = { at: r.lastEntryAt, gateId: 'g1', direction: 'in', verdict: 'admitted', reason: 'admitted' };
        }
        if (r.days) state.entryDays = r.days;
        const rec: ManifestRecord = { state, codeKey: r.codeKey, pinKey: r.pinKey };
        if (r.digest) rec.digest = r.digest;
        if (r.name) rec.sealed = sealName(r.name, token(r.serial % 1000 + 1), EVENT, r.serial, 0);
        return rec;
      });
      const decoded = decodeTicketBlock(encodeTicketBlock(records, { eventId: EVENT, types }), { eventId: EVENT, types });
      expect(decoded).toEqual([...records].sort((a, b) => a.state.serial - b.state.serial));
    }), { numRuns: 60 });
  });

  it('lets a phone authenticate a scanned QR and open its name from the block alone', () => {
    const qr = token(77);
    const parsed = parseTicketToken(qr);
    if (!parsed.ok) throw new Error('token');
    const record: ManifestRecord = {
      state: { eventId: EVENT, serial: 77, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'] },
      digest: tokenDigest(parsed).subarray(0, MANIFEST_DIGEST_LENGTH), codeKey: codeLookupKey(EVENT, 'K7QF-93XM'), pinKey: pinLookupKey(EVENT, '482916'),
      sealed: sealName('Ngozi Eze', qr, EVENT, 77, 0),
    };
    const [held] = decodeTicketBlock(encodeTicketBlock([record], { eventId: EVENT, types }), { eventId: EVENT, types });
    const keys = () => ({ publicKey: ed25519PublicKey(seed) });
    const ok = verifyTicketToken(qr, keys, { heldDigest: () => held!.digest });
    expect(ok.ok && ok.authenticatedBy).toBe('held_digest');
    // A different token for the same serial (a forged or superseded one) does not match the digest.
    const other = signTicketToken({ kid: 9, serial: 77, typeNo: 2, validFrom: 0, validUntil: 0 }, seed);
    expect(verifyTicketToken(other, keys, { heldDigest: () => held!.digest })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openSealedName(held!.sealed!, qr, EVENT, 77)).toBe('Ngozi Eze');
    expect(held!.codeKey).toBe(codeLookupKey(EVENT, 'K7QF-93XM'));
    expect(held!.pinKey).toBe(pinLookupKey(EVENT, '482916'));
  });

  it('refuses truncated, padded or corrupted blocks as a whole', () => {
    const records: ManifestRecord[] = [1, 2, 3].map((serial) => ({
      state: { eventId: EVENT, serial, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['GA'] }, codeKey: serial, pinKey: serial,
    }));
    const block = encodeTicketBlock(records, { eventId: EVENT, types });
    const ctx = { eventId: EVENT, types };
    expect(() => decodeTicketBlock(block.subarray(0, block.length - 1), ctx)).toThrow(TicketBlockError);
    expect(() => decodeTicketBlock(new Uint8Array([...block, 0]), ctx)).toThrow(TicketBlockError);
    expect(() => decodeTicketBlock(new Uint8Array([2, ...block.subarray(1)]), ctx)).toThrow(TicketBlockError);
    const badStatus = block.slice();
    badStatus[3 + 3 + 3] = 7; // first flags byte: status 7 does not exist
    expect(() => decodeTicketBlock(badStatus, ctx)).toThrow(TicketBlockError);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase45, encodeBase45 } from './base45.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe('base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
    ['', ''],
  ])('encodes %j as the RFC example %j and back', (plain, encoded) => {
    expect(encodeBase45(utf8(plain))).toBe(encoded);
    expect(text(decodeBase45(encoded))).toBe(plain);
  });

  it.each([
    ['GGW', 'a 3-character group above 65535 (RFC §4.2 example)'],
    [':::', 'the largest 3-character group'],
    ['::', 'a final 2-character group above 255'],
    ['A', 'a length of 1 mod 3'],
    ['BB8B', 'a length of 1 mod 3 after a valid group'],
    ['bb8', 'lowercase'],
    ['BB#', 'a character outside the alphabet'],
    ['BB\u00e9', 'a non-ASCII character'],
    ['BB8\n', 'a newline'],
  ])('rejects %j (%s) with null', (input) => {
    expect(decodeBase45(input)).toBeNull();
  });

  it('round-trips any bytes, and decode accepts exactly the strings encode makes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = encodeBase45(bytes);
        expect(decodeBase45(encoded)).toEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'), maxLength: 60 }), (s) => {
        const decoded = decodeBase45(s);
        if (decoded !== null) expect(encodeBase45(decoded)).toBe(s);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void decodeBase45(s)));
  });
});

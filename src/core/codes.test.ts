import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkHumanCodeInput, HUMAN_CODE_ALPHABET, isPinFormat, isValidHumanCode, makeHumanCode, makePin, normalizeHumanCode } from './codes.ts';

const A = HUMAN_CODE_ALPHABET;

/** A valid code whose characters at the given positions have the given values. */
function codeWith(fixed: Map<number, number>): number[] {
  const values = Array.from({ length: 8 }, (_, i) => fixed.get(i) ?? (i * 7) % 31);
  // Solve the free position so that Σ (i+1)·v[i] ≡ 0 (mod 31) with the fixed values in place.
  const free = [7, 0, 1].find((p) => !fixed.has(p))!;
  for (let v = 0; v < 31; v++) {
    values[free] = v;
    if (values.reduce((sum, x, i) => sum + (i + 1) * x, 0) % 31 === 0) return values;
  }
  throw new Error('unsolvable');
}
const text = (values: number[]) => values.map((v) => A[v]).join('');

describe('human code', () => {
  it('uses a 31-character alphabet without 0, O, 1, I or L', () => {
    expect(A).toHaveLength(31);
    expect(A).not.toMatch(/[01OIL]/);
    expect(new Set(A).size).toBe(31);
  });

  it('looks like XXXX-XXXX and validates', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const code = makeHumanCode(bytes);
        expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
        expect(isValidHumanCode(code)).toBe(true);
      }),
    );
  });

  it('catches every single-character substitution at every position (exhaustive)', () => {
    for (let pos = 0; pos < 8; pos++) {
      for (let a = 0; a < 31; a++) {
        const values = codeWith(new Map([[pos, a]]));
        expect(isValidHumanCode(text(values))).toBe(true);
        for (let b = 0; b < 31; b++) {
          if (b === a) continue;
          const wrong = values.slice();
          wrong[pos] = b;
          expect(isValidHumanCode(text(wrong)), `${text(values)} pos ${pos} → ${A[b]}`).toBe(false);
        }
      }
    }
  });

  it('catches every adjacent transposition at every position (exhaustive)', () => {
    for (let pos = 0; pos < 7; pos++) {
      for (let a = 0; a < 31; a++) {
        for (let b = 0; b < 31; b++) {
          if (a === b) continue;
          const values = codeWith(new Map([[pos, a], [pos + 1, b]]));
          const swapped = values.slice();
          swapped[pos] = b;
          swapped[pos + 1] = a;
          expect(isValidHumanCode(text(swapped)), `${text(values)} swap ${pos}`).toBe(false);
        }
      }
    }
  });

  it('normalizes case, spaces and dashes, and rejects confusable characters instead of guessing', () => {
    const code = makeHumanCode(new Uint8Array(16).fill(7));
    const plain = code.replace('-', '');
    expect(normalizeHumanCode(` ${plain.toLowerCase().slice(0, 4)} ${plain.slice(4)} `)).toBe(code);
    expect(normalizeHumanCode(plain.split('').join('-'))).toBe(code);
    expect(isValidHumanCode(plain.toLowerCase())).toBe(true);
    for (const bad of ['0', 'O', '1', 'I', 'L']) {
      expect(normalizeHumanCode(bad + plain.slice(1))).toBeNull();
      expect(checkHumanCodeInput(bad + plain.slice(1)).status).toBe('invalid_char');
    }
    expect(normalizeHumanCode(plain.slice(1))).toBeNull();
    expect(normalizeHumanCode(plain + '2')).toBeNull();
  });

  it('reports progress as staff type', () => {
    const code = makeHumanCode(new Uint8Array(16).fill(200));
    expect(checkHumanCodeInput('')).toEqual({ status: 'incomplete', chars: '', code: null });
    expect(checkHumanCodeInput(code.slice(0, 6)).status).toBe('incomplete');
    expect(checkHumanCodeInput(code)).toEqual({ status: 'valid', chars: code.replace('-', ''), code });
    expect(checkHumanCodeInput(code + 'X').status).toBe('too_long');
    const last = code.at(-1)!;
    const wrongCheck = code.slice(0, -1) + (last === '2' ? '3' : '2');
    expect(checkHumanCodeInput(wrongCheck).status).toBe('bad_check');
    expect(normalizeHumanCode(wrongCheck)).toBe(wrongCheck);
  });

  it('draws characters uniformly: bytes 248..255 are skipped', () => {
    expect(makeHumanCode(Uint8Array.from([248, 255, 0, 1, 2, 3, 4, 5, 247]))).toBe(makeHumanCode(Uint8Array.from([0, 1, 2, 3, 4, 5, 247])));
    expect(makeHumanCode(Uint8Array.from([0, 1, 2, 3, 4, 5, 247])).slice(0, 8).replace('-', '')).toBe('234567Z'); // 247 % 31 = 30 → Z
    expect(() => makeHumanCode(Uint8Array.from([0, 1, 2]))).toThrow(RangeError);
  });

  it('takes a random function too', () => {
    let calls = 0;
    const random = (n: number) => {
      calls++;
      return new Uint8Array(n).fill(calls === 1 ? 250 : 10); // first batch all rejected
    };
    expect(makeHumanCode(random)).toMatch(/^CCCC-CCC.$/);
    expect(calls).toBe(2);
  });
});

describe('PIN', () => {
  it('is six digits, leading zeros kept', () => {
    expect(makePin(Uint8Array.from([0, 0, 0, 7]))).toBe('000007');
    fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => isPinFormat(makePin(bytes))));
  });

  it('rejects u32 values at or above 4,294,000,000 (no modulo bias)', () => {
    const at = (n: number) => Uint8Array.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    expect(makePin(new Uint8Array([...at(4_293_999_999), ...at(5)]))).toBe('999999');
    expect(makePin(new Uint8Array([...at(4_294_000_000), ...at(5)]))).toBe('000005');
  });

  it('spreads over all digits', () => {
    let state = 1;
    const random = (n: number) => Uint8Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) & 255);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) counts[Number(makePin(random)[0])]!++;
    for (const c of counts) expect(c).toBeGreaterThan(400);
  });

  it.each([
    ['123456', true],
    ['000000', true],
    ['12345', false],
    ['1234567', false],
    ['12345a', false],
    ['１２３４５６', false],
    [' 123456', false],
  ])('isPinFormat(%j) is %s', (s, ok) => expect(isPinFormat(s)).toBe(ok));
});

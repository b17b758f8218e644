import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constantTimeEqual } from './constant-time.ts';

describe('constantTimeEqual', () => {
  it('agrees with a plain comparison', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        const plain = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(constantTimeEqual(a, b)).toBe(plain);
        expect(constantTimeEqual(a, a.slice())).toBe(true);
      }),
    );
  });

  it('detects a difference in the last byte only', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
  });
});

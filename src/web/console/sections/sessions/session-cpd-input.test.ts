import { describe, expect, it } from 'vitest';
import { parseCredits, parseShare } from './session-cpd-input.ts';

describe('session CPD inputs', () => {
  it.each([
    ['', null], [' ', null], ['1.5', 1.5], ['1,5', 1.5], ['0.25', 0.25], ['999', 999],
    ['0', undefined], ['1000', undefined], ['1.255', undefined], ['-1', undefined], ['abc', undefined],
  ])('credits %j → %j', (text, value) => expect(parseCredits(text)).toBe(value));

  it.each([
    ['', null], ['80', 80], ['80 %', 80], ['1', 1], ['100', 100],
    ['0', undefined], ['101', undefined], ['80.5', undefined], ['x', undefined],
  ])('share %j → %j', (text, value) => expect(parseShare(text)).toBe(value));
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capacityLevel } from './capacity-level.ts';

describe('capacityLevel', () => {
  it('names the highest threshold reached, exactly at the boundary', () => {
    expect(capacityLevel(79, 100)).toBe(0);
    expect(capacityLevel(80, 100)).toBe(80);
    expect(capacityLevel(4, 5)).toBe(80);
    expect(capacityLevel(899, 1000)).toBe(80);
    expect(capacityLevel(900, 1000)).toBe(90);
    expect(capacityLevel(999, 1000)).toBe(90);
    expect(capacityLevel(1000, 1000)).toBe(100);
    expect(capacityLevel(1200, 1000)).toBe(100);
  });

  it('has no level without a capacity; a capacity of 0 is full as soon as anyone is in', () => {
    expect(capacityLevel(10_000, null)).toBe(0);
    expect(capacityLevel(0, 0)).toBe(0);
    expect(capacityLevel(1, 0)).toBe(100);
  });

  it('never goes down as people come in', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.nat(100_000), fc.integer({ min: 1, max: 100_000 }), (a, b, cap) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return capacityLevel(lo, cap) <= capacityLevel(hi, cap);
    }));
  });
});

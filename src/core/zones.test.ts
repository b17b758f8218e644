// Zone trees: a grant covers its zone and every zone below it. Table-tested on the two shapes
// organizers draw (a festival path, a conference tree) and property-tested against a plain
// definition of "is an ancestor" and against the ranked chain zones used to be.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ZONE_DEPTH, zoneCovers, zoneParentsFromOrder, zoneTreeProblem, type ZoneParents } from './zones.ts';

// ALL ⊃ { MAIN_HALL, WORKSHOPS ⊃ { ROOM_A, ROOM_B } }
const CONFERENCE: ZoneParents = { MAIN_HALL: 'ALL', WORKSHOPS: 'ALL', ROOM_A: 'WORKSHOPS', ROOM_B: 'WORKSHOPS' };

describe('zoneCovers on a tree', () => {
  it.each([
    [['ALL'], 'ROOM_B', true],
    [['ALL'], 'MAIN_HALL', true],
    [['WORKSHOPS'], 'ROOM_A', true],
    [['WORKSHOPS'], 'WORKSHOPS', true],
    [['WORKSHOPS'], 'MAIN_HALL', false],
    [['WORKSHOPS'], 'ALL', false],
    [['ROOM_A'], 'ROOM_B', false],
    [['ROOM_A'], 'WORKSHOPS', false],
    [['MAIN_HALL', 'ROOM_B'], 'ROOM_B', true],
    [['MAIN_HALL', 'ROOM_B'], 'ROOM_A', false],
    [[], 'ALL', false],
    [['HALL_B'], 'HALL_B', true],
    [['ALL'], 'HALL_B', false],
    [['all'], 'ROOM_A', false],
  ])('%j at a %s gate → %s', (granted, gate, ok) => expect(zoneCovers(granted, gate, CONFERENCE)).toBe(ok));

  it('reads a chain as the path it was: BACKSTAGE ⊃ VIP ⊃ GA', () => {
    expect(zoneParentsFromOrder(['BACKSTAGE', 'VIP', 'GA'])).toEqual({ VIP: 'BACKSTAGE', GA: 'VIP' });
    expect(zoneParentsFromOrder([])).toEqual({});
  });

  it('terminates on a map with a cycle (never validated) and answers only what the walk reached', () => {
    const cyclic = { A: 'B', B: 'A' };
    expect(zoneCovers(['C'], 'A', cyclic)).toBe(false);
    expect(zoneCovers(['B'], 'A', cyclic)).toBe(true);
  });

  it('ignores inherited object keys: a zone named like a prototype property has no parent', () => {
    expect(zoneCovers(['x'], 'constructor', {})).toBe(false);
    expect(zoneCovers(['toString'], 'toString', {})).toBe(true);
  });
});

describe('zoneTreeProblem', () => {
  it('accepts trees and names the zone of a cycle or an over-deep path', () => {
    expect(zoneTreeProblem(CONFERENCE)).toBeNull();
    expect(zoneTreeProblem({})).toBeNull();
    expect(zoneTreeProblem({ A: 'A' })).toBe('zone A would be inside itself');
    expect(zoneTreeProblem({ A: 'B', B: 'C', C: 'A' })).toMatch(/would be inside itself/);
    const deep = zoneParentsFromOrder(Array.from({ length: MAX_ZONE_DEPTH + 1 }, (_, i) => `Z${i}`));
    expect(zoneTreeProblem(deep)).toMatch(/more than 32 levels deep/);
    const deepest = zoneParentsFromOrder(Array.from({ length: MAX_ZONE_DEPTH }, (_, i) => `Z${i}`));
    expect(zoneTreeProblem(deepest)).toBeNull();
  });
});

/** A random forest over Z0…Zn: each zone's parent is an earlier zone or none (so no cycles). */
const forestArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.option(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { nil: undefined })))
    .map((picks) => {
      const parents: Record<string, string> = {};
      picks.forEach((p, i) => { if (i > 0 && p !== undefined) parents[`Z${i}`] = `Z${p}`; });
      return { n, parents };
    }));

function ancestorsOrSelf(zone: string, parents: ZoneParents): string[] {
  const out = [zone];
  while (Object.hasOwn(parents, out[out.length - 1]!)) out.push(parents[out[out.length - 1]!]!);
  return out;
}

describe('zoneCovers properties', () => {
  it('a grant covers a gate exactly when it is the gate zone or one of its ancestors', () => {
    fc.assert(fc.property(forestArb, fc.nat(), fc.array(fc.nat(), { maxLength: 3 }), ({ n, parents }, g, grants) => {
      const gate = `Z${g % n}`;
      const granted = grants.map((x) => `Z${x % n}`);
      expect(zoneTreeProblem(parents)).toBeNull();
      const expected = granted.some((z) => ancestorsOrSelf(gate, parents).includes(z));
      expect(zoneCovers(granted, gate, parents)).toBe(expected);
    }));
  });

  it('on a chain, gives the verdicts of the ranked order it replaced (no change for existing events)', () => {
    // The rule zones followed before trees: a zone covers itself and every zone after it in the order.
    const ranked = (granted: string[], gate: string, order: string[]) =>
      granted.some((z) => z === gate || (order.includes(z) && order.includes(gate) && order.indexOf(z) < order.indexOf(gate)));
    const codes = ['ALL', 'BACKSTAGE', 'VIP', 'GA', 'HALL_B', 'PRESS'];
    fc.assert(fc.property(fc.shuffledSubarray(codes), fc.subarray(codes), fc.constantFrom(...codes), (order, granted, gate) => {
      expect(zoneCovers(granted, gate, zoneParentsFromOrder(order))).toBe(ranked(granted, gate, order));
    }));
  });

  it('covering is transitive and a wider grant never covers less', () => {
    fc.assert(fc.property(forestArb, fc.nat(), fc.nat(), ({ n, parents }, a, b) => {
      const gate = `Z${a % n}`;
      const grant = `Z${b % n}`;
      const parent = parents[grant];
      if (parent !== undefined && zoneCovers([grant], gate, parents)) expect(zoneCovers([parent], gate, parents)).toBe(true);
    }));
  });
});

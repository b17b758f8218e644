import { describe, expect, it } from 'vitest';
import { treeRows, withDescendants, zoneCodeFrom, zonePath } from './zone-tree.ts';

const zones = [
  { id: 'b', code: 'VIP', name: 'VIP lounge', parentId: 'a' },
  { id: 'a', code: 'HALL', name: 'Main hall', parentId: null },
  { id: 'c', code: 'GARDEN', name: 'Garden', parentId: null },
  { id: 'd', code: 'BACK', name: 'Backstage', parentId: 'b' },
];

describe('zone tree', () => {
  it('lists each zone right after the zone it is inside, with its depth', () => {
    expect(treeRows(zones).map((r) => `${r.depth}:${r.zone.code}`)).toEqual(['0:GARDEN', '0:HALL', '1:VIP', '2:BACK']);
  });

  it('knows what a zone holds and where it sits', () => {
    expect(withDescendants(zones, 'a')).toEqual(['a', 'b', 'd']);
    expect(withDescendants(zones, 'c')).toEqual(['c']);
    expect(zonePath(zones, 'd')).toBe('Main hall › VIP lounge › Backstage');
  });

  it('makes valid, unique zone codes from names', () => {
    expect(zoneCodeFrom('Main hall', [])).toBe('MAIN_HALL');
    expect(zoneCodeFrom('Scène côté jardin', [])).toBe('SCENE_COTE_JARDIN');
    expect(zoneCodeFrom('VIP', ['VIP', 'VIP_2'])).toBe('VIP_3');
    expect(zoneCodeFrom('2nd floor', [])).toBe('Z_2ND_FLOOR');
    expect(zoneCodeFrom('中庭', [])).toBe('ZONE');
    const long = zoneCodeFrom('A very long zone name that goes on and on', []);
    expect(long).toMatch(/^[A-Z][A-Z0-9_]{0,31}$/);
    expect(zoneCodeFrom('A very long zone name that goes on and on', [long])).toMatch(/^[A-Z][A-Z0-9_]{0,31}$/);
  });
});

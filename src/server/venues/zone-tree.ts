import { zoneTreeProblem } from '../../core/index.ts';

/** A zone as the tree helpers need it (a row of the zones table). */
export interface ZoneNode { id: string; code: string; parent_id: string | null }

/**
 * The venue's tree in the form core's zoneCovers() takes: child code → parent code. Built from the
 * rows on every load, so the policy a door judges with is always the venue's current tree.
 */
export function zoneParentsByCode(zones: readonly ZoneNode[]): Record<string, string> {
  const codeOf = new Map(zones.map((z) => [z.id, z.code]));
  const parents: Record<string, string> = {};
  for (const z of zones) {
    const parent = z.parent_id === null ? undefined : codeOf.get(z.parent_id);
    if (parent !== undefined) parents[z.code] = parent;
  }
  return parents;
}

/** Depth of each zone (a root is 0), by id. Gates are listed deepest zone first: GA before VIP. */
export function zoneDepths(zones: readonly ZoneNode[]): Map<string, number> {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const depths = new Map<string, number>();
  const depthOf = (id: string, guard = 0): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.parent_id;
    const depth = parent && guard < zones.length ? depthOf(parent, guard + 1) + 1 : 0;
    depths.set(id, depth);
    return depth;
  };
  for (const z of zones) depthOf(z.id);
  return depths;
}

/** The problem the tree would have after a change (a cycle, too deep), or null; core decides. */
export function treeProblemAfter(zones: readonly ZoneNode[]): string | null {
  return zoneTreeProblem(zoneParentsByCode(zones));
}

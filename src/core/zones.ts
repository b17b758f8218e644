// Zones of a venue form a tree. A ticket granting a zone may pass gates of that zone and of every
// zone below it:
//   BACKSTAGE ⊃ VIP ⊃ GA                          (a path: { GA: 'VIP', VIP: 'BACKSTAGE' })
//   ALL ⊃ { MAIN_HALL, WORKSHOPS ⊃ { ROOM_A, ROOM_B } }
// The tree travels as `ZoneParents`: each zone that has a parent maps to it; roots and zones the
// map does not know are absent, so they are covered only by a grant of exactly that zone. Zone codes
// compare exactly (case-sensitive).

/** Child zone code → parent zone code. Roots are not keys. */
export type ZoneParents = Readonly<Record<string, string>>;

/**
 * The deepest path a venue may have (root to leaf, in zones). It bounds the walk below, so even a
 * map that was never validated (a cycle) cannot make a scan loop.
 */
export const MAX_ZONE_DEPTH = 32;

/** True when one of the granted zones is the gate's zone or one of its ancestors. */
export function zoneCovers(granted: readonly string[], gateZone: string, parents: ZoneParents): boolean {
  let zone: string | undefined = gateZone;
  for (let depth = 0; zone !== undefined && depth < MAX_ZONE_DEPTH; depth++) {
    if (granted.includes(zone)) return true;
    zone = Object.hasOwn(parents, zone) ? parents[zone] : undefined;
  }
  return false;
}

/**
 * The tree form of a containment chain, most privileged first (['ALL', 'VIP', 'GA'] → GA under
 * VIP under ALL). Older policies carried such a chain as `zoneOrder`; this reads them unchanged.
 */
export function zoneParentsFromOrder(order: readonly string[]): Record<string, string> {
  const parents: Record<string, string> = {};
  for (let i = 1; i < order.length; i++) parents[order[i]!] = order[i - 1]!;
  return parents;
}

/**
 * What is wrong with a parent map, or null: a zone that is its own ancestor (a cycle) or a path
 * deeper than MAX_ZONE_DEPTH. The server checks every zone change with this before it commits.
 */
export function zoneTreeProblem(parents: ZoneParents): string | null {
  for (const start of Object.keys(parents)) {
    const seen = new Set<string>([start]);
    let zone: string | undefined = parents[start];
    while (zone !== undefined) {
      if (seen.has(zone)) return `zone ${start} would be inside itself`;
      seen.add(zone);
      if (seen.size > MAX_ZONE_DEPTH) return `zone ${start} is more than ${MAX_ZONE_DEPTH} levels deep`;
      zone = Object.hasOwn(parents, zone) ? parents[zone] : undefined;
    }
  }
  return null;
}

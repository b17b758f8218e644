// Zones in a containment order of privilege, most privileged first, e.g.
//   ['ALL', 'BACKSTAGE', 'VIP', 'GA']   (ALL ⊃ BACKSTAGE ⊃ VIP ⊃ GA)
// A ticket granting a zone may pass gates of that zone and of every less privileged zone: VIP
// passes VIP and GA gates, not BACKSTAGE. A zone missing from the order (a separate hall, say)
// is covered only by a grant of exactly that zone. Zone codes compare exactly (case-sensitive).

/** True when one of the granted zones covers the gate's zone under the order. */
export function zoneCovers(granted: readonly string[], gateZone: string, order: readonly string[]): boolean {
  const gateRank = order.indexOf(gateZone);
  for (const zone of granted) {
    if (zone === gateZone) return true;
    const rank = order.indexOf(zone);
    if (rank >= 0 && gateRank >= 0 && rank < gateRank) return true;
  }
  return false;
}

// The zone tree as the editor shows it: the venue's flat zone list (each with its parentId) put
// in reading order with depths, codes made from the names organizers type, and what a removal
// would take with it. Pure, so the rules are tested without a browser.

export interface ZoneLike { id: string; code: string; name: string; parentId: string | null }
export interface TreeRow<Z extends ZoneLike> { zone: Z; depth: number }

/** Depth-first, children by name: a parent is always followed by everything inside it. */
export function treeRows<Z extends ZoneLike>(zones: readonly Z[]): TreeRow<Z>[] {
  const ids = new Set(zones.map((z) => z.id));
  const children = new Map<string | null, Z[]>();
  for (const z of zones) {
    // A parent that is not in the list (never expected) shows its zone at the top, not nowhere.
    const key = z.parentId !== null && ids.has(z.parentId) ? z.parentId : null;
    children.set(key, [...(children.get(key) ?? []), z]);
  }
  const rows: TreeRow<Z>[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const z of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(z.id)) continue;
      seen.add(z.id);
      rows.push({ zone: z, depth });
      walk(z.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** The zone's own id and every zone inside it, at any depth. */
export function withDescendants(zones: readonly ZoneLike[], id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const z of zones) if (z.parentId === out[i] && !out.includes(z.id)) out.push(z.id);
  return out;
}

/**
 * A zone code (upper case letters, digits and _, starting with a letter, ≤ 32) made from a name,
 * unique among `taken`: "Main hall" → MAIN_HALL, "VIP lounge" twice → VIP_LOUNGE_2. Accents are
 * dropped ("Scène" → SCENE); a name with no letter or digit becomes ZONE.
 */
export function zoneCodeFrom(name: string, taken: Iterable<string>): string {
  const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  // A code starts with a letter: "2nd floor" becomes Z_2ND_FLOOR rather than losing its number.
  const lettered = /^\d/.test(plain) ? `Z_${plain}` : plain;
  const base = (lettered || 'ZONE').slice(0, 28).replace(/_+$/, '');
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** "Main hall › VIP lounge": where a zone sits, for gate and ticket-type choices. */
export function zonePath(zones: readonly ZoneLike[], id: string): string {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const names: string[] = [];
  for (let z = byId.get(id); z && names.length <= zones.length; z = z.parentId ? byId.get(z.parentId) : undefined) names.unshift(z.name);
  return names.join(' › ');
}

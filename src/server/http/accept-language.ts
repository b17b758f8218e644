/**
 * The language to answer in: an explicit choice (a `?lang=` link the visitor clicked) wins, then the
 * browser's Accept-Language by quality (RFC 9110 §12.5.4), then the first supported language.
 * A regional tag matches its base language ('fr-CI' → 'fr'), because a Côte d'Ivoire browser
 * should get French rather than the default.
 */
export function negotiateLanguage<T extends string>(
  supported: readonly T[],
  acceptLanguage: string | undefined,
  explicit?: string,
): T {
  const match = (tag: string): T | undefined => {
    const lower = tag.trim().toLowerCase();
    const base = lower.split(/[-_]/)[0];
    return supported.find((s) => s.toLowerCase() === lower) ?? supported.find((s) => s.toLowerCase().split('-')[0] === base);
  };
  if (explicit) {
    const chosen = match(explicit);
    if (chosen) return chosen;
  }
  const ranked = (acceptLanguage ?? '').split(',').map((part, index) => {
    const [tag = '', ...params] = part.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
  }).filter((r) => r.tag !== '' && r.tag !== '*' && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const found = match(tag);
    if (found) return found;
  }
  return supported[0]!;
}

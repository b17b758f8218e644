// What the organizer types into a session's CPD fields, read the way the server will check it:
// empty is "none" (null); anything the server would refuse is undefined, so the page can say why
// in the organizer's language before sending. A decimal comma (1,5) is read as a point.

/** Credits: > 0, ≤ 999, at most two decimals. */
export function parseCredits(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value > 0 && value <= 999 ? value : undefined;
}

/** The share of the session, a whole percent from 1 to 100. */
export function parseShare(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (trimmed === '') return null;
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= 1 && value <= 100 ? value : undefined;
}

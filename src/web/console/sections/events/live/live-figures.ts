// Small judgements the live overview makes on the figures, kept pure so they are tested: how full,
// which capacity wording, and which door phone has gone quiet.
import type { Dashboard } from '../../../console-api.ts';

export type CapacityLevel = Dashboard['capacity']['level'];

/** Share of `of` in whole percent, never NaN (0 of 0 is 0 %). */
export const percentOf = (part: number, of: number | null): number => (of && of > 0 ? Math.floor((part / of) * 100) : 0);

/** A phone unseen this long is flagged: at a busy door five quiet minutes mean a flat battery or no network. */
export const QUIET_AFTER_MINUTES = 5;

/** Minutes since the phone was last seen when that is QUIET_AFTER_MINUTES or more; null otherwise (never seen is not "gone quiet"). */
export function quietMinutes(lastSeenAt: string | null, serverNowMs: number): number | null {
  if (!lastSeenAt) return null;
  const minutes = Math.floor((serverNowMs - Date.parse(lastSeenAt)) / 60_000);
  return minutes >= QUIET_AFTER_MINUTES ? minutes : null;
}

/** The icon beside each capacity wording: the level reads without colour too. */
export const LEVEL_ICON: Record<CapacityLevel, string> = { 0: '✓', 80: '!', 90: '‼', 100: '⛔' };

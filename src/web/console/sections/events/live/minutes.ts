// The arrival chart's series: the API sends only the UTC minutes that had a movement; a chart of
// those alone would draw a quiet quarter of an hour as if it never happened. Pure, so tested.

export interface MinuteRow { minute: string; entries: number; exits: number }
/** Parallel arrays, one slot per minute, as uPlot takes them (time in epoch seconds). */
export interface MinuteSeries { at: number[]; entries: number[]; exits: number[] }

const MINUTE_MS = 60_000;
/** Four hours back at most: a projector shows the doors' evening, not the whole festival. */
export const MAX_MINUTES = 240;
/** At least half an hour, so an empty chart still has a readable axis. */
export const MIN_MINUTES = 30;

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/**
 * Every minute from the first movement (or MIN_MINUTES before `until`, whichever is earlier) to
 * the minute of `until`, zero where nothing moved, the last MAX_MINUTES kept.
 */
export function fillMinutes(rows: readonly MinuteRow[], until: string, { max = MAX_MINUTES, min = MIN_MINUTES } = {}): MinuteSeries {
  const byMinute = new Map<number, MinuteRow>();
  for (const r of rows) {
    const at = floorMinute(Date.parse(r.minute));
    const seen = byMinute.get(at);
    // Two rows for one minute (never expected) add up rather than hide each other.
    byMinute.set(at, seen ? { minute: r.minute, entries: seen.entries + r.entries, exits: seen.exits + r.exits } : r);
  }
  const keys = [...byMinute.keys()];
  const end = Math.max(floorMinute(Date.parse(until)), ...keys);
  const first = Math.min(end - (min - 1) * MINUTE_MS, ...keys);
  const start = Math.max(first, end - (max - 1) * MINUTE_MS);
  const series: MinuteSeries = { at: [], entries: [], exits: [] };
  for (let t = start; t <= end; t += MINUTE_MS) {
    const r = byMinute.get(t);
    series.at.push(t / 1000);
    series.entries.push(r?.entries ?? 0);
    series.exits.push(r?.exits ?? 0);
  }
  return series;
}

export interface RecentTotals { minutes: number; entries: number; exits: number; busiest: { at: number; entries: number } | null }

/** The last `minutes` of a series in numbers: what the chart says, for a screen reader. */
export function recentTotals(series: MinuteSeries, minutes = 15): RecentTotals {
  const from = Math.max(0, series.at.length - minutes);
  let entries = 0;
  let exits = 0;
  let busiest: RecentTotals['busiest'] = null;
  for (let i = from; i < series.at.length; i++) {
    entries += series.entries[i]!;
    exits += series.exits[i]!;
    if (series.entries[i]! > 0 && (!busiest || series.entries[i]! >= busiest.entries)) busiest = { at: series.at[i]!, entries: series.entries[i]! };
  }
  return { minutes: series.at.length - from, entries, exits, busiest };
}

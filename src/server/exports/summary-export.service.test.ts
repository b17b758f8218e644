import { describe, expect, it } from 'vitest';
import { arrivalBars, MAX_BARS } from './summary-export.service.ts';

describe('arrivalBars', () => {
  const lagos = 3600;
  const bucketOf = (iso: string) => Math.floor((Date.parse(iso) / 1000 + lagos) / 600);

  it('fills the gaps between admissions with empty bars and starts at the first bucket, in UTC', () => {
    const bars = arrivalBars([{ bucket: bucketOf('2026-12-05T18:00:00Z'), admissions: 3 }, { bucket: bucketOf('2026-12-05T18:30:00Z'), admissions: 5 }], lagos);
    expect(bars).toEqual({ bucketMinutes: 10, start: new Date('2026-12-05T18:00:00Z'), counts: [3, 0, 0, 5] });
  });

  it('merges neighbouring buckets when the span would not fit the page, keeping every admission', () => {
    const first = bucketOf('2026-12-05T08:00:00Z');
    const buckets = Array.from({ length: 3 * MAX_BARS }, (_, i) => ({ bucket: first + i, admissions: 1 }));
    const bars = arrivalBars(buckets, lagos);
    expect(bars.bucketMinutes).toBe(30);
    expect(bars.counts).toHaveLength(MAX_BARS);
    expect(bars.counts.reduce((a, b) => a + b, 0)).toBe(3 * MAX_BARS);
  });

  it('draws nothing before the first admission', () => {
    expect(arrivalBars([], lagos)).toEqual({ bucketMinutes: 10, start: null, counts: [] });
  });
});

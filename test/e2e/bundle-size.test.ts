// The budget phone's first visit to /scan stays within 100 KB gzipped (DESIGN §7), the zxing
// fallback decoder loads only on demand, and nothing of the console or attendee apps rides along.
import { describe, expect, it } from 'vitest';
import { formatReport, measureScanFirstLoad } from '../../scripts/check-bundle-size.ts';
import { ensureWebBuild } from '../support/web-build.ts';

describe('scanner bundle budget', () => {
  it('loads /scan in at most 100 KB gzipped, with zxing and other apps left out', async () => {
    const report = measureScanFirstLoad(await ensureWebBuild());
    const counted = report.rows.filter((r) => r.counted).map((r) => r.file);
    const lazy = report.rows.filter((r) => !r.counted).map((r) => r.file);
    expect(report.firstLoadGzip, formatReport(report)).toBeLessThanOrEqual(100_000);
    expect(counted).toEqual(expect.arrayContaining(['scan.html', 'sw.js']));
    expect(counted.some((f) => /zxing/.test(f))).toBe(false);
    expect(lazy.some((f) => /zxing.*\.wasm$/.test(f))).toBe(true);
    expect(counted.some((f) => /(^|\/)(console|attendee)[-.]/.test(f))).toBe(false);
  }, 240_000);
});

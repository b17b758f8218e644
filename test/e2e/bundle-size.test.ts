// The budget phone's first visit to /scan stays within 100 KB gzipped (DESIGN §7), the zxing
// fallback decoder loads only on demand, and nothing of the console or attendee apps rides along.
// The organizer console's first load stays within 150 KB, its sections loaded on demand.
import { describe, expect, it } from 'vitest';
import { formatReport, measureConsoleFirstLoad, measureScanFirstLoad } from '../../scripts/check-bundle-size.ts';
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
    expect(lazy.some((f) => /-section-/.test(f)), 'no console section in the scanner graph').toBe(false);
  }, 240_000);
});

describe('console bundle budget', () => {
  it('loads /console in at most 150 KB gzipped, each section and the French catalog on demand', async () => {
    const report = measureConsoleFirstLoad(await ensureWebBuild());
    const counted = report.rows.filter((r) => r.counted).map((r) => r.file);
    const lazy = report.rows.filter((r) => !r.counted).map((r) => r.file);
    expect(report.firstLoadGzip, formatReport(report)).toBeLessThanOrEqual(150_000);
    expect(counted).toContain('console.html');
    for (const section of ['events', 'devices', 'staff', 'conflicts', 'integrations']) {
      expect(lazy.some((f) => f.includes(`${section}-section-`)), `${section} is lazy`).toBe(true);
      expect(counted.some((f) => f.includes(`${section}-section-`))).toBe(false);
    }
    expect(counted.some((f) => /(^|\/)(scan|attendee)[-.]/.test(f))).toBe(false);
  }, 240_000);
});

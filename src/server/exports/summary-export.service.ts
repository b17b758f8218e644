import type { Language } from '../../core/languages.ts';
import type { AppContext } from '../app-context.ts';
import type { Caller } from '../auth/caller.ts';
import { withTenant } from '../db/database.ts';
import { admissionsPerBucket, countsByType } from './export-summary.repository.ts';
import { openExport, type ExportFile } from './export-event.service.ts';
import type { ExportEventRow } from './exports.repository.ts';
import type { EventSummary, SummaryCounts } from './export-summary.types.ts';
import { venueClock } from './venue-time.ts';

/**
 * The one-page PDF summary of an event: who was expected, who came, who did not, per ticket type,
 * and when they arrived. Expected = valid tickets; checked in = valid tickets admitted at least
 * once (entry count above zero, which undo takes back); no-shows = the difference.
 */
export const BUCKET_MINUTES = 10;
/** Bars that fit the page's width legibly; a longer span is drawn with wider buckets. */
export const MAX_BARS = 72;

/** The counts and arrivals of an event already opened for export (openExport). */
export async function eventSummary(ctx: AppContext, caller: Caller, event: ExportEventRow): Promise<EventSummary> {
  const eventId = event.id;
  const clock = venueClock(event.timezone);
  const offsetSeconds = clock.offsetMinutes(event.starts_at) * 60;
  const { types, buckets } = await withTenant(ctx.db, caller.tenantId, async (trx) => ({
    types: await countsByType(trx, eventId),
    buckets: await admissionsPerBucket(trx, eventId, offsetSeconds, BUCKET_MINUTES * 60),
  }));
  const counts = (expected: number, checkedIn: number, inside: number): SummaryCounts => ({ expected, checkedIn, noShows: expected - checkedIn, inside });
  const sum = (key: 'expected' | 'checked_in' | 'inside') => types.reduce((n, t) => n + t[key], 0);
  return {
    event: {
      name: event.name, organizer: event.organizer_name, venue: event.venue_name, timeZone: event.timezone, status: event.status,
      doorsOpenAt: event.doors_open_at, startsAt: event.starts_at, endsAt: event.ends_at, capacity: event.capacity,
    },
    totals: counts(sum('expected'), sum('checked_in'), sum('inside')),
    types: types.map((t) => ({ name: t.name, ...counts(t.expected, t.checked_in, t.inside) })),
    arrivals: arrivalBars(buckets, offsetSeconds),
    generatedAt: new Date(),
  };
}

/**
 * Contiguous bars from the first bucket with an admission to the last (empty buckets are zero
 * bars, so the chart's x axis is time); when they would not fit, neighbouring buckets merge.
 */
export function arrivalBars(buckets: readonly { bucket: number; admissions: number }[], offsetSeconds: number): EventSummary['arrivals'] {
  if (buckets.length === 0) return { bucketMinutes: BUCKET_MINUTES, start: null, counts: [] };
  const first = buckets[0]!.bucket;
  const span = buckets[buckets.length - 1]!.bucket - first + 1;
  const merge = Math.ceil(span / MAX_BARS);
  const counts = new Array<number>(Math.ceil(span / merge)).fill(0);
  for (const b of buckets) counts[Math.floor((b.bucket - first) / merge)]! += b.admissions;
  const start = new Date((first * BUCKET_MINUTES * 60 - offsetSeconds) * 1000);
  return { bucketMinutes: BUCKET_MINUTES * merge, start, counts };
}

export async function summaryPdfExport(ctx: AppContext, caller: Caller, eventId: string, lang: Language = 'en'): Promise<ExportFile<Uint8Array>> {
  const { event, filename } = await openExport(ctx, caller, eventId, 'summary.pdf');
  const summary = await eventSummary(ctx, caller, event);
  // pdf-lib is large (~0.3 s to load): loaded on the first summary, not at server start.
  const { renderSummaryPdf } = await import('./summary-pdf.ts');
  return { filename, body: await renderSummaryPdf(summary, lang) };
}

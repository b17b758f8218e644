/** The event summary as the PDF draws it (summary-export.service.ts gathers it, summary-pdf.ts draws it). */

export interface SummaryCounts { expected: number; checkedIn: number; noShows: number; inside: number }

export interface EventSummary {
  event: {
    name: string; organizer: string; venue: string; timeZone: string; status: string;
    doorsOpenAt: Date; startsAt: Date; endsAt: Date; capacity: number | null;
  };
  totals: SummaryCounts;
  types: (SummaryCounts & { name: string })[];
  /** Standing admissions per bar, re-entries included; `start` is the first bar's start. */
  arrivals: { bucketMinutes: number; start: Date | null; counts: number[] };
  generatedAt: Date;
}

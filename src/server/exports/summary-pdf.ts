import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { formatVenueTime } from '../notifications/ticket-messages.ts';
import type { Weight } from '../pdf/pdf-fonts.ts';
import { PdfText } from '../pdf/pdf-text.ts';
import type { EventSummary, SummaryCounts } from './export-summary.types.ts';
import { offsetText, venueClock } from './venue-time.ts';

/**
 * The event summary on one A4 page: header, the four numbers, a table per ticket type and the
 * arrival chart as vector bars. Text goes through the ticket PDF's Noto fonts (src/server/pdf), so
 * an event, venue or ticket type named in Amharic, Arabic or Yorùbá prints as written. Every
 * block has a fixed height — the type table stops at TYPE_ROWS and folds the rest into one row —
 * so the summary can never spill onto a second page.
 */
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.33, 0.37, 0.45);
const ACCENT = rgb(0.05, 0.46, 0.36);
const RULE = rgb(0.85, 0.87, 0.9);
const TYPE_ROWS = 12;
const CHART_HEIGHT = 170;
/** Minutes between time labels under the chart, the first that leaves at most seven. */
const LABEL_STEPS = [10, 20, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

export async function renderSummaryPdf(summary: EventSummary): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const txt = PdfText.for(pdf);
  const { event } = summary;
  pdf.setTitle(`Attendance summary — ${event.name}`);
  pdf.setAuthor(event.organizer);
  pdf.setCreator('Karibu');
  pdf.setLanguage('en');
  const page = pdf.addPage(A4);
  const [width, height] = A4;
  const inner = width - 2 * MARGIN;
  const draw = (value: string, x: number, y: number, size: number, weight: Weight = 'regular', color = INK, maxWidth = inner) =>
    txt.draw(page, txt.fit(value, size, maxWidth, weight), x, y, { size, weight, color });

  page.drawRectangle({ x: 0, y: height - 96, width, height: 96, color: ACCENT });
  draw(event.organizer.toUpperCase(), MARGIN, height - 40, 9, 'regular', rgb(1, 1, 1));
  draw(event.name, MARGIN, height - 66, 20, 'bold', rgb(1, 1, 1));
  draw(`Attendance summary${event.status === 'published' ? '' : ` (event ${event.status})`}`, MARGIN, height - 84, 10, 'regular', rgb(1, 1, 1));

  let y = height - 124;
  const clock = venueClock(event.timeZone);
  const facts: [string, string][] = [
    ['Venue', event.venue],
    ['Doors open', formatVenueTime('en', event.doorsOpenAt, event.timeZone)],
    ['Starts', formatVenueTime('en', event.startsAt, event.timeZone)],
    ['Ends', formatVenueTime('en', event.endsAt, event.timeZone)],
    ['Time zone', `${event.timeZone} (UTC${offsetText(clock.offsetMinutes(event.startsAt))})`],
  ];
  for (const [label, value] of facts) {
    draw(label.toUpperCase(), MARGIN, y, 7.5, 'regular', MUTED);
    draw(value, MARGIN + 80, y, 10, 'regular', INK, inner - 80);
    y -= 16;
  }

  y -= 12;
  const tiles: [string, number][] = [
    ['Expected', summary.totals.expected], ['Checked in', summary.totals.checkedIn],
    ['No-shows', summary.totals.noShows], ['Inside now', summary.totals.inside],
  ];
  const tileWidth = (inner - 3 * 10) / 4;
  tiles.forEach(([label, value], i) => {
    const x = MARGIN + i * (tileWidth + 10);
    page.drawRectangle({ x, y: y - 52, width: tileWidth, height: 56, borderColor: RULE, borderWidth: 1 });
    draw(label.toUpperCase(), x + 10, y - 12, 7.5, 'regular', MUTED, tileWidth - 20);
    draw(String(value), x + 10, y - 40, 22, 'bold', i === 1 ? ACCENT : INK, tileWidth - 20);
  });
  y -= 80;

  y = typeTable(page, summary.types, y, draw);
  y -= 28;
  arrivalChart(page, summary, y, draw);

  draw(`Generated ${clock.iso(summary.generatedAt)} by Karibu. Times are ${event.timeZone}.`, MARGIN, 46, 7, 'regular', MUTED);
  draw('Expected: valid tickets. Checked in: admitted at least once (undone scans excluded). No-shows: expected minus checked in.', MARGIN, 36, 7, 'regular', MUTED);
  return txt.save();
}

type Draw = (value: string, x: number, y: number, size: number, weight?: Weight, color?: ReturnType<typeof rgb>, maxWidth?: number) => void;

function typeTable(page: PDFPage, types: EventSummary['types'], top: number, draw: Draw): number {
  const columns = [MARGIN, MARGIN + 230, MARGIN + 300, MARGIN + 380, MARGIN + 450];
  const headings = ['Ticket type', 'Expected', 'Checked in', 'No-shows', 'Turnout'];
  headings.forEach((h, i) => draw(h.toUpperCase(), columns[i]!, top, 7.5, 'bold', MUTED, 120));
  let y = top - 6;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.8, color: RULE });
  const shown = types.length > TYPE_ROWS ? [...types.slice(0, TYPE_ROWS - 1), folded(types.slice(TYPE_ROWS - 1))] : types;
  for (const t of shown) {
    y -= 15;
    const turnout = t.expected > 0 ? `${Math.round((100 * t.checkedIn) / t.expected)}%` : '-';
    [t.name, String(t.expected), String(t.checkedIn), String(t.noShows), turnout]
      .forEach((v, i) => draw(v, columns[i]!, y, 9.5, i === 0 ? 'bold' : 'regular', INK, i === 0 ? 220 : 70));
  }
  if (shown.length === 0) { y -= 15; draw('This event has no ticket types.', MARGIN, y, 9.5, 'regular', MUTED); }
  return y;
}

function folded(rest: EventSummary['types']): SummaryCounts & { name: string } {
  const add = (k: keyof SummaryCounts) => rest.reduce((n, t) => n + t[k], 0);
  return { name: `${rest.length} other types`, expected: add('expected'), checkedIn: add('checkedIn'), noShows: add('noShows'), inside: add('inside') };
}

function arrivalChart(page: PDFPage, summary: EventSummary, top: number, draw: Draw): void {
  const { arrivals, event } = summary;
  draw(`Arrivals: admissions per ${arrivals.bucketMinutes} minutes (re-entries included)`, MARGIN, top, 11, 'bold');
  const base = top - 24 - CHART_HEIGHT;
  const left = MARGIN + 28;
  const chartWidth = A4[0] - MARGIN - left;
  page.drawLine({ start: { x: left, y: base }, end: { x: left + chartWidth, y: base }, thickness: 0.8, color: MUTED });
  if (arrivals.start === null || arrivals.counts.length === 0) {
    draw('No admissions yet.', left + 8, base + CHART_HEIGHT / 2, 10, 'regular', MUTED);
    return;
  }
  const peak = Math.max(...arrivals.counts);
  draw(String(peak), MARGIN, base + CHART_HEIGHT - 8, 8, 'regular', MUTED, 26);
  draw('0', MARGIN, base, 8, 'regular', MUTED, 26);
  page.drawLine({ start: { x: left, y: base + CHART_HEIGHT }, end: { x: left + chartWidth, y: base + CHART_HEIGHT }, thickness: 0.4, color: RULE });
  const slot = chartWidth / arrivals.counts.length;
  arrivals.counts.forEach((n, i) => {
    if (n === 0) return;
    page.drawRectangle({ x: left + i * slot + slot * 0.12, y: base, width: slot * 0.76, height: (n / peak) * CHART_HEIGHT, color: ACCENT });
  });
  // At most seven time labels under the bars, on round times of the venue's clock (19:00, 19:30).
  const span = arrivals.counts.length * arrivals.bucketMinutes;
  const step = LABEL_STEPS.find((m) => m % arrivals.bucketMinutes === 0 && span / m <= 7) ?? span;
  const label = new Intl.DateTimeFormat('en-GB', { timeZone: event.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: event.timeZone, day: 'numeric', month: 'short' });
  const clock = venueClock(event.timeZone);
  arrivals.counts.forEach((_, i) => {
    const at = new Date(arrivals.start!.getTime() + i * arrivals.bucketMinutes * 60_000);
    const wallMinutes = Math.round(at.getTime() / 60_000) + clock.offsetMinutes(at);
    if (i === 0) draw(day.format(at), left, base - 22, 7, 'regular', MUTED, 60);
    if (wallMinutes % step === 0) draw(label.format(at), left + i * slot, base - 12, 8, 'regular', MUTED, 60);
  });
}

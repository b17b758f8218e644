import { PDFDocument, rgb, type PDFPage, type PDFPageDrawRectangleOptions } from 'pdf-lib';
import type { Language } from '../../core/languages.ts';
import { formatVenueTime } from '../notifications/ticket-messages.ts';
import type { Weight } from '../pdf/pdf-fonts.ts';
import { PdfText } from '../pdf/pdf-text.ts';
import type { EventSummary, SummaryCounts } from './export-summary.types.ts';
import { summaryTranslator, type SummaryKey, type SummaryTranslate } from './summary-messages.ts';
import { offsetText, venueClock } from './venue-time.ts';

/**
 * The event summary on one A4 page: header, the four numbers, a table per ticket type and the
 * arrival chart as vector bars. Text goes through the ticket PDF's Noto fonts (src/server/pdf), so
 * an event, venue or ticket type named in Amharic, Arabic or Yorùbá prints as written. Every
 * block has a fixed height — the type table stops at TYPE_ROWS and folds the rest into one row —
 * so the summary can never spill onto a second page.
 *
 * The words are the organizer's language (summary-messages.*.ts), numbers and times are written
 * through Intl for it, times on the venue's clock with the zone named. The layout below is written
 * for a left-to-right page; in Arabic it is mirrored (PdfText.mirror): lines start at the right
 * margin, the first figure tile and table column stand at the right, and the chart's time runs
 * from right to left, the way the page is read.
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
const TITLES: Record<string, SummaryKey> = { draft: 'titleDraft', cancelled: 'titleCancelled', archived: 'titleArchived' };

/** What every block draws with: the page, its words and numbers, and text at left-to-right x. */
interface Ctx {
  page: PDFPage; txt: PdfText; t: SummaryTranslate; lang: Language; num: (n: number) => string;
  /** One line, fitted to maxWidth, its start at x as on a left-to-right page. */
  draw: (value: string, x: number, y: number, size: number, weight?: Weight, color?: ReturnType<typeof rgb>, maxWidth?: number) => void;
  /** A rectangle at x as on a left-to-right page. */
  rect: (x: number, y: number, width: number, height: number, style: Omit<PDFPageDrawRectangleOptions, 'x' | 'y' | 'width' | 'height'>) => void;
}

export async function renderSummaryPdf(summary: EventSummary, lang: Language = 'en'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const txt = PdfText.for(pdf, lang);
  const t = summaryTranslator(lang);
  const { event } = summary;
  pdf.setTitle(t('docTitle', { event: event.name }));
  pdf.setAuthor(event.organizer);
  pdf.setCreator('Karibu');
  pdf.setLanguage(lang);
  const page = pdf.addPage(A4);
  const [width, height] = A4;
  const inner = width - 2 * MARGIN;
  const numbers = new Intl.NumberFormat(lang);
  const c: Ctx = {
    page, txt, t, lang, num: (n) => numbers.format(n),
    draw: (value, x, y, size, weight = 'regular', color = INK, maxWidth = inner) =>
      txt.draw(page, txt.fit(value, size, maxWidth, weight), txt.mirror(page, x), y, { size, weight, color, align: 'start' }),
    rect: (x, y, w, h, style) => page.drawRectangle({ ...style, x: txt.mirror(page, x, w), y, width: w, height: h }),
  };
  const upper = (s: string) => s.toLocaleUpperCase(lang);

  page.drawRectangle({ x: 0, y: height - 96, width, height: 96, color: ACCENT });
  c.draw(upper(event.organizer), MARGIN, height - 40, 9, 'regular', rgb(1, 1, 1));
  c.draw(event.name, MARGIN, height - 66, 20, 'bold', rgb(1, 1, 1));
  c.draw(t(TITLES[event.status] ?? 'title'), MARGIN, height - 84, 10, 'regular', rgb(1, 1, 1));

  let y = height - 124;
  const clock = venueClock(event.timeZone);
  const facts: [string, string][] = [
    [t('venue'), event.venue],
    [t('doorsOpen'), formatVenueTime(lang, event.doorsOpenAt, event.timeZone)],
    [t('starts'), formatVenueTime(lang, event.startsAt, event.timeZone)],
    [t('ends'), formatVenueTime(lang, event.endsAt, event.timeZone)],
    [t('timeZone'), `${event.timeZone} (UTC${offsetText(clock.offsetMinutes(event.startsAt))})`],
  ];
  // The values line up after the longest label of the language ("Ouverture des portes").
  const labelWidth = Math.min(200, Math.max(80, ...facts.map(([l]) => txt.width(upper(l), 7.5) + 12)));
  for (const [label, value] of facts) {
    c.draw(upper(label), MARGIN, y, 7.5, 'regular', MUTED, labelWidth - 6);
    c.draw(value, MARGIN + labelWidth, y, 10, 'regular', INK, inner - labelWidth);
    y -= 16;
  }

  y -= 12;
  const tiles: [SummaryKey, number][] = [
    ['expected', summary.totals.expected], ['checkedIn', summary.totals.checkedIn],
    ['noShows', summary.totals.noShows], ['insideNow', summary.totals.inside],
  ];
  const tileWidth = (inner - 3 * 10) / 4;
  tiles.forEach(([label, value], i) => {
    const x = MARGIN + i * (tileWidth + 10);
    c.rect(x, y - 52, tileWidth, 56, { borderColor: RULE, borderWidth: 1 });
    c.draw(upper(t(label)), x + 10, y - 12, 7.5, 'regular', MUTED, tileWidth - 20);
    c.draw(c.num(value), x + 10, y - 40, 22, 'bold', i === 1 ? ACCENT : INK, tileWidth - 20);
  });
  y -= 80;

  y = typeTable(c, summary.types, y);
  y -= 28;
  arrivalChart(c, summary, y);

  const generatedAt = new Intl.DateTimeFormat(lang, { timeZone: event.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(summary.generatedAt);
  const footer = [
    ...txt.wrap(t('generated', { time: generatedAt, zone: event.timeZone }), 7, inner),
    ...txt.wrap(t('definitions'), 7, inner),
  ];
  footer.forEach((line, i) => c.draw(line, MARGIN, 36 + 10 * (footer.length - 1 - i), 7, 'regular', MUTED));
  return txt.save();
}

function typeTable(c: Ctx, types: EventSummary['types'], top: number): number {
  const { t, txt, num } = c;
  // The name, then four figure columns wide enough for the longest heading word ("WANAOTARAJIWA").
  const figure = (A4[0] - 2 * MARGIN - 200) / 4;
  const columns = [MARGIN, ...[0, 1, 2, 3, 4].map((i) => MARGIN + 200 + i * figure)];
  const room = (i: number) => columns[i + 1]! - columns[i]! - 6;
  // Headings wrap onto a second line where a language's words are longer than the column.
  const headings = (['ticketType', 'expected', 'checkedIn', 'noShows', 'turnout'] as const)
    .map((key, i) => txt.wrap(t(key).toLocaleUpperCase(c.lang), 7.5, room(i), 'bold').slice(0, 2));
  const lines = Math.max(...headings.map((h) => h.length));
  headings.forEach((h, i) => h.forEach((l, k) => c.draw(l, columns[i]!, top - 9 * k, 7.5, 'bold', MUTED, room(i))));
  let y = top - 6 - 9 * (lines - 1);
  c.page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.8, color: RULE });
  const percent = new Intl.NumberFormat(c.lang, { style: 'percent', maximumFractionDigits: 0 });
  const rest = types.slice(TYPE_ROWS - 1);
  const shown = types.length > TYPE_ROWS ? [...types.slice(0, TYPE_ROWS - 1), { ...folded(rest), name: t('otherTypes', { count: rest.length }) }] : types;
  for (const row of shown) {
    y -= 15;
    const turnout = row.expected > 0 ? percent.format(row.checkedIn / row.expected) : '-';
    [row.name, num(row.expected), num(row.checkedIn), num(row.noShows), turnout]
      .forEach((v, i) => c.draw(v, columns[i]!, y, 9.5, i === 0 ? 'bold' : 'regular', INK, room(i)));
  }
  if (shown.length === 0) { y -= 15; c.draw(t('noTypes'), MARGIN, y, 9.5, 'regular', MUTED); }
  return y;
}

function folded(rest: EventSummary['types']): SummaryCounts {
  const add = (k: keyof SummaryCounts) => rest.reduce((n, r) => n + r[k], 0);
  return { expected: add('expected'), checkedIn: add('checkedIn'), noShows: add('noShows'), inside: add('inside') };
}

function arrivalChart(c: Ctx, summary: EventSummary, top: number): void {
  const { arrivals, event } = summary;
  const { page, txt, t } = c;
  c.draw(t('arrivals', { count: arrivals.bucketMinutes }), MARGIN, top, 11, 'bold');
  const base = top - 24 - CHART_HEIGHT;
  const left = MARGIN + 28;
  const chartWidth = A4[0] - MARGIN - left;
  const axis = (y: number, thickness: number, color: ReturnType<typeof rgb>) =>
    page.drawLine({ start: { x: txt.mirror(page, left), y }, end: { x: txt.mirror(page, left + chartWidth), y }, thickness, color });
  axis(base, 0.8, MUTED);
  if (arrivals.start === null || arrivals.counts.length === 0) {
    c.draw(t('noAdmissions'), left + 8, base + CHART_HEIGHT / 2, 10, 'regular', MUTED);
    return;
  }
  const peak = Math.max(...arrivals.counts);
  c.draw(c.num(peak), MARGIN, base + CHART_HEIGHT - 8, 8, 'regular', MUTED, 26);
  c.draw(c.num(0), MARGIN, base, 8, 'regular', MUTED, 26);
  axis(base + CHART_HEIGHT, 0.4, RULE);
  const slot = chartWidth / arrivals.counts.length;
  arrivals.counts.forEach((n, i) => {
    if (n === 0) return;
    c.rect(left + i * slot + slot * 0.12, base, slot * 0.76, (n / peak) * CHART_HEIGHT, { color: ACCENT });
  });
  // At most seven time labels under the bars, on round times of the venue's clock (19:00, 19:30).
  const span = arrivals.counts.length * arrivals.bucketMinutes;
  const step = LABEL_STEPS.find((m) => m % arrivals.bucketMinutes === 0 && span / m <= 7) ?? span;
  const label = new Intl.DateTimeFormat(c.lang, { timeZone: event.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(c.lang, { timeZone: event.timeZone, day: 'numeric', month: 'short' });
  const clock = venueClock(event.timeZone);
  arrivals.counts.forEach((_, i) => {
    const at = new Date(arrivals.start!.getTime() + i * arrivals.bucketMinutes * 60_000);
    const wallMinutes = Math.round(at.getTime() / 60_000) + clock.offsetMinutes(at);
    if (i === 0) c.draw(day.format(at), left, base - 22, 7, 'regular', MUTED, 60);
    if (wallMinutes % step === 0) c.draw(label.format(at), left + i * slot, base - 12, 8, 'regular', MUTED, 60);
  });
}

// Entries per minute as bars (exits as a line) with uPlot, the time axis on the venue's clock.
// The canvas says nothing to a screen reader, so the same minutes come as a sentence and a hidden
// table. uPlot (and its CSS) load with the live page only, never with the console's first screen.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Dashboard } from '../../../console-api.ts';
import { t } from '../../../i18n.ts';
import { fillMinutes, recentTotals, type MinuteSeries } from './minutes.ts';
import { axisLabels, venueClock } from './venue-clock.ts';

const ENTRIES = '#1d4ed8';
const EXITS = '#9a3412';
const INK = '#374151';
const GRID = '#e5e7eb';
/** Minutes the hidden table and the summary cover: what a person asks for ("how is it now?"). */
const RECENT = 15;

function options(width: number, big: boolean, timeZone: string, locale: string): uPlot.Options {
  const font = `${big ? 18 : 13}px system-ui, sans-serif`;
  return {
    width, height: big ? 340 : 220,
    // Ticks fall on the venue's round hours and half-hours, not the browser's.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
    legend: { show: false },
    cursor: { show: false },
    // Half a minute of room each side, so the first and the latest bars are drawn whole.
    scales: { x: { time: true, range: (_u, min, max) => [min - 30, max + 30] }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.1))] } },
    axes: [
      { stroke: INK, font, grid: { stroke: GRID }, ticks: { stroke: GRID }, size: big ? 64 : 48, space: big ? 110 : 70,
        values: (_u, ticks) => axisLabels(ticks, timeZone, locale) },
      { stroke: INK, font, grid: { stroke: GRID }, ticks: { stroke: GRID }, size: big ? 56 : 40,
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
    ],
    series: [
      {},
      { stroke: ENTRIES, fill: 'rgba(29, 78, 216, 0.35)', width: 1, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 48] }) },
      { stroke: EXITS, width: big ? 3 : 2, points: { show: false } },
    ],
  };
}

const toData = (s: MinuteSeries): uPlot.AlignedData => [s.at, s.entries, s.exits];

export function ArrivalChart({ d, big, locale }: { d: Dashboard; big: boolean; locale: string }) {
  const series = useMemo(() => fillMinutes(d.perMinute, d.asOf), [d.perMinute, d.asOf]);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(series);
  latest.current = series;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(options(Math.max(el.clientWidth, 200), big, d.timezone, locale), toData(latest.current), el);
    chart.current = plot;
    // The chart follows its card's width: a phone turned sideways, a projector, a resized window.
    const resize = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 200);
      if (width !== plot.width) plot.setSize({ width, height: plot.height });
    });
    resize.observe(el);
    return () => { resize.disconnect(); plot.destroy(); chart.current = null; };
  }, [big, d.timezone, locale]);

  useEffect(() => { chart.current?.setData(toData(series)); }, [series]);

  const totals = recentTotals(series, RECENT);
  const clock = (s: number) => venueClock(s * 1000, d.timezone, locale);
  const from = Math.max(0, series.at.length - RECENT);
  return (
    <section class="card" aria-labelledby="live-chart">
      <h2 id="live-chart">{t('live.chart.title')}</h2>
      <p class="chart-legend" aria-hidden="true">
        <span class="chart-legend__key chart-legend__key--entries" /> {t('live.entries')}
        <span class="chart-legend__key chart-legend__key--exits" /> {t('live.exits')}
      </p>
      <div ref={box} class="chart" aria-hidden="true" data-testid="arrival-chart" />
      <p class="muted" data-testid="chart-summary">
        {t('live.chart.summary', { count: totals.minutes, time: clock(series.at.at(-1)!), entries: totals.entries, exits: totals.exits })}
        {' '}{totals.busiest ? t('live.chart.busiest', { time: clock(totals.busiest.at), count: totals.busiest.entries }) : t('live.chart.quiet')}
      </p>
      {/* The wrapper hides it: a table grows to its content whatever width it is given. */}
      <div class="visually-hidden">
        <table>
          <caption>{t('live.chart.table')}</caption>
          <thead><tr><th scope="col">{t('live.chart.minute')}</th><th scope="col">{t('live.entries')}</th><th scope="col">{t('live.exits')}</th></tr></thead>
          <tbody>
            {series.at.slice(from).map((at, i) => (
              <tr key={at}><th scope="row">{clock(at)}</th><td>{series.entries[from + i]}</td><td>{series.exits[from + i]}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

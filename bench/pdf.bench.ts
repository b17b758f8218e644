// What the PDFs cost: the attendee's ticket PDF (a Latin name; a name in three scripts, so every
// font is embedded) and the organizer's summary PDF (type names in three scripts), each rendered in
// a fresh process (cold: the first PDF pays for loading pdf-lib and parsing the fonts it needs),
// then again in the same process (warm: the per-request cost).
// Report: bench/reports/pdf.json.  Run: node --import tsx bench/pdf.bench.ts [runs]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const runs = Number(process.argv[2] ?? 30);

if (process.argv[3] === '--child') {
  const which = process.argv[4] as 'ticketLatin' | 'ticketScripts' | 'summary';
  const t0 = performance.now();
  const render = which !== 'summary'
    ? (await import('../src/server/notifications/ticket-pdf.ts')).renderTicketPdf
    : (await import('../src/server/exports/summary-pdf.ts')).renderSummaryPdf;
  const input: never = (which === 'summary' ? summaryFixture() : ticketFixture(which === 'ticketLatin' ? 'Ngozi Adeyemi' : undefined)) as never;
  const first = await render(input);
  const coldMs = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await render(input);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const rss = process.memoryUsage().rss;
  process.stdout.write(JSON.stringify({ bytes: first.length, coldMs, warmMedianMs: warm[Math.floor(warm.length / 2)], warmP95Ms: warm[Math.floor(warm.length * 0.95)], rssMiB: rss / 2 ** 20 }));
  process.exit(0);
}

function ticketFixture(holderName = 'Adébáyọ̀ Ògúnlẹ̀yẹ · አበበ በቀለ · محمد عبد الله') {
  const at = new Date('2026-12-05T18:00:00Z');
  return {
    ticketId: 't', tenantId: 'x', eventId: 'e', serial: 1042, code: 'K7QX-M2PA', pin: '482913', status: 'valid',
    holderName, holderEmail: null, linkSecret: 's',
    link: 'https://tickets.example.org/t/0123456789abcdefghijklmn',
    type: { no: 1, name: 'General admission', zones: [], allowStatic: true },
    event: { name: 'Lagos Tech Fest 2026', slug: 'ltf', startsAt: at, endsAt: at, doorsOpenAt: at, timezone: 'Africa/Lagos', venueName: 'Eko Convention Centre', organizerName: 'Karibu Events' },
    qr: 'KB1:' + 'A'.repeat(120), rotationKey: null,
  };
}

function summaryFixture() {
  const at = new Date('2026-12-05T18:00:00Z');
  return {
    event: { name: 'Lagos Tech Fest 2026', organizer: 'Karibu Events', venue: 'Eko Convention Centre', timeZone: 'Africa/Lagos', status: 'published', doorsOpenAt: at, startsAt: at, endsAt: at, capacity: null },
    totals: { expected: 30, checkedIn: 20, noShows: 10, inside: 18 },
    types: [
      { name: 'Adébáyọ̀ Ògúnlẹ̀yẹ guests', expected: 10, checkedIn: 7, noShows: 3, inside: 6 },
      { name: 'አበበ በቀለ', expected: 10, checkedIn: 7, noShows: 3, inside: 6 },
      { name: 'محمد عبد الله', expected: 10, checkedIn: 6, noShows: 4, inside: 6 },
    ],
    arrivals: { bucketMinutes: 10, start: at, counts: [1, 4, 9, 6] },
    generatedAt: at,
  };
}

const results: Record<string, unknown> = {};
for (const which of ['ticketLatin', 'ticketScripts', 'summary']) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, String(runs), '--child', which], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${which} failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as Record<string, number>;
  results[which] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
const report = { benchmark: 'pdf', runs, node: process.version, ...results, at: new Date().toISOString() };
mkdirSync(new URL('./reports/', import.meta.url), { recursive: true });
writeFileSync(new URL('./reports/pdf.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report));

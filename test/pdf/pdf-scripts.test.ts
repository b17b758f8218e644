import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { withTenant } from '../../src/server/db/database.ts';
import { loadFont, pdfLibFontkit } from '../../src/server/pdf/pdf-fonts.ts';
import { createEventFixture, type EventFixture } from '../support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { inkBlobs, pdfToText, renderGray, tofuBoxes, wordBoxes, DPI, type Gray, type WordBox } from './pdf-raster.ts';

/**
 * Names in three scripts through both PDFs Karibu makes — the attendee's ticket (the attendee
 * route) and the organizer's summary (the export route) — read back with poppler as a person's
 * viewer would: pdftotext for the text, pdftoppm for what is drawn.
 *
 * The drawn check counts ink blobs (connected marks) on the name's line, which the scripts fix
 * independently of any font file, and looks for empty boxes:
 *   - "Adébáyọ̀ Ògúnlẹ̀yẹ": 16 letters and 8 accents and dots (é á ọ̀ Ò ú ẹ̀ ẹ), each apart from its
 *     letter: 24. Drop the dots below or combining grave (as WinAnsi did) and it is 19.
 *   - "አበበ በቀለ": six Ge'ez syllables, each one stroke: 6. Six "?" are 12 (hook and dot).
 *   - "محمد عبد الله": joined, it is محمد, عبد, the dot of ب, ا and لله: 5. Unjoined isolated
 *     letters would be 11 plus the dot; "?" are 22. So the count also proves the shaping.
 * Run against the Helvetica code this replaced, the three ticket names gave 19, 12 and 22 blobs
 * and pdftotext read "Adébáyo Ògúnleye", "??? ???" and "???? ??? ????".
 */
const NAMES = [
  { script: 'Latin (Yorùbá)', name: 'Adébáyọ̀ Ògúnlẹ̀yẹ', blobs: 24 },
  { script: 'Ethiopic (Amharic)', name: 'አበበ በቀለ', blobs: 6 },
  { script: 'Arabic', name: 'محمد عبد الله', blobs: 5 },
] as const;

/**
 * Does pdftotext's text hold `name`? Compared in NFC (a PDF reader may hand back "ọ̀" composed
 * differently). Right-to-left text pdftotext writes in the order it stands on the page, left to
 * right, wrapped in embedding marks (U+202B … U+202C): an Arabic name drawn correctly — letters
 * in visual order, the first letter at the right — therefore comes back as the name's letters
 * reversed. NFKC folds presentation forms (ﻣ, ﺤ) back to letters, should a reader give them. A name
 * drawn in logical order left to right, or unshaped, or as "?", does not match.
 */
function readsBack(text: string, name: string): boolean {
  const clean = text.normalize('NFKC').replace(/[\u202a-\u202e\u2066-\u2069]/gu, '').replace(/[ \t]+/g, ' ');
  const rtl = /\p{Script=Arabic}/u.test(name);
  const expected = rtl ? [...name.normalize('NFKC')].reverse().join('') : name.normalize('NFKC');
  return clean.normalize('NFC').includes(expected.normalize('NFC'));
}

async function blobsBetween(pdf: Uint8Array, box: { x0: number; y0: number; x1: number; y1: number }) {
  const blobs = inkBlobs(await renderGray(pdf), box);
  return { count: blobs.length, tofu: tofuBoxes(blobs).length };
}

describe(`PDFs print names in Latin, Ethiopic and Arabic script (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
  });
  afterAll(async () => { await t?.close(); });

  it.each(NAMES)('ticket PDF: a $script name reads back intact and is drawn as letters, not boxes or "?"', async ({ name, blobs }) => {
    const [ticket] = await f.issue([{ holderName: name }]);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/attendee/t/${ticket!.linkSecret}/pdf` });
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    // Soft, so a failure reports both what pdftotext read and what was drawn.
    expect.soft(readsBack(await pdfToText(pdf), name), 'pdftotext reads the name').toBe(true);
    // The holder's line: below the "NAME" label, above the next one, left of the QR code.
    const words = await wordBoxes(pdf);
    const label = words.find((w) => w.text === 'NAME')!;
    const next = words.find((w) => w.text === 'TICKET' && w.yMin > label.yMax)!;
    const line = await blobsBetween(pdf, { x0: label.xMin - 2, y0: label.yMax + 1, x1: 285, y1: next.yMin - 1 });
    expect(line).toEqual({ count: blobs, tofu: 0 });
  });

  it('ticket PDF in Arabic is laid out from the right margin, its QR code moved to the left but not flipped', async () => {
    const name = 'محمد عبد الله';
    // One ticket (one QR code) in both languages: only the layout differs.
    const [ticket] = await f.issue([{ holderName: name }]);
    const pdfOf = async (secret: string, lang: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/attendee/t/${secret}/pdf?lang=${lang}` });
      expect(res.statusCode).toBe(200);
      return res.rawPayload;
    };
    const [ar, en] = [await pdfOf(ticket!.linkSecret, 'ar'), await pdfOf(ticket!.linkSecret, 'en')];
    expect(readsBack(await pdfToText(ar), name), 'pdftotext reads the name').toBe(true);
    // The card's text margin, 18 mm + 8 mm in from each side of the page (ticket-pdf.ts).
    const inner = (26 * 72) / 25.4;
    const right = 595.28 - inner;
    const arWords = await wordBoxes(ar);
    // pdftotext gives Arabic words in logical order or reversed (a lam-alef ligature is one span).
    const says = (w: WordBox, ...texts: string[]) => texts.flatMap((p) => [p, [...p].reverse().join('')]).includes(w.text.normalize('NFKC').trim());
    const arName = arWords.filter((w) => says(w, name, ...name.split(' ')));
    expect(arName.length, 'the name in large type').toBeGreaterThan(0);
    expect(Math.max(...arName.map((w) => w.xMax))).toBeCloseTo(right, 0);
    expect(Math.min(...arName.map((w) => w.xMin))).toBeGreaterThan(right - 120);
    const label = arWords.find((w) => says(w, 'الاسم'))!;
    expect(label.xMax).toBeCloseTo(right, 0);
    const enWords = await wordBoxes(en);
    const enName = enWords.filter((w) => says(w, name, ...name.split(' ')));
    expect(Math.min(...enName.map((w) => w.xMin))).toBeCloseTo(inner, 0);
    expect(enWords.find((w) => w.text === 'NAME')!.xMin).toBeCloseTo(inner, 0);
    // The QR: right of the words in English, left of them in Arabic, and the same picture in both
    // (a mirrored code would differ in about half its pixels; the flipped check shows the test can tell).
    const qrBox = (x0: number, x1: number) => ({ x0, y0: 100, x1, y1: 345 });
    const enQr = inkCrop(await renderGray(en), qrBox(285, 535));
    const arQr = inkCrop(await renderGray(ar), qrBox(60, 310));
    expect(enQr.x0).toBeGreaterThan(280);
    expect(arQr.x1).toBeLessThan(310);
    expect(Math.abs(arQr.width - enQr.width)).toBeLessThanOrEqual(1);
    expect(mismatch(arQr, enQr, false)).toBeLessThan(0.03);
    expect(mismatch(arQr, enQr, true)).toBeGreaterThan(0.2);
  });

  it('summary PDF: event, venue and ticket-type names in the three scripts, digits left to right', async () => {
    // The summary names no attendees; what it prints from organizers' input is the event, its
    // venue and the ticket types, so those carry the names here. Types get 1, 2 and 3 tickets, so
    // each row can be found by its "Expected" figure.
    await withTenant(t.app.ctx.db, f.tenantId, async (trx) => {
      for (const [i, { name }] of NAMES.entries()) {
        await trx.updateTable('ticket_types').set({ name }).where('event_id', '=', f.eventId).where('type_no', '=', i + 1).execute();
      }
      await trx.updateTable('events').set({ name: 'مهرجان لاغوس 2026' }).where('id', '=', f.eventId).execute();
      await trx.updateTable('venues').set({ name: 'አዲስ አበባ' }).where('id', '=', f.venue.id).execute();
      await trx.updateTable('tickets').set({ status: 'cancelled' }).where('event_id', '=', f.eventId).execute();
    });
    for (const typeNo of [1, 2, 3]) await f.issue(Array.from({ length: typeNo }, () => ({ typeNo })));
    const login = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      payload: { email: f.users.manager.email, password: f.users.manager.password },
    });
    expect(login.statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'GET', url: `/api/v1/events/${f.eventId}/exports/summary.pdf`,
      headers: { authorization: `Bearer ${(login.json() as { accessToken: string }).accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const text = await pdfToText(pdf);
    for (const { name } of NAMES) expect.soft(readsBack(text, name), name).toBe(true);
    expect.soft(readsBack(text, 'አዲስ አበባ'), 'venue').toBe(true);
    // "2026" in an Arabic title stays 2026 (a whole-string reversal would print 6202), left of the
    // Arabic words on the page, so pdftotext gives it first.
    expect.soft(readsBack(text, 'مهرجان لاغوس'), 'event').toBe(true);
    expect.soft(text).toMatch(/2026\s*\u202b?\s*سوغال/u);
    expect.soft(text).not.toContain('6202');
    // Each type's row, found by its "Expected" figure in that column.
    const words = await wordBoxes(pdf);
    const heading = words.find((w) => w.text === 'EXPECTED' && w.xMin > 200)!;
    for (const [i, { name, blobs }] of NAMES.entries()) {
      const figure: WordBox = words.find((w) => w.text === String(i + 1) && Math.abs(w.xMin - heading.xMin) < 2 && w.yMin > heading.yMax)!;
      expect(figure, name).toBeDefined();
      const row = await blobsBetween(pdf, { x0: 44, y0: figure.yMin - 2, x1: heading.xMin - 8, y1: figure.yMax + 2 });
      expect.soft(row, name).toEqual({ count: blobs, tofu: 0 });
    }
  });

  it('the box check finds the empty boxes a font without the script draws (no fallback)', async () => {
    // The same names drawn the naive way — one font (Noto Sans, Latin only) through pdf-lib's
    // drawText — so Ge'ez and Arabic fall to the font's empty .notdef box. If the check could not
    // see those, its "no boxes" above would prove nothing.
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(pdfLibFontkit as never);
    const font = await pdf.embedFont(loadFont('latin', 'bold').bytes, { subset: true });
    const page = pdf.addPage([595.28, 841.89]);
    NAMES.forEach(({ name }, i) => page.drawText(name, { x: 50, y: 700 - 60 * i, size: 16, font }));
    const bytes = await pdf.save();
    const top = (i: number) => 841.89 - (700 - 60 * i); // baseline, from the page's top
    const rows = await Promise.all(NAMES.map((_, i) => blobsBetween(bytes, { x0: 45, y0: top(i) - 20, x1: 400, y1: top(i) + 8 })));
    expect(rows.map((r) => r.tofu)).toEqual([0, 6, 11]);
  });
});

/** The ink inside a box (points, top left) cut to its own bounding box, as 0/1 pixels. */
function inkCrop(page: Gray, box: { x0: number; y0: number; x1: number; y1: number }) {
  const s = DPI / 72;
  const ink = (x: number, y: number) => page.pixels[y * page.width + x]! < 128;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = Math.floor(box.y0 * s); y <= Math.ceil(box.y1 * s); y++) {
    for (let x = Math.floor(box.x0 * s); x <= Math.ceil(box.x1 * s); x++) {
      if (ink(x, y)) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
  }
  return { x0: x0 / s, x1: x1 / s, width: x1 - x0 + 1, height: y1 - y0 + 1, at: (x: number, y: number) => ink(x0 + x, y0 + y) };
}

/** The share of pixels where two crops differ, the second turned left for right if `flip`. */
function mismatch(a: ReturnType<typeof inkCrop>, b: ReturnType<typeof inkCrop>, flip: boolean): number {
  const [w, h] = [Math.min(a.width, b.width), Math.min(a.height, b.height)];
  let differ = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (a.at(x, y) !== b.at(flip ? b.width - 1 - x : x, y)) differ++;
  return differ / (w * h);
}

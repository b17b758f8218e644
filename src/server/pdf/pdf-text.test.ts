import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { PdfText } from './pdf-text.ts';
import { visualRuns } from './pdf-shaping.ts';

// Runs as they stand on the page, left to right: [text, font, bidi level].
const runs = (line: string) => visualRuns(line).map((r) => [r.text, r.script, r.level]);

describe('visualRuns', () => {
  it('keeps a Latin line in one run, marks and all', () => {
    expect(runs('Adébáyọ̀ Ògúnlẹ̀yẹ')).toEqual([['Adébáyọ̀ Ògúnlẹ̀yẹ'.normalize('NFC'), 'latin', 0]]);
  });

  it('gives Ge\'ez its own font, the space between words going with it', () => {
    expect(runs('አበበ በቀለ')).toEqual([['አበበ በቀለ', 'ethiopic', 0]]);
    expect(runs('Abebe አበበ')).toEqual([['Abebe ', 'latin', 0], ['አበበ', 'ethiopic', 0]]);
  });

  it('shapes an Arabic name as one right-to-left run', () => {
    expect(runs('محمد عبد الله')).toEqual([['محمد عبد الله', 'arabic', 1]]);
  });

  it('keeps digits left to right inside Arabic, placed to the left of the words before them', () => {
    // Logical "hall 12": on the page, 12 stands left of قاعة, and reads 12, not 21.
    expect(runs('قاعة 12')).toEqual([['12', 'arabic', 2], ['قاعة ', 'arabic', 1]]);
  });

  it('puts an Arabic name after a Latin label in a left-to-right line, reversed only within itself', () => {
    const line = runs('Name: محمد 2026');
    expect(line[0]).toEqual(['Name: ', 'latin', 0]);
    expect(line.slice(1)).toEqual([['2026', 'arabic', 2], ['محمد ', 'arabic', 1]]);
  });

  it('draws "?" for a character none of the fonts has, never an empty box', () => {
    expect(runs('Li 李')).toEqual([['Li ?', 'latin', 0]]);
  });
});

describe('PdfText', () => {
  it('cuts with an ellipsis between whole letters, never between a letter and its marks', async () => {
    const txt = PdfText.for(await PDFDocument.create());
    const name = 'Ọ̀ṣọ̀ọ̀sì Adébáyọ̀ Ògúnlẹ̀yẹ';
    const full = txt.width(name, 12);
    const nfc = name.normalize('NFC');
    for (let w = 30; w < full; w += 7) {
      const cut = txt.fit(name, 12, w);
      expect(txt.width(cut, 12)).toBeLessThanOrEqual(w);
      expect(cut.endsWith('...')).toBe(true);
      const kept = cut.slice(0, -3);
      expect(nfc.startsWith(kept)).toBe(true);
      expect(nfc.slice(kept.length)).not.toMatch(/^\p{M}/u); // the cut is not inside "ọ̀"
    }
    expect(txt.fit(name, 12, full + 1)).toBe(name);
  });
});

describe('PdfText alignment', () => {
  it("puts a line's start at x: its left edge left to right, its right edge in an Arabic document", async () => {
    const pdf = await PDFDocument.create();
    const ltr = PdfText.for(pdf, 'fr');
    const rtl = PdfText.for(pdf, 'ar-EG');
    expect([ltr.direction, rtl.direction]).toEqual(['ltr', 'rtl']);
    expect(ltr.left(50, 120, 'start')).toBe(50);
    expect(rtl.left(550, 120, 'start')).toBe(430);
    expect(rtl.left(50, 120, 'end')).toBe(50);
    expect(rtl.left(300, 120, 'center')).toBe(240);
    expect(rtl.left(50, 120, 'left')).toBe(50); // physical sides stay where they are
  });

  it('mirrors a left-to-right position across the page, a box by its own width (never flipping it)', async () => {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([600, 800]);
    expect(PdfText.for(pdf, 'en').mirror(page, 50, 200)).toBe(50);
    expect(PdfText.for(pdf, 'ar').mirror(page, 50, 200)).toBe(350);
    expect(PdfText.for(pdf, 'ar').mirror(page, 50)).toBe(550);
  });
});

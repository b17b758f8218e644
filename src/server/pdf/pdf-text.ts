import {
  beginText, endText, PDFDocument, PDFFont, PDFHexString, PDFName, PDFOperator, PDFOperatorNames, PDFPage,
  popGraphicsState, pushGraphicsState, rgb, setFillingColor, setFontAndSize, setTextMatrix, setTextRise, type Color,
} from 'pdf-lib';
import { RTL_LANGUAGES } from '../../core/languages.ts';
import { pdfLibFontkit, loadFont, type Weight } from './pdf-fonts.ts';
import { breakLines, round, runWidth, shapeLine, type ShapedRun } from './pdf-shaping.ts';

/**
 * Text in any of Karibu's scripts on a pdf-lib page. pdf-lib's own drawText cannot do it: it
 * ignores the glyph positions fontkit computes (a combining grave lands beside its letter, not
 * above it), lays a whole string out in one font, and leaves right-to-left order to fontkit, which
 * reverses the whole string, digits and Latin words included. So each line goes through:
 *   1. the Unicode bidirectional algorithm (bidi-js) for the level of every character: an Arabic
 *      name is right-to-left, the digits and Latin words inside it stay left-to-right;
 *   2. a font per character by script (pdf-fonts.ts); spaces, digits, punctuation and marks go with
 *      their neighbours when that font has them, so "محمد عبد الله" is one run, shaped as one;
 *   3. runs (same level, same font) shaped by fontkit — Arabic joining forms, ligatures, mark
 *      positions — and put in visual order (rule L2 of the algorithm, run by run);
 *   4. each run drawn glyph by glyph with fontkit's advances and offsets (TJ adjustments, text
 *      rise for marks), inside an /ActualText span carrying the run's logical text. The span is
 *      what copy-paste and pdftotext read: glyph-to-character maps cannot say it alone (the medial
 *      glyph of ب is shared with ت, ن and ي; "ọ" is drawn as "o" plus a dot below).
 * Fonts are subset into the PDF (only the glyphs drawn), and only those some text used: draw()
 * lays out and measures at once, save() embeds and writes (see there).
 *
 * A document has a direction, from its language (RTL_LANGUAGES). Layouts are written once, as
 * for a left-to-right page: `align: 'start'` puts a line's start edge at x (its left edge there,
 * its right edge in a right-to-left document), and mirror() turns a left-to-right position into
 * the right-to-left one, so an Arabic page reads from its right margin without its own layout code.
 */
const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
const ELLIPSIS = '...';


/**
 * Which edge of the line stands at x. 'start' and 'end' follow the document's direction ('start'
 * is the right edge in a right-to-left document); 'left', 'right' and 'center' do not.
 */
export type Align = 'start' | 'end' | 'left' | 'right' | 'center';
export interface TextStyle { size: number; weight?: Weight; color?: Color; align?: Align }
export type Direction = 'ltr' | 'rtl';

interface PendingRun { page: PDFPage; shaped: ShapedRun; weight: Weight; x: number; y: number; size: number; color: Color }

export class PdfText {
  private readonly pageKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
  private readonly pending: PendingRun[] = [];

  private constructor(private readonly pdf: PDFDocument, readonly direction: Direction) {}

  /** Text for a document in `language` (a BCP 47 tag): right to left for Arabic, else left to right. */
  static for(pdf: PDFDocument, language = 'en'): PdfText {
    pdf.registerFontkit(pdfLibFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
    const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
    return new PdfText(pdf, RTL_LANGUAGES.has(base) ? 'rtl' : 'ltr');
  }

  get rtl(): boolean { return this.direction === 'rtl'; }

  /**
   * Where a box laid out for a left-to-right page, at x and `width` wide, stands on this one: the
   * same place left to right; its mirror image across the page's centre right to left (its left
   * edge, so a rectangle or QR code is drawn from there unflipped). A point is a box 0 wide.
   */
  mirror(page: PDFPage, x: number, width = 0): number {
    return this.rtl ? page.getWidth() - x - width : x;
  }

  /** The left edge of a line `lineWidth` wide whose `align` edge stands at x. */
  left(x: number, lineWidth: number, align: Align = 'left'): number {
    const side = align === 'start' ? (this.rtl ? 'right' : 'left') : align === 'end' ? (this.rtl ? 'left' : 'right') : align;
    return side === 'left' ? x : side === 'right' ? x - lineWidth : x - lineWidth / 2;
  }

  /**
   * Puts the text drawn so far on its pages and saves the document. Text is held until here
   * because pdf-lib embeds a font asynchronously and only the faces some text used should be
   * embedded (an unused one still costs about 1.7 KB and 12 ms): so the text lies above every
   * shape drawn on the page, whenever that shape was drawn.
   */
  async save(): Promise<Uint8Array> {
    const fonts = new Map<string, PDFFont>();
    for (const { shaped, weight } of this.pending) {
      const key = `${shaped.run.script}/${weight}`;
      if (!fonts.has(key)) fonts.set(key, await this.pdf.embedFont(loadFont(shaped.run.script, weight).bytes, { subset: true }));
    }
    for (const r of this.pending.splice(0)) this.drawRun(r.page, fonts.get(`${r.shaped.run.script}/${r.weight}`)!, r.shaped, r.x, r.y, r.size, r.color);
    return this.pdf.save();
  }

  /** The width of one line at `size`, as draw() would lay it out. */
  width(text: string, size: number, weight: Weight = 'regular'): number {
    return shapeLine(text, weight).reduce((w, r) => w + runWidth(r, size), 0);
  }

  /**
   * Draws one line with its baseline at y and its `align` edge (left by default) at x, on the
   * page at save().
   */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle): void {
    const { size, weight = 'regular', color = rgb(0, 0, 0), align = 'left' } = style;
    const runs = shapeLine(text, weight);
    let pen = align === 'left' ? x : this.left(x, runs.reduce((w, r) => w + runWidth(r, size), 0), align);
    for (const shaped of runs) {
      this.pending.push({ page, shaped, weight, x: pen, y, size, color });
      pen += runWidth(shaped, size);
    }
  }

  /** The line cut to maxWidth with an ellipsis, between whole characters (a letter keeps its marks). */
  fit(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string {
    if (this.width(text, size, weight) <= maxWidth) return text;
    const graphemes = [...segmenter.segment(text.normalize('NFC'))].map((s) => s.segment);
    while (graphemes.length > 1 && this.width(`${graphemes.join('')}${ELLIPSIS}`, size, weight) > maxWidth) graphemes.pop();
    return `${graphemes.join('').trimEnd()}${ELLIPSIS}`;
  }

  /** Lines of at most maxWidth, broken at spaces. */
  wrap(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string[] {
    return breakLines(text.split(/\s+/).filter(Boolean), ' ', (l) => this.width(l, size, weight) <= maxWidth);
  }

  /** Lines of at most maxWidth, broken anywhere between characters (links have no spaces). */
  wrapAnywhere(text: string, size: number, maxWidth: number, weight: Weight = 'regular'): string[] {
    const graphemes = [...segmenter.segment(text.normalize('NFC'))].map((s) => s.segment);
    return breakLines(graphemes, '', (l) => this.width(l, size, weight) <= maxWidth);
  }

  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let keys = this.pageKeys.get(page);
    if (!keys) this.pageKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
    return key;
  }

  private drawRun(page: PDFPage, pdfFont: PDFFont, shaped: ShapedRun, x: number, y: number, size: number, color: Color): void {
    // pdf-lib's encodeText lays the run out with the same fontkit font, so its codes are the
    // subset ids of exactly our glyphs (and registers them for the subset, widths and ToUnicode).
    const hex = pdfFont.encodeText(shaped.run.text).asString();
    const codes = Array.from({ length: hex.length / 4 }, (_, i) => hex.slice(4 * i, 4 * i + 4));
    if (codes.length !== shaped.glyphIds.length) throw new Error('pdf-text: pdf-lib laid the run out differently');
    if (shaped.reversed) codes.reverse();
    const { font, positions } = shaped;
    const scale = 1000 / font.unitsPerEm;
    const ops: PDFOperator[] = [
      pushGraphicsState(), beginText(), setFontAndSize(this.fontKey(page, pdfFont), size), setFillingColor(color), setTextMatrix(1, 0, 0, 1, x, y),
    ];
    // TJ shows each glyph and moves by its width in the font (hmtx); the numbers between glyphs turn
    // that into fontkit's advance and offsets. A vertical offset (a mark above or below) needs the
    // text rise (Ts), which cannot change inside one TJ, so the array is cut there.
    let items: (PDFHexString | number)[] = [];
    let rise = 0;
    const flush = () => { if (items.length) ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [this.pdf.context.obj(items)])); items = []; };
    for (const cluster of shaped.clusters) {
      ops.push(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        // An inline property list (a dictionary operand), which pdf-lib's operand type leaves out.
        PDFName.of('Span'), this.pdf.context.obj({ ActualText: PDFHexString.fromText(cluster.text) }) as unknown as PDFName,
      ]));
      for (let i = cluster.from; i <= cluster.to; i++) {
        const p = positions[i]!;
        const glyphRise = (p.yOffset * size) / font.unitsPerEm;
        if (glyphRise !== rise) { flush(); ops.push(setTextRise(round(glyphRise))); rise = glyphRise; }
        if (p.xOffset) items.push(round(-p.xOffset * scale));
        items.push(PDFHexString.of(codes[i]!));
        const adjust = (font.getGlyph(shaped.glyphIds[i]!).advanceWidth - p.xAdvance + p.xOffset) * scale;
        if (adjust) items.push(round(adjust));
      }
      flush();
      ops.push(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    }
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }
}

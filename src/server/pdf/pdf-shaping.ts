import bidiFactory, { type Bidi } from 'bidi-js';
import type { Font, GlyphPosition } from 'fontkit';
import { loadFont, SCRIPTS, scriptOf, type Script, type Weight } from './pdf-fonts.ts';

/**
 * One line of text as PdfText draws it (pdf-text.ts has the whole story): split into runs of one
 * bidi level and one font, in visual order, each shaped by fontkit with its glyphs mapped back to
 * the characters they stand for; and line breaking by a measure the caller gives.
 */
// bidi-js is CommonJS whose module.exports is the factory; its types describe an ES default export.
const bidi = (bidiFactory as unknown as () => Bidi)();

/** `text` is what is drawn (brackets mirrored in right-to-left runs), `actual` what it says. */
export interface Run { text: string; actual: string; script: Script; level: number }
/** Glyphs from..to (visual indices, inclusive) that stand for `text`. */
interface Cluster { from: number; to: number; text: string }
export interface ShapedRun {
  run: Run; font: Font; glyphIds: number[]; positions: GlyphPosition[]; reversed: boolean; clusters: Cluster[];
}

export const round = (n: number) => Math.round(n * 1000) / 1000;

export function runWidth(shaped: ShapedRun, size: number): number {
  return (shaped.positions.reduce((w, p) => w + p.xAdvance, 0) * size) / shaped.font.unitsPerEm;
}

/**
 * fontkit's layout of a run, in visual (left-to-right) order. fontkit picks the direction from
 * the script it detects; where that differs from the bidi level (Arabic-Indic digits are Arabic
 * script but read left-to-right; neutrals alone in a right-to-left run are Common, so fontkit
 * leaves them left-to-right), the glyphs are turned round here.
 */
function layout(font: Font, text: string, level?: number): { glyphIds: number[]; positions: GlyphPosition[]; reversed: boolean } {
  const run = font.layout(text);
  const glyphIds = run.glyphs.map((g) => g.id);
  const positions = run.positions;
  const rtl = (run as unknown as { direction?: string }).direction === 'rtl';
  const reversed = level !== undefined && rtl !== (level % 2 === 1);
  if (reversed) { glyphIds.reverse(); positions.reverse(); }
  return { glyphIds, positions, reversed };
}

/**
 * What each glyph says, for the /ActualText spans. A left-to-right run is one span: readers take
 * its text in order over the glyphs. A right-to-left run is one span per letter (with its marks):
 * a reader such as pdftotext puts a right-to-left line back into logical order from the glyphs'
 * positions, so each span must sit on its own letter — a single span would come out reversed.
 * Where glyphs and letters do not pair up one to one (a ligature such as lam-alef), the run falls
 * back to one span.
 */
function clusters(font: Font, glyphIds: number[], run: Run): Cluster[] {
  const whole = [{ from: 0, to: glyphIds.length - 1, text: run.actual }];
  if (run.level % 2 === 0 || glyphIds.length === 0) return whole;
  const groups: number[][] = [];
  for (let i = glyphIds.length - 1; i >= 0; i--) { // logical order: right to left
    if (!groups.length || !font.getGlyph(glyphIds[i]!).isMark) groups.push([i]);
    else groups[groups.length - 1]!.push(i);
  }
  const letters = run.actual.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [];
  if (letters.length !== groups.length) return whole;
  return groups
    .map((g, k) => ({ from: Math.min(...g), to: Math.max(...g), text: letters[k]! }))
    .sort((a, b) => a.from - b.from);
}

const shapeCache = new Map<string, ShapedRun[]>();

/** One line as shaped runs in visual order (left to right). */
export function shapeLine(input: string, weight: Weight): ShapedRun[] {
  const key = `${weight}\u0000${input}`;
  const cached = shapeCache.get(key);
  if (cached) return cached;
  const runs = visualRuns(input.normalize('NFC').replace(/\s/gu, ' ')).map((run) => {
    const font = loadFont(run.script, weight).font;
    const laidOut = layout(font, run.text, run.level);
    return { run, font, ...laidOut, clusters: clusters(font, laidOut.glyphIds, run) };
  });
  // A PDF measures the same strings many times while fitting and wrapping; bounded, so a long-lived
  // server does not keep every name it ever printed.
  if (shapeCache.size > 2000) shapeCache.clear();
  shapeCache.set(key, runs);
  return runs;
}

/** Characters no font here can draw show as "?" (as WinAnsi did), never as an empty box. */
function drawable(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += SCRIPTS.some((s) => loadFont(s, 'regular').font.hasGlyphForCodePoint(cp)) ? ch : /\p{M}/u.test(ch) ? '' : '?';
  }
  return out;
}

/** Splits a line into runs of one bidi level and one font, in visual order. */
export function visualRuns(line: string): Run[] {
  const text = drawable(line);
  if (!text) return [];
  const { levels } = bidi.getEmbeddingLevels(text, 'auto');
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  const chars: { ch: string; actual: string; level: number; script: Script | null }[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const actual = String.fromCodePoint(cp);
    chars.push({ ch: mirrored.get(i) ?? actual, actual, level: levels[i]!, script: scriptOf(cp) });
    i += cp > 0xffff ? 2 : 1;
  }
  // Shared characters take the script before them (or, at the start, the first one after) when
  // that font has the glyph; Noto Sans has all of them otherwise.
  let previous: Script | null = chars.find((c) => c.script)?.script ?? 'latin';
  for (const c of chars) {
    if (c.script) { previous = c.script; continue; }
    c.script = loadFont(previous, 'regular').font.hasGlyphForCodePoint(c.ch.codePointAt(0)!) ? previous : 'latin';
  }
  const runs: Run[] = [];
  for (const c of chars) {
    const last = runs[runs.length - 1];
    if (last && last.level === c.level && last.script === c.script) { last.text += c.ch; last.actual += c.actual; }
    else runs.push({ text: c.ch, actual: c.actual, level: c.level, script: c.script! });
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every stretch of runs at
  // that level or above.
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
  for (let level = max; level >= minOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) { i++; continue; }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs;
}

export function breakLines(pieces: string[], joiner: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const next = current ? `${current}${joiner}${piece}` : piece;
    if (current && !fits(next)) { lines.push(current); current = piece; } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

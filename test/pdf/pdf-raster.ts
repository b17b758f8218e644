// What a PDF shows, read with the real poppler tools: words with their boxes (pdftotext -bbox) and
// a page rendered to grey pixels (pdftoppm), cut into ink blobs, so a test can tell letters from
// empty boxes ("tofu") and from question marks.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DPI = 150;

async function withPdf<T>(pdf: Uint8Array, fn: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'karibu-pdf-raster-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    return await fn(join(dir, 'doc.pdf'), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdftotext's text of the page (reading order as poppler gives it). */
export function pdfToText(pdf: Uint8Array): Promise<string> {
  return withPdf(pdf, async (file) => (await run('pdftotext', [file, '-'])).stdout);
}

/** A word as pdftotext places it, in points from the page's top left. */
export interface WordBox { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

export function wordBoxes(pdf: Uint8Array): Promise<WordBox[]> {
  return withPdf(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-bbox', file, '-']);
    return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! }));
  });
}

export interface Gray { width: number; height: number; pixels: Uint8Array }

/** The first page at DPI in 8-bit grey (pdftoppm -gray writes a binary PGM). */
export function renderGray(pdf: Uint8Array): Promise<Gray> {
  return withPdf(pdf, async (file, dir) => {
    await run('pdftoppm', ['-gray', '-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const bytes = await readFile(join(dir, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write an 8-bit PGM');
    const width = Number(header[1]);
    const height = Number(header[2]);
    return { width, height, pixels: bytes.subarray(header[0].length, header[0].length + width * height) };
  });
}

/** One connected stretch of ink (8-neighbour), with its box in pixels. */
export interface Blob { pixels: number; x0: number; y0: number; x1: number; y1: number; edgePixels: number }

/**
 * The ink blobs inside a box given in points (top-left origin). Ink is a pixel darker than mid
 * grey. `edgePixels` counts a blob's pixels within 2 px of its own box's border: an empty box is
 * almost all edge, a letter is not.
 */
export function inkBlobs(page: Gray, box: { x0: number; y0: number; x1: number; y1: number }): Blob[] {
  const s = DPI / 72;
  const [x0, y0] = [Math.max(0, Math.floor(box.x0 * s)), Math.max(0, Math.floor(box.y0 * s))];
  const [x1, y1] = [Math.min(page.width - 1, Math.ceil(box.x1 * s)), Math.min(page.height - 1, Math.ceil(box.y1 * s))];
  const ink = (x: number, y: number) => page.pixels[y * page.width + x]! < 128;
  const seen = new Set<number>();
  const blobs: Blob[] = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!ink(x, y) || seen.has(y * page.width + x)) continue;
      const points: [number, number][] = [];
      const stack: [number, number][] = [[x, y]];
      seen.add(y * page.width + x);
      while (stack.length) {
        const [px, py] = stack.pop()!;
        points.push([px, py]);
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const [nx, ny] = [px + dx, py + dy];
            if (nx < x0 || ny < y0 || nx > x1 || ny > y1 || !ink(nx, ny) || seen.has(ny * page.width + nx)) continue;
            seen.add(ny * page.width + nx);
            stack.push([nx, ny]);
          }
        }
      }
      const b = {
        x0: Math.min(...points.map((p) => p[0])), y0: Math.min(...points.map((p) => p[1])),
        x1: Math.max(...points.map((p) => p[0])), y1: Math.max(...points.map((p) => p[1])),
      };
      const edgePixels = points.filter(([px, py]) => px - b.x0 < 2 || b.x1 - px < 2 || py - b.y0 < 2 || b.y1 - py < 2).length;
      blobs.push({ ...b, pixels: points.length, edgePixels });
    }
  }
  return blobs.sort((a, b) => a.x0 - b.x0);
}

/** Empty boxes: blobs of glyph size whose ink is nearly all on their own border. */
export function tofuBoxes(blobs: readonly Blob[]): Blob[] {
  return blobs.filter((b) => b.x1 - b.x0 >= 6 && b.y1 - b.y0 >= 10 && b.edgePixels / b.pixels > 0.9);
}

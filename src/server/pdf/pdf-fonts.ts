import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';

/**
 * The fonts every Karibu PDF draws with: Noto Sans for Latin (with Greek and Cyrillic, every
 * diacritic and the combining marks Yorùbá or Vietnamese need), Noto Sans Ethiopic for Amharic
 * (Ge'ez), Noto Sans Arabic for Arabic. They are the static TTFs that Google Fonts publishes, as
 * shipped by the @expo-google-fonts packages (OFL-1.1) — files on disk inside node_modules, so
 * nothing is fetched at run time, and plain TrueType, which needs no decoding before subsetting
 * (the @fontsource packages carry WOFF2 cut into unicode-range pieces, so a name's letters and
 * its combining marks could land in different files). One family across the three scripts, so
 * a ticket mixing them looks like one design. Each file is read and parsed once per process, on
 * the first PDF that needs it.
 *
 * The font engine is upstream fontkit, not pdf-lib's fork @pdf-lib/fontkit: the fork's TrueType
 * subsetter writes a short `loca` over glyph records of odd length, so every glyph after the first
 * odd one points into the middle of another and renders blank (with Noto Sans: "á", "n", "l" and
 * "V" vanished from "Adébáyọ̀ Ògúnlẹ̀yẹ" and "Venue"), a bug fixed upstream in fontkit 1.8.
 */
export type Script = 'latin' | 'ethiopic' | 'arabic';
export type Weight = 'regular' | 'bold';
export const SCRIPTS: readonly Script[] = ['latin', 'ethiopic', 'arabic'];

const FILES: Record<Script, Record<Weight, string>> = {
  latin: {
    regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  },
  ethiopic: {
    regular: '@expo-google-fonts/noto-sans-ethiopic/400Regular/NotoSansEthiopic_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-ethiopic/700Bold/NotoSansEthiopic_700Bold.ttf',
  },
  arabic: {
    regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  },
};

export interface LoadedFont {
  /** The file's bytes: what pdf-lib subsets from. */
  bytes: Uint8Array;
  /** fontkit's parse of those bytes, shared by every PDF (layout and measuring). */
  font: Font;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, LoadedFont>();
/** Parsed fonts by their bytes, so pdf-lib's embedFont reuses the parse instead of redoing it. */
const byBytes = new WeakMap<Uint8Array, Font>();

export function loadFont(script: Script, weight: Weight): LoadedFont {
  const file = FILES[script][weight];
  let found = loaded.get(file);
  if (!found) {
    const buffer = readFileSync(require.resolve(file));
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    found = { bytes, font: fontkit.create(buffer) as Font };
    byBytes.set(bytes, found.font);
    loaded.set(file, found);
  }
  return found;
}

/**
 * What pdf-lib's registerFontkit takes: fontkit, answering our bytes with the parse above, and
 * with the one call pdf-lib makes that fontkit 2 renamed — pdf-lib reads a subset from the event
 * stream `encodeStream()` returned in fontkit 1; fontkit 2 returns the bytes from `encode()`.
 */
export const pdfLibFontkit = {
  create(bytes: Uint8Array): Font {
    const font = byBytes.get(bytes) ?? (fontkit.create(Buffer.from(bytes)) as Font);
    return new Proxy(font, {
      get(target, key, receiver) {
        if (key !== 'createSubset') return Reflect.get(target, key, receiver);
        return () => {
          const subset = target.createSubset();
          return Object.assign(subset, {
            encodeStream() {
              const stream = new EventEmitter();
              setImmediate(() => {
                try { stream.emit('data', subset.encode()); stream.emit('end'); } catch (err) { stream.emit('error', err); }
              });
              return stream;
            },
          });
        };
      },
    });
  },
};

/**
 * The script whose font draws a code point, or null for those shared by every script — spaces,
 * digits, punctuation, combining marks — which go with their neighbours (pdf-text.ts).
 */
export function scriptOf(codePoint: number): Script | null {
  const ch = String.fromCodePoint(codePoint);
  if (/\p{Script=Arabic}/u.test(ch)) return 'arabic';
  if (/\p{Script=Ethiopic}/u.test(ch)) return 'ethiopic';
  if (/[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) return null;
  return 'latin';
}

/**
 * How many SMS segments a text costs (what the console shows next to a message preview). A text
 * entirely in the GSM 03.38 alphabet goes as GSM-7: 160 characters in one segment, 153 per segment
 * when split (the rest is the concatenation header); the extension table (€ [ ] { } ^ ~ \ |)
 * costs two characters each. One character outside it turns the whole text to UCS-2: 70, then 67
 * per segment, counted in UTF-16 code units (an emoji is two).
 */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';
const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

export interface SegmentCount { encoding: 'gsm7' | 'ucs2'; characters: number; segments: number }

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC_SET.has(ch) && !EXTENDED_SET.has(ch)) return false;
  return true;
}

export function segmentCount(text: string): SegmentCount {
  if (isGsm7(text)) {
    let septets = 0;
    for (const ch of text) septets += EXTENDED_SET.has(ch) ? 2 : 1;
    return { encoding: 'gsm7', characters: septets, segments: septets === 0 ? 1 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length;
  return { encoding: 'ucs2', characters: units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

import type { SmsLanguage } from '../../contracts/sms.contract.ts';

/**
 * What an attendee's text asks for. Tolerant, because people type on feature phones in a queue:
 * case, spacing, punctuation and a missing keyword do not matter (`CHECKIN 482916`,
 * `checkin482916`, `Check-in: 482 916`, `482916`), and an event code may follow the PIN when the
 * PIN is ambiguous (`CHECKIN 482916 LTS`). The keyword also tells which language the sender used.
 *
 * Keywords per language: add a language here and in sms-catalog.ts.
 */
export const KEYWORDS: Record<SmsLanguage, { checkIn: string[]; help: string[] }> = {
  en: { checkIn: ['CHECKIN', 'CHECK', 'IN', 'ENTER', 'PIN'], help: ['HELP', 'INFO'] },
  fr: { checkIn: ['ENTRER', 'ENTREE', 'ENREGISTRER', 'ARRIVEE'], help: ['AIDE'] },
};

export type ParsedSms =
  | { kind: 'checkin'; pin: string; eventCode: string | null; language: SmsLanguage | null }
  | { kind: 'help' | 'unreadable'; language: SmsLanguage | null };

/** Upper case, accents dropped (ENTRÉE = ENTREE), everything but letters and digits as one space. */
function normalize(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
}

const ALL_CHECKIN = Object.entries(KEYWORDS).flatMap(([lang, k]) => k.checkIn.map((w) => [w, lang as SmsLanguage] as const))
  // Longest first: CHECKIN before CHECK before IN.
  .sort((a, b) => b[0].length - a[0].length);

export function parseSms(raw: string): ParsedSms {
  let text = normalize(raw.slice(0, 500));
  let language: SmsLanguage | null = null;
  for (const [lang, k] of Object.entries(KEYWORDS) as [SmsLanguage, (typeof KEYWORDS)[SmsLanguage]][]) {
    if (k.help.includes(text)) return { kind: 'help', language: lang };
  }
  // Keywords, possibly run together with the PIN ("CHECKIN482916") or split ("CHECK IN").
  for (let again = true; again;) {
    again = false;
    for (const [word, lang] of ALL_CHECKIN) {
      if (text.startsWith(word) && (text.length === word.length || /[ 0-9]/.test(text[word.length]!))) {
        text = text.slice(word.length).trim();
        language ??= lang;
        again = true;
        break;
      }
    }
  }
  // The PIN: six digits, maybe written in groups ("482 916").
  const m = /^((?:[0-9] ?){6})(?: ([A-Z0-9]{2,6}))?$/.exec(text);
  if (!m) return { kind: 'unreadable', language };
  const pin = m[1]!.replace(/ /g, '');
  if (pin.length !== 6) return { kind: 'unreadable', language };
  return { kind: 'checkin', pin, eventCode: m[2] ?? null, language };
}

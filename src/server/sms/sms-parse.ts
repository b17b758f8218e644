import type { SmsLanguage } from '../../contracts/sms.contract.ts';

/**
 * What an attendee's text asks for. Tolerant, because people type on feature phones in a queue:
 * case, spacing, punctuation and a missing keyword do not matter (`CHECKIN 482916`,
 * `checkin482916`, `Check-in: 482 916`, `482916`), and an event code may follow the PIN when the
 * PIN is ambiguous (`CHECKIN 482916 LTS`). The keyword also tells which language the sender used;
 * the English CHECKIN works whatever the language.
 *
 * Keywords per language (add a language here and in sms-catalog.ts): what a native speaker types
 * to get in ("enter", "entry", "I have arrived"); the first is the one the replies teach. Written
 * as people type them: they go through the same normalize() as the texts. Amharic also takes GIBA,
 * since many feature phones in Ethiopia have no Ge'ez keyboard and people text Amharic in Latin
 * letters. Arabic PINs may come in Arabic-Indic digits (٤٨٢٩١٦).
 */
export const KEYWORDS: Record<SmsLanguage, { checkIn: string[]; help: string[] }> = {
  en: { checkIn: ['CHECKIN', 'CHECK', 'IN', 'ENTER', 'PIN'], help: ['HELP', 'INFO'] },
  fr: { checkIn: ['ENTRER', 'ENTRÉE', 'ENREGISTRER', 'ARRIVÉE'], help: ['AIDE'] },
  sw: { checkIn: ['INGIA', 'KUINGIA', 'NIMEFIKA'], help: ['MSAADA', 'SAIDIA'] },
  am: { checkIn: ['ግባ', 'ግቢ', 'መግቢያ', 'GIBA'], help: ['እርዳታ'] },
  ar: { checkIn: ['دخول', 'الدخول', 'ادخل', 'تسجيل', 'حضور'], help: ['مساعدة'] },
  pt: { checkIn: ['ENTRAR', 'ENTRADA'], help: ['AJUDA'] },
};

export type ParsedSms =
  | { kind: 'checkin'; pin: string; eventCode: string | null; language: SmsLanguage | null }
  | { kind: 'help' | 'unreadable'; language: SmsLanguage | null };

/**
 * Upper case, accents and Arabic vowel marks dropped (ENTRÉE = ENTREE, أدخل = ادخل), Arabic letter
 * variants folded (ة = ه, ى = ي, no tatweel), Arabic-Indic and full-width digits as 0-9, everything
 * but letters and digits as one space. NFKD also unfolds Arabic presentation forms.
 */
function normalize(text: string): string {
  return text.normalize('NFKD')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0))
    .replace(/\p{M}|\u0640/gu, '')
    .replace(/\u0629/g, '\u0647').replace(/\u0649/g, '\u064A')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const LANGS = Object.keys(KEYWORDS) as SmsLanguage[];
const HELP = LANGS.flatMap((lang) => KEYWORDS[lang].help.map((w) => [normalize(w), lang] as const));
const ALL_CHECKIN = LANGS.flatMap((lang) => KEYWORDS[lang].checkIn.map((w) => [normalize(w), lang] as const))
  // Longest first: CHECKIN before CHECK before IN.
  .sort((a, b) => b[0].length - a[0].length);

export function parseSms(raw: string): ParsedSms {
  let text = normalize(raw.slice(0, 500));
  let language: SmsLanguage | null = null;
  const help = HELP.find(([word]) => word === text);
  if (help) return { kind: 'help', language: help[1] };
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

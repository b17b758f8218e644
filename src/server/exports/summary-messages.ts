/**
 * The words of the event summary PDF in Karibu's six languages: a catalog per language beside
 * this file (summary-messages.{code}.ts), English the one the others are typed against. Whole
 * sentences with named placeholders, plurals by the CLDR category of `{count}`, numbers through
 * Intl for the language; summary-messages.test.ts checks every catalog against English.
 */
import { LANGUAGES, type Language } from '../../core/languages.ts';
import am from './summary-messages.am.ts';
import ar from './summary-messages.ar.ts';
import en from './summary-messages.en.ts';
import fr from './summary-messages.fr.ts';
import pt from './summary-messages.pt.ts';
import sw from './summary-messages.sw.ts';

export type { PluralMessage, SummaryCatalog, SummaryKey } from './summary-messages.types.ts';
import type { SummaryCatalog, SummaryKey } from './summary-messages.types.ts';

export const SUMMARY_CATALOGS: Record<Language, SummaryCatalog> = { en, fr, sw, am, ar, pt };
export { LANGUAGES as SUMMARY_LANGUAGES };

export type SummaryTranslate = (key: SummaryKey, params?: Record<string, string | number>) => string;

/** The summary's words in `language`; a number in params is written the language's way. */
export function summaryTranslator(language: Language): SummaryTranslate {
  const catalog = SUMMARY_CATALOGS[language];
  const plural = new Intl.PluralRules(language);
  const number = new Intl.NumberFormat(language);
  return (key, params = {}) => {
    const message = catalog[key];
    const count = params.count;
    const text = typeof message === 'string' ? message
      : typeof count === 'number' ? (count === 0 && message.zero) || message[plural.select(count)] || message.other
        : message.other;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? number.format(value) : value;
    });
  };
}

import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../core/languages.ts';
import { SUMMARY_CATALOGS, summaryTranslator } from './summary-messages.ts';

// Every language of the summary PDF has the English keys with the same placeholders, and each
// plural message the CLDR categories of its language: an organizer never reads "{count}" or a
// line left in English.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const forms = (message: string | Record<string, string>) => (typeof message === 'string' ? [message] : Object.values(message));

describe('summary PDF catalogs', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key, placeholders and plural forms', (lang) => {
    const en = SUMMARY_CATALOGS.en;
    const other = SUMMARY_CATALOGS[lang];
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const [source, message] = [en[key], other[key]];
      expect(typeof message, `${lang} ${key}`).toBe(typeof source);
      const wanted = forms(source).flatMap((f) => placeholders(f));
      for (const form of forms(message)) {
        for (const p of placeholders(form)) expect(wanted, `${lang} ${key}: {${p}}`).toContain(p);
        expect(form.replace(/\{\w+\}/g, ''), `${lang} ${key}`).not.toMatch(/[{}]/);
      }
      if (typeof message !== 'string') {
        // The language's categories, plus `zero` where a language wants a form of its own for none.
        expect(Object.keys(message).sort(), `${lang} ${key}`).toEqual([...new Set([...categories, ...('zero' in message ? ['zero'] : [])])].sort());
      }
    }
  });

  it('picks the plural form of the language and writes numbers its way', () => {
    expect(summaryTranslator('en')('arrivals', { count: 1 })).toBe('Arrivals: admissions per minute (re-entries included)');
    expect(summaryTranslator('en')('otherTypes', { count: 1200 })).toBe('1,200 other types');
    expect(summaryTranslator('fr')('otherTypes', { count: 1200 })).toBe('1\u202f200 autres types');
    expect(summaryTranslator('ar')('arrivals', { count: 10 })).toContain('كل 10 دقائق');
    expect(summaryTranslator('ar')('arrivals', { count: 20 })).toContain('كل 20 دقيقة');
  });
});

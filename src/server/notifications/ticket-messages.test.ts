import { describe, expect, it } from 'vitest';
import { CATALOGS, EMAIL_LOCALES, emailLocale } from './ticket-messages.ts';

// Each language of the ticket email and PDF has exactly the English keys, with the same
// placeholders: a holder never reads a raw "{event}" or an English line in their mail.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('ticket email catalogs', () => {
  it.each(EMAIL_LOCALES.filter((l) => l !== 'en'))('%s has every English key with the same placeholders', (locale) => {
    const en = CATALOGS.en as Record<string, string>;
    const other = CATALOGS[locale] as Record<string, string>;
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(placeholders(other[key]!), `${locale} ${key}`).toEqual(placeholders(en[key]!));
      expect(other[key]!.replace(/\{\w+\}/g, ''), `${locale} ${key}`).not.toMatch(/[{}]/);
    }
  });

  it('picks the language of a tag by its base, English otherwise', () => {
    expect(emailLocale('fr-CI')).toBe('fr');
    expect(emailLocale('sw_TZ')).toBe('sw');
    expect(emailLocale('de')).toBe('en');
    expect(emailLocale(null)).toBe('en');
  });
});

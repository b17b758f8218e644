// Catalog discipline for every app and every language: exactly the English keys (no missing, no
// extra), the same placeholders in every form, and plurals with exactly the CLDR categories of
// the language that counts up to 10,000 reach (from Intl.PluralRules: French and Portuguese
// 'many' is for millions, where 'other' reads right; a `zero` wording for "nothing" is allowed) —
// so no reader meets an English sentence, a raw "{name}" or a form their grammar does not have.
import { describe, expect, it } from 'vitest';
import type { Catalog, Message } from './i18n.ts';
import scannerEn from '../scanner/messages/en.ts';
import scannerFr from '../scanner/messages/fr.ts';
import attendeeEn from '../attendee/messages/en.ts';
import attendeeFr from '../attendee/messages/fr.ts';
import consoleEn from '../console/messages/en.ts';
import consoleFr from '../console/messages/fr.ts';

import scannerSw from '../scanner/messages/sw.ts';
import attendeeSw from '../attendee/messages/sw.ts';
import consoleSw from '../console/messages/sw.ts';

import scannerAm from '../scanner/messages/am.ts';
import attendeeAm from '../attendee/messages/am.ts';
import consoleAm from '../console/messages/am.ts';

import scannerAr from '../scanner/messages/ar.ts';
import attendeeAr from '../attendee/messages/ar.ts';
import consoleAr from '../console/messages/ar.ts';

import scannerPt from '../scanner/messages/pt.ts';
import attendeePt from '../attendee/messages/pt.ts';
import consolePt from '../console/messages/pt.ts';

export const APPS: Record<string, { en: Catalog; others: Record<string, Catalog> }> = {
  scanner: { en: scannerEn, others: { fr: scannerFr, sw: scannerSw, am: scannerAm, ar: scannerAr, pt: scannerPt } },
  attendee: { en: attendeeEn, others: { fr: attendeeFr, sw: attendeeSw, am: attendeeAm, ar: attendeeAr, pt: attendeePt } },
  console: { en: consoleEn, others: { fr: consoleFr, sw: consoleSw, am: consoleAm, ar: consoleAr, pt: consolePt } },
};

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!))].sort();
/** Placeholders a message uses in any form; `count` may be left out of a form ("one ticket"). */
const used = (m: Message): string[] => [...new Set(forms(m).flatMap(placeholders))].filter((p) => p !== 'count').sort();

describe.each(Object.entries(APPS))('%s catalogs', (_app, { en, others }) => {
  it.each(Object.keys(others))('%s has exactly the English keys', (lang) => {
    const catalog = others[lang]!;
    const missing = Object.keys(en).filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(Object.keys(others))('%s keeps every placeholder and no broken brace', (lang) => {
    const catalog = others[lang]!;
    for (const [key, message] of Object.entries(en)) {
      const theirs = catalog[key];
      if (theirs === undefined) continue;
      expect(used(theirs), `${lang} ${key}`).toEqual(used(message));
      for (const text of forms(theirs)) {
        // A lone or doubled brace is a typo that would print as-is.
        expect(text.replace(/\{\w+\}/g, ''), `${lang} ${key}`).not.toMatch(/[{}]/);
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it.each(Object.keys(others))('%s plurals have the language’s own categories', (lang) => {
    const rules = new Intl.PluralRules(lang);
    const categories = [...new Set(Array.from({ length: 10_001 }, (_, n) => rules.select(n)))];
    const catalog = others[lang]!;
    for (const [key, message] of Object.entries(en)) {
      const theirs = catalog[key];
      if (theirs === undefined) continue;
      expect(typeof theirs, `${lang} ${key}: plural in English, so plural here`).toBe(typeof message);
      if (typeof theirs === 'string') continue;
      const allowed = new Set([...rules.resolvedOptions().pluralCategories, 'zero']);
      const given = Object.keys(theirs);
      expect(categories.filter((c) => !given.includes(c)), `${lang} ${key}: missing forms`).toEqual([]);
      expect(given.filter((c) => !allowed.has(c as Intl.LDMLPluralRule)), `${lang} ${key}: forms the language has not`).toEqual([]);
    }
  });
});

// Staff read every verdict and status in their language: plural forms follow each language's
// rules, placeholders are filled in any word order, and no catalog misses a message.
import { describe, expect, it } from 'vitest';
import en from '../scanner/messages/en.ts';
import fr from '../scanner/messages/fr.ts';
import pt from '../scanner/messages/pt.ts';
import consoleEn from '../console/messages/en.ts';
import consoleFr from '../console/messages/fr.ts';
import { ERROR_CODES } from '../../server/shared/domain-error.ts';
import { REASON_CODES } from '../../core/index.ts';
import { formatMessage, pickLocale, type Catalog, type Message } from './i18n.ts';

const placeholders = (m: Message): string[] =>
  [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();

describe('message formatting', () => {
  it('picks plural forms by the language’s own rules', () => {
    const q = 'status.queued';
    expect(formatMessage(en, en, 'en', q, { count: 0 })).toBe('All synced');
    expect(formatMessage(en, en, 'en', q, { count: 1 })).toBe('1 scan to sync');
    expect(formatMessage(en, en, 'en', q, { count: 1200 })).toBe('1,200 scans to sync');
    // French: 1 and 1.5 are singular ("one"), unlike English; thousands use a narrow no-break space.
    expect(formatMessage(fr, en, 'fr', 'manual.codeLeft', { count: 1 })).toBe('Encore 1 caractère');
    expect(formatMessage(fr, en, 'fr', 'setup.downloadProgress', { count: 1.5 })).toBe('1,5 billet enregistré…');
    expect(formatMessage(fr, en, 'fr', q, { count: 2500 })).toMatch(/^2\s500 scans à synchroniser$/u);
  });

  it('uses the zero form for exactly 0, where Portuguese rules would say singular', () => {
    // Intl.PluralRules('pt') puts 0 in `one`; Angola and Mozambique say "0 bilhetes".
    expect(formatMessage(pt, en, 'pt', 'setup.downloadProgress', { count: 0 })).toBe('0 bilhetes guardados…');
    expect(formatMessage(pt, en, 'pt', 'setup.downloadProgress', { count: 1 })).toBe('1 bilhete guardado…');
  });

  it('fills named placeholders wherever the language puts them', () => {
    const catalog: Catalog = { 'verdict.previous': 'À {gate}, à {time}' };
    expect(formatMessage(catalog, en, 'fr', 'verdict.previous', { time: '19:42', gate: 'Main' })).toBe('À Main, à 19:42');
  });

  it('falls back to English, then to the key, for a missing message', () => {
    expect(formatMessage({}, en, 'fr', 'direction.in')).toBe('Entry');
    expect(formatMessage({}, {}, 'fr', 'nope.missing')).toBe('nope.missing');
  });

  it('follows the device language, by base language when the region differs', () => {
    expect(pickLocale(['fr-CI', 'en'], ['en', 'fr'])).toBe('fr');
    expect(pickLocale(['sw-KE', 'en-NG'], ['en', 'fr'])).toBe('en');
    expect(pickLocale(['am'], ['en', 'fr'])).toBe('en');
  });
});

describe('scanner catalogs', () => {
  it('French has every English message with the same placeholders and plural forms', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      const other = (fr as Record<string, Message>)[key]!;
      expect(placeholders(other), key).toEqual(placeholders(message));
      expect(typeof other, key).toBe(typeof message);
      if (typeof other !== 'string') expect(other.other, key).toBeTruthy();
    }
  });

  it('explains every reason code in plain words', () => {
    for (const reason of REASON_CODES) {
      expect((en as Record<string, Message>)[`reason.${reason}`], reason).toBeTruthy();
      expect((fr as Record<string, Message>)[`reason.${reason}`], reason).toBeTruthy();
    }
  });
});

describe('console catalogs', () => {
  it('French has every English message with the same placeholders and plural forms', () => {
    expect(Object.keys(consoleFr).sort()).toEqual(Object.keys(consoleEn).sort());
    for (const [key, message] of Object.entries(consoleEn)) {
      const other = (consoleFr as Record<string, Message>)[key]!;
      expect(placeholders(other), key).toEqual(placeholders(message));
      expect(typeof other, key).toBe(typeof message);
    }
  });

  it('words every API error code and every reason code, in both languages', () => {
    const keys = [...ERROR_CODES.map((c) => `error.${c}`), ...REASON_CODES.map((r) => `reason.${r}`)];
    for (const key of keys) {
      expect((consoleEn as Record<string, Message>)[key], key).toBeTruthy();
      expect((consoleFr as Record<string, Message>)[key], key).toBeTruthy();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './accept-language.ts';

const langs = ['en', 'fr'] as const;

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['fr-CI,fr;q=0.9,en;q=0.8', 'fr'],
    ['en-GB,en;q=0.9,fr;q=0.8', 'en'],
    ['sw-KE,sw;q=0.9,fr;q=0.5', 'fr'],
    ['en;q=0.3,fr;q=0.7', 'fr'],
    ['de,*;q=0.5', 'en'],
    ['fr;q=0,en', 'en'],
    ['FR-fr', 'fr'],
    [';;,,q=1', 'en'],
  ])('Accept-Language %j → %s', (header, expected) => {
    expect(negotiateLanguage(langs, header)).toBe(expected);
  });

  it('lets an explicit choice win over the browser, unless it is not a language we have', () => {
    expect(negotiateLanguage(langs, 'fr', 'en')).toBe('en');
    expect(negotiateLanguage(langs, 'en', 'fr-CA')).toBe('fr');
    expect(negotiateLanguage(langs, 'fr', 'xx')).toBe('fr');
  });
});

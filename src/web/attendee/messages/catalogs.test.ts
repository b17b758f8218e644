// Every attendee string exists in every language, with the same placeholders, so a French reader
// never meets an English sentence or a raw "{organizer}".
import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/i18n.ts';
import { formatMessage } from '../../shared/i18n.ts';
import en from './en.ts';
import fr from './fr.ts';

const placeholders = (m: Message): string[] =>
  [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();

describe('attendee catalogs', () => {
  it('French has every English message, with the same placeholders and plural shape', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      const other = (fr as Record<string, Message>)[key]!;
      expect(placeholders(other), key).toEqual(placeholders(message));
      expect(typeof other, key).toBe(typeof message);
    }
  });

  it('counts down in each language’s plural rules', () => {
    expect(formatMessage(en, en, 'en', 'ticket.newCodeIn', { count: 1 })).toBe('New code in 1 second');
    expect(formatMessage(en, en, 'en', 'ticket.newCodeIn', { count: 30 })).toBe('New code in 30 seconds');
    expect(formatMessage(fr, en, 'fr', 'ticket.newCodeIn', { count: 1 })).toBe('Nouveau code dans 1 seconde');
    expect(formatMessage(fr, en, 'fr', 'ticket.newCodeIn', { count: 12 })).toBe('Nouveau code dans 12 secondes');
  });
});

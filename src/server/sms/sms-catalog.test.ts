import { describe, expect, it } from 'vitest';
import { SMS_LANGUAGES, type SmsLanguage } from '../../contracts/sms.contract.ts';
import { LANGUAGES } from '../../core/index.ts';
import { isGsm7, segmentCount } from './gsm7.ts';
import { LANGUAGE_NAMES, smsCatalog, smsText, type SmsTextKey } from './sms-catalog.ts';
import { USSD_SCREEN, ussdScreen } from './sms-ussd.service.ts';

const KEYS = Object.keys(smsCatalog('en')) as SmsTextKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const SAMPLE = {
  name: 'Amina', event: 'Lagos Tech Summit', gate: 'Main', code: 'K7QF', pin: '482916', number: '20414',
  ussd: '*384*1234#', time: '18:30', minutes: 10, codes: 'LTS (Lagos Tech Summit), AF (Afro Fest)',
};
/** What a USSD screen may hold once the prefix is on: 182 in GSM-7, 80 in UCS-2. */
const screenLimit = (screen: string) => (isGsm7(screen) ? USSD_SCREEN.gsm7 : USSD_SCREEN.ucs2);
const screenLength = (screen: string) => (isGsm7(screen) ? segmentCount(screen).characters : screen.length);

describe('SMS catalogs', () => {
  it('speak every language of the app', () => {
    expect([...SMS_LANGUAGES].sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(SMS_LANGUAGES)('%s: every key, each with the placeholders of the English text', (lang) => {
    const catalog = smsCatalog(lang);
    expect(Object.keys(catalog).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      expect(catalog[key].trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(catalog[key]), `${lang}.${key}`).toEqual(placeholders(smsCatalog('en')[key]));
    }
  });

  it('keeps English, French, Swahili and Portuguese in GSM-7 (160 characters a segment), and the PIN message in one', () => {
    for (const lang of ['en', 'fr', 'sw', 'pt'] as const) {
      for (const key of KEYS) expect(isGsm7(smsText(lang, key, SAMPLE)), `${lang}.${key}: ${smsText(lang, key, SAMPLE)}`).toBe(true);
      for (const key of ['admitted', 'duplicate', 'pin', 'pinWithUssd', 'notFound', 'unreadable'] as const) {
        expect(segmentCount(smsText(lang, key, SAMPLE)).segments, `${lang}.${key}`).toBe(1);
      }
    }
  });

  it('keeps Amharic and Arabic (UCS-2, 70 a segment) within two segments, and short replies within one', () => {
    for (const lang of ['am', 'ar'] as const) {
      for (const key of KEYS) expect(segmentCount(smsText(lang, key, SAMPLE)).segments, `${lang}.${key}`).toBeLessThanOrEqual(2);
      for (const key of ['unreadable', 'paused', 'ended', 'test', 'ticketLine'] as const) {
        expect(segmentCount(smsText(lang, key, SAMPLE)).segments, `${lang}.${key}`).toBe(1);
      }
    }
  });

  it('puts the PIN, the number and the USSD code in pinWithUssd', () => {
    for (const lang of SMS_LANGUAGES) {
      const text = smsText(lang, 'pinWithUssd', SAMPLE);
      expect(text, lang).toContain('482916');
      expect(text, lang).toContain('20414');
      expect(text, lang).toContain(SAMPLE.ussd);
    }
  });
});

describe('USSD screens in every language', () => {
  /** Every screen answerUssd shows, as it shows it (prefix, menus). */
  const screens = (lang: SmsLanguage): [string, string][] => [
    ['menu', `CON ${smsText(lang, 'ussdMenu')}`],
    ['ask PIN', `CON ${smsText(lang, 'ussdAskPin')}`],
    ['ask event', `CON ${smsText(lang, 'ussdAskEvent')}\n1 Lagos Tech Summit\n2 Afro Fest`],
    ['languages', `CON ${smsText(lang, 'ussdLanguage')}\n${SMS_LANGUAGES.map((l, i) => `${i + 1} ${LANGUAGE_NAMES[l]}`).join('\n')}`],
    ...(['ussdLanguageSet', 'ussdTicketsSent', 'ussdNoTickets', 'ussdBad'] as const).map((k): [string, string] => [k, `END ${smsText(lang, k)}`]),
    ['rate limited', `END ${smsText(lang, 'rateLimited', SAMPLE)}`],
    ['unreadable', `END ${smsText(lang, 'unreadable')}`],
  ];

  it.each(SMS_LANGUAGES)('%s: each fits its screen (182 GSM-7 characters, 80 in UCS-2), CON/END included', (lang) => {
    for (const [what, screen] of screens(lang)) {
      expect(screen.length, `${lang} ${what}`).toBeLessThanOrEqual(182);
      expect(screenLength(screen), `${lang} ${what}: ${screen}`).toBeLessThanOrEqual(screenLimit(screen));
      expect(ussdScreen(screen), `${lang} ${what}`).toBe(screen);
    }
  });

  it('lists the six languages, each in itself, numbered 1 to 6', () => {
    const menu = SMS_LANGUAGES.map((l, i) => `${i + 1} ${LANGUAGE_NAMES[l]}`);
    expect(menu).toEqual(['1 English', '2 Français', '3 Kiswahili', '4 አማርኛ', '5 العربية', '6 Português']);
  });

  it('cuts a long screen to what its encoding holds, keeping the door code of an Amharic or Arabic check-in', () => {
    expect(ussdScreen(`END ${'a'.repeat(300)}`)).toHaveLength(182);
    expect(ussdScreen(`END ${'€'.repeat(100)}`)).toHaveLength(4 + 89);
    expect(ussdScreen(`END ${'ሀ'.repeat(100)}`)).toHaveLength(80);
    expect(ussdScreen(`END ${'😀'.repeat(50)}`)).toHaveLength(4 + 76);
    for (const lang of ['am', 'ar'] as const) {
      expect(ussdScreen(`END ${smsText(lang, 'admitted', SAMPLE)}`), lang).toContain('K7QF');
    }
  });
});

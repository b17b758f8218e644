import { describe, expect, it } from 'vitest';
import { parseSms } from './sms-parse.ts';
import { segmentCount } from './gsm7.ts';
import { eventCodes } from './sms-channels.service.ts';

describe('reading an attendee\'s text', () => {
  it.each([
    ['CHECKIN 482916', 'en'], ['checkin482916', 'en'], ['  Check-in: 482 916 ', 'en'], ['check in 482916', 'en'],
    ['482916', null], ['ENTRER 482916', 'fr'], ['entrée 482916', 'fr'], ['Entree482916', 'fr'],
  ])('%s → PIN 482916', (text, language) => {
    expect(parseSms(text)).toEqual({ kind: 'checkin', pin: '482916', eventCode: null, language });
  });

  it.each([
    ['INGIA 482916', 'sw'], ['ingia482916', 'sw'], ['Kuingia: 482 916', 'sw'], ['nimefika 482916', 'sw'],
    ['ENTRAR 482916', 'pt'], ['entrada 482916', 'pt'],
    ['دخول 482916', 'ar'], ['الدخول482916', 'ar'], ['أدخل 482916', 'ar'], ['دخول ٤٨٢٩١٦', 'ar'], ['\u200Fدخول: ۴۸۲ ۹۱۶', 'ar'],
    ['ግባ 482916', 'am'], ['ግባ፡482916', 'am'], ['መግቢያ 482 916', 'am'], ['giba 482916', 'am'],
  ])('%s → PIN 482916 in its language', (text, language) => {
    expect(parseSms(text)).toEqual({ kind: 'checkin', pin: '482916', eventCode: null, language });
  });

  it('takes the English CHECKIN whatever the language, and an event code after any keyword', () => {
    expect(parseSms('CHECKIN 482916')).toMatchObject({ kind: 'checkin', language: 'en' });
    expect(parseSms('INGIA 482916 lts')).toEqual({ kind: 'checkin', pin: '482916', eventCode: 'LTS', language: 'sw' });
    expect(parseSms('دخول 482916 LTS')).toEqual({ kind: 'checkin', pin: '482916', eventCode: 'LTS', language: 'ar' });
  });

  it('knows help in every language', () => {
    for (const [text, language] of [['msaada', 'sw'], ['AJUDA', 'pt'], ['مساعدة', 'ar'], ['مساعده', 'ar'], ['እርዳታ', 'am']]) {
      expect(parseSms(text!), text).toEqual({ kind: 'help', language });
    }
    expect(parseSms('INGIA 48291')).toEqual({ kind: 'unreadable', language: 'sw' });
    expect(parseSms('ግባ')).toEqual({ kind: 'unreadable', language: 'am' });
  });

  it('takes an event code after the PIN', () => {
    expect(parseSms('CHECKIN 482916 lts')).toEqual({ kind: 'checkin', pin: '482916', eventCode: 'LTS', language: 'en' });
    expect(parseSms('482916 AF2')).toMatchObject({ pin: '482916', eventCode: 'AF2' });
  });

  it('knows help and refuses what is no PIN', () => {
    expect(parseSms('help')).toEqual({ kind: 'help', language: 'en' });
    expect(parseSms('AIDE')).toEqual({ kind: 'help', language: 'fr' });
    for (const text of ['CHECKIN 48291', 'CHECKIN 4829161', 'hello', '', 'CHECKIN', 'CHECKIN abc']) expect(parseSms(text).kind).toBe('unreadable');
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 (160, then 153 per part), its extension table as two, and UCS-2 (70, then 67)', () => {
    expect(segmentCount('a'.repeat(160))).toEqual({ encoding: 'gsm7', characters: 160, segments: 1 });
    expect(segmentCount('a'.repeat(161))).toEqual({ encoding: 'gsm7', characters: 161, segments: 2 });
    expect(segmentCount('€'.repeat(80))).toEqual({ encoding: 'gsm7', characters: 160, segments: 1 });
    expect(segmentCount('Votre entrée à Lagos est enregistrée').encoding).toBe('gsm7');
    expect(segmentCount('ê'.repeat(70))).toEqual({ encoding: 'ucs2', characters: 70, segments: 1 });
    expect(segmentCount('ê'.repeat(71))).toEqual({ encoding: 'ucs2', characters: 71, segments: 2 });
  });
});

describe('event codes', () => {
  it('are initials, unique on a channel', () => {
    expect(eventCodes([{ id: 'a', name: 'Lagos Tech Summit' }, { id: 'b', name: 'Lagos Tech Social' }, { id: 'c', name: 'main' }]))
      .toEqual([{ eventId: 'a', code: 'LTS' }, { eventId: 'b', code: 'LTS2' }, { eventId: 'c', code: 'MAIN' }]);
  });
});

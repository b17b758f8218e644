import { SMS_LANGUAGES, type SmsLanguage } from '../../contracts/sms.contract.ts';
import { am } from './sms-catalog.am.ts';
import { ar } from './sms-catalog.ar.ts';
import { en } from './sms-catalog.en.ts';
import { fr } from './sms-catalog.fr.ts';
import { pt } from './sms-catalog.pt.ts';
import { sw } from './sms-catalog.sw.ts';

/**
 * The words of SMS and USSD replies, per language: whole sentences with named placeholders (each
 * language orders its own words), as the email catalogs do. Every refusal says what to do next.
 * The words live in sms-catalog.{en,fr,sw,am,ar,pt}.ts, typed against the English keys; a language
 * is added there, in CATALOGS and LANGUAGE_NAMES below, and with its keywords in sms-parse.ts.
 *
 * SMS text is money: one segment is 160 GSM-7 characters but only 70 in UCS-2, and a single
 * character outside GSM-7 turns the whole message to UCS-2. English, French, Swahili and
 * Portuguese are written to stay GSM-7 (each file says how); Amharic and Arabic cannot, so they
 * are kept short. A USSD screen holds 182 GSM-7 characters, 80 in UCS-2 (sms-ussd.service.ts).
 */

export type { SmsTextKey } from './sms-catalog.en.ts';
import type { SmsTextKey } from './sms-catalog.en.ts';

const CATALOGS: Record<SmsLanguage, Record<SmsTextKey, string>> = { en, fr, sw, am, ar, pt };

export function isSmsLanguage(lang: string | null | undefined): lang is SmsLanguage {
  return (SMS_LANGUAGES as readonly string[]).includes(lang ?? '');
}

export function smsText(lang: SmsLanguage, key: SmsTextKey, values: Record<string, string | number> = {}): string {
  return CATALOGS[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** The catalog of a language, for tests that read every text (placeholders, lengths, encodings). */
export function smsCatalog(lang: SmsLanguage): Readonly<Record<SmsTextKey, string>> {
  return CATALOGS[lang];
}

/**
 * Each language's name in itself, for the USSD language menu (numbered in SMS_LANGUAGES order).
 * Written with their own letters (ç, ê, Ge'ez, Arabic): the menu is UCS-2 anyway once it shows
 * አማርኛ and العربية, which is why its title (ussdLanguage) is short — the whole screen fits in 80.
 */
export const LANGUAGE_NAMES: Record<SmsLanguage, string> = {
  en: 'English', fr: 'Français', sw: 'Kiswahili', am: 'አማርኛ', ar: 'العربية', pt: 'Português',
};

/** The PIN message: "text CHECKIN 482916 to 20414", and "or dial *384*1234#" when the channel has a USSD code. */
export function pinWords(lang: SmsLanguage, v: { event: string; pin: string; number: string; ussd: string | null }): string {
  return v.ussd
    ? smsText(lang, 'pinWithUssd', { event: v.event, pin: v.pin, number: v.number, ussd: v.ussd })
    : smsText(lang, 'pin', { event: v.event, pin: v.pin, number: v.number });
}

import { describe, expect, it } from 'vitest';
import { EMAIL_LOCALES } from '../notifications/ticket-messages.ts';
import { CERTIFICATE_CATALOGS, certificateText } from './certificate-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('certificate wording', () => {
  it.each(EMAIL_LOCALES)('%s has every key, with the same placeholders as English', (locale) => {
    const en = CERTIFICATE_CATALOGS.en;
    const catalog = CERTIFICATE_CATALOGS[locale];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(catalog[key].trim(), `${locale}.${key}`).not.toBe('');
      expect(placeholders(catalog[key]), `${locale}.${key}`).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(certificateText('en')('attended', { event: 'Afya Summit' })).toBe('for attending Afya Summit');
    expect(certificateText('fr')('code', {})).toBe('Code de vérification : {code}');
  });
});

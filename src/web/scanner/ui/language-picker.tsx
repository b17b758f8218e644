// Language follows the device; staff can pick another (each language named in itself).
import { i18n, t } from '../i18n.ts';
import { IconLanguage } from './icons.tsx';

export function LanguagePicker() {
  return (
    <label class="language">
      <IconLanguage size={20} />
      <span class="visually-hidden">{t('common.language')}</span>
      <select value={i18n.locale.value} onChange={(e) => void i18n.setLocale((e.target as HTMLSelectElement).value)} data-testid="language">
        {i18n.locales.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}

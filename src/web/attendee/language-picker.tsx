// Language follows the browser; the reader can pick another, each language named in itself.
import { i18n, t } from './i18n.ts';

/** `onPicked` lets a page remember the choice beyond this phone (the ticket keeps its holder's language). */
export function LanguagePicker({ onPicked }: { onPicked?: (code: string) => void } = {}) {
  return (
    <label class="language">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
        <circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      <span class="visually-hidden">{t('common.language')}</span>
      <select value={i18n.locale.value} onChange={(e) => {
        const code = (e.target as HTMLSelectElement).value;
        void i18n.setLocale(code).then(() => onPicked?.(code));
      }} data-testid="language">
        {i18n.locales.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}

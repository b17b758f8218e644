// The console's translator, the scanner's way: English bundled (and the fallback), the others
// loaded on demand; the choice is remembered per browser.
import { createI18n, type Params } from '../shared/i18n.ts';
import en, { type MessageKey } from './messages/en.ts';

export const i18n = createI18n(
  [
    { code: 'en', name: 'English', dir: 'ltr', load: async () => en },
    { code: 'fr', name: 'Français', dir: 'ltr', load: () => import('./messages/fr.ts').then((m) => m.default) },
    { code: 'sw', name: 'Kiswahili', dir: 'ltr', load: () => import('./messages/sw.ts').then((m) => m.default) },
    { code: 'am', name: 'አማርኛ', dir: 'ltr', load: () => import('./messages/am.ts').then((m) => m.default) },
    { code: 'ar', name: 'العربية', dir: 'rtl', load: () => import('./messages/ar.ts').then((m) => m.default) },
    { code: 'pt', name: 'Português', dir: 'ltr', load: () => import('./messages/pt.ts').then((m) => m.default) },
  ],
  en,
  'karibu.console.locale',
);

export const t = (key: MessageKey, params?: Params): string => i18n.t(key, params);

/** The browser's own tag for the chosen language ('en-GB' for 'en'), so dates follow the
 * organizer's region (day before month, 24-hour clock) and not a default one. */
export const regionalTag = (): string =>
  (navigator.languages ?? []).find((tag) => tag.split('-')[0]!.toLowerCase() === i18n.locale.value) ?? i18n.locale.value;

/** A date and time in the organizer's language, e.g. "2 Dec 2026, 19:30". */
export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat(regionalTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';

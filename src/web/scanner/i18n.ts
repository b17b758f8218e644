// The scanner's translator: English is bundled (and the fallback), other languages load on demand
// and are precached by the service worker so they work offline too.
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
  'karibu.scan.locale',
);

export const t = (key: MessageKey, params?: Params): string => i18n.t(key, params);

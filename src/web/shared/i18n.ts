// Message catalogs for every browser app. Rules that keep later languages (Swahili, Amharic,
// Arabic right-to-left, Portuguese) a matter of adding a catalog, not changing code:
//   - whole sentences with named placeholders ("{name} entered at {time}"), never concatenation,
//     so each language orders the words itself;
//   - plurals by CLDR category from Intl.PluralRules (French "1 scan en attente" / "0 scan en
//     attente", Arabic has six forms), never `count === 1`;
//   - numbers, times and relative times through Intl with the chosen locale;
//   - direction (`dir`) comes from the locale and is set on <html>; CSS uses logical properties.
import { computed, signal } from '@preact/signals';

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Catalog = Record<string, Message>;
export type Params = Record<string, string | number>;

export interface LocaleDef {
  /** BCP 47 tag, e.g. 'en', 'fr'. */
  code: string;
  /** The language's own name, shown in the picker. */
  name: string;
  dir: 'ltr' | 'rtl';
  load: () => Promise<Catalog>;
}

const pluralRulesCache = new Map<string, Intl.PluralRules>();
const numberFormatCache = new Map<string, Intl.NumberFormat>();

function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralRulesCache.get(locale);
  if (!rules) pluralRulesCache.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

export function formatNumber(locale: string, n: number): string {
  let format = numberFormatCache.get(locale);
  if (!format) numberFormatCache.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}

/**
 * Formats one message: picks the plural form by `params.count` (CLDR category of the locale) and
 * fills `{placeholders}`; numbers are formatted for the locale. A missing key falls back to the
 * fallback catalog, then to the key itself (visible, so a gap is noticed, never a crash).
 */
export function formatMessage(
  catalog: Catalog,
  fallback: Catalog,
  locale: string,
  key: string,
  params: Params = {},
): string {
  const message = catalog[key] ?? fallback[key];
  if (message === undefined) return key;
  let template: string;
  if (typeof message === 'string') {
    template = message;
  } else {
    const count = typeof params.count === 'number' ? params.count : 0;
    // Exact zero gets its own wording where a catalog provides one ("Nothing waiting").
    template = (count === 0 && message.zero) || message[pluralRules(locale).select(count)] || message.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/**
 * The best supported locale for the device's preferences (navigator.languages): an exact tag
 * first, then the same base language ('fr-CI' → 'fr'), then the first supported one.
 */
export function pickLocale(preferred: readonly string[], supported: readonly string[]): string {
  const lower = supported.map((s) => s.toLowerCase());
  for (const tag of preferred) {
    const exact = lower.indexOf(tag.toLowerCase());
    if (exact >= 0) return supported[exact]!;
    const base = tag.toLowerCase().split('-')[0]!;
    const byBase = lower.findIndex((s) => s.split('-')[0] === base);
    if (byBase >= 0) return supported[byBase]!;
  }
  return supported[0]!;
}

export interface I18n {
  readonly locale: { readonly value: string };
  readonly locales: readonly LocaleDef[];
  readonly dir: { readonly value: 'ltr' | 'rtl' };
  /** Settles once the device's language is loaded: render after it to avoid a flash of English. */
  readonly ready: Promise<void>;
  t(key: string, params?: Params): string;
  setLocale(code: string): Promise<void>;
  number(n: number): string;
  time(epochMs: number): string;
  relative(epochMs: number, now: number): string;
}

/**
 * An app's translator. `fallback` is bundled with the app (the first locale's catalog); other
 * catalogs load on demand, so adding languages does not grow the first load. The chosen locale
 * is remembered in localStorage under `storageKey`.
 */
export function createI18n(locales: readonly LocaleDef[], fallback: Catalog, storageKey: string): I18n {
  const stored = safeStorageGet(storageKey);
  const supported = locales.map((l) => l.code);
  const initial = stored && supported.includes(stored) ? stored : pickLocale(navigator.languages ?? [navigator.language], supported);
  const locale = signal(locales[0]!.code);
  const catalog = signal<Catalog>(fallback);
  const dir = computed(() => locales.find((l) => l.code === locale.value)?.dir ?? 'ltr');

  async function setLocale(code: string): Promise<void> {
    const def = locales.find((l) => l.code === code);
    if (!def) return;
    const loaded = def.code === locales[0]!.code ? fallback : await def.load();
    catalog.value = loaded;
    locale.value = def.code;
    document.documentElement.lang = def.code;
    document.documentElement.dir = def.dir;
    safeStorageSet(storageKey, def.code);
  }
  const ready = setLocale(initial).catch(() => setLocale(locales[0]!.code));

  return {
    locale,
    locales,
    dir,
    ready,
    // Reading catalog.value / locale.value inside components subscribes them: a language change
    // re-renders every string.
    t: (key, params) => formatMessage(catalog.value, fallback, locale.value, key, params),
    setLocale,
    number: (n) => formatNumber(locale.value, n),
    time: (epochMs) => new Intl.DateTimeFormat(locale.value, { hour: 'numeric', minute: '2-digit' }).format(epochMs),
    relative: (epochMs, now) => {
      const seconds = Math.round((epochMs - now) / 1000);
      const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
      if (Math.abs(seconds) < 60) return rtf.format(seconds, 'second');
      if (Math.abs(seconds) < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
      if (Math.abs(seconds) < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
      return rtf.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

function safeStorageGet(key: string): string | null {
  try { return localStorage.getItem(key); } catch { return null; }
}
function safeStorageSet(key: string, value: string): void {
  try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts this session */ }
}

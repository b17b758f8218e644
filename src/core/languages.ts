// The languages Karibu speaks on every surface (door, ticket page, console, emails, PDFs, SMS):
// English, French, Swahili, Amharic, Arabic and Portuguese — the lingua francas of the events it
// serves, from Dakar to Addis Ababa and from Cairo to Maputo. One list, so the server's email,
// the apps' pickers and the API's validation can never disagree about what exists.
export const LANGUAGES = ['en', 'fr', 'sw', 'am', 'ar', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Written right to left: pages get dir="rtl", PDFs lay their lines out from the right. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar']);

export function isLanguage(code: string | null | undefined): code is Language {
  return (LANGUAGES as readonly string[]).includes(code ?? '');
}

/** The supported language of a BCP 47 tag ('fr-CI' → 'fr', 'sw_TZ' → 'sw'), or null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(base) ? base : null;
}

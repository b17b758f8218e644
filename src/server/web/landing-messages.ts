/**
 * The words of the landing page (`/`), per language: the same rule as every catalog (whole
 * sentences, each language its own words). A language is added by adding one catalog here; the
 * page negotiates among the keys of LANDING_CATALOGS and lists each in its language switch.
 */
const en = {
  dir: 'ltr' as 'ltr' | 'rtl',
  /** The language's own name, shown in the language switch. */
  languageName: 'English',
  title: 'Karibu — event check-in',
  lead: 'This is a Karibu server: offline-first event check-in. Signed tickets that a door phone checks with no network, a door scanner for budget Android phones, and a live console for organizers.',
  choose: 'Where to?',
  console: 'Organizer console',
  consoleHint: 'Events, tickets, staff and door phones.',
  scan: 'Door scanner',
  scanHint: 'For door staff: pair this phone once with a setup code, then scan tickets, online or offline.',
  docs: 'API documentation',
  docsHint: 'The REST API for ticketing systems and integrations (OpenAPI 3.1).',
  attendees: 'Have a ticket? Open the link in your ticket email or text message.',
  language: 'Language',
};

export type LandingCatalog = typeof en;

const fr: LandingCatalog = {
  dir: 'ltr',
  languageName: 'Français',
  title: 'Karibu — contrôle d’accès aux événements',
  lead: 'Ceci est un serveur Karibu : le contrôle d’accès aux événements qui fonctionne hors ligne. Des billets signés qu’un téléphone vérifie à l’entrée sans réseau, un scanner pour les téléphones Android d’entrée de gamme et une console en direct pour les organisateurs.',
  choose: 'Où aller ?',
  console: 'Console de l’organisateur',
  consoleHint: 'Événements, billets, personnel et téléphones d’entrée.',
  scan: 'Scanner d’entrée',
  scanHint: 'Pour le personnel à l’entrée : associez ce téléphone une fois avec un code d’installation, puis scannez les billets, en ligne ou hors ligne.',
  docs: 'Documentation de l’API',
  docsHint: 'L’API REST pour les billetteries et les intégrations (OpenAPI 3.1).',
  attendees: 'Vous avez un billet ? Ouvrez le lien reçu par e-mail ou par SMS.',
  language: 'Langue',
};

export const LANDING_CATALOGS = { en, fr } satisfies Record<string, LandingCatalog>;
export type LandingLocale = keyof typeof LANDING_CATALOGS;
export const LANDING_LOCALES = Object.keys(LANDING_CATALOGS) as LandingLocale[];

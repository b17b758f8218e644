/**
 * The words of the ticket email and PDF, per language. Whole sentences with named placeholders,
 * never concatenation, so each language orders its own words (the same rule as the web catalogs).
 * A language is added by a catalog file beside this one (ticket-messages.{code}.ts) listed here;
 * ticket-messages.test.ts checks each has every key with the same placeholders.
 */
import swCatalog from './ticket-messages.sw.ts';
import amCatalog from './ticket-messages.am.ts';import arCatalog from './ticket-messages.ar.ts';import ptCatalog from './ticket-messages.pt.ts';
export const EMAIL_LOCALES = ['en', 'fr', 'sw', 'am', 'ar', 'pt'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

const en = {
  subject: 'Your ticket: {event}',
  greeting: 'Hello {name},',
  intro: 'Here is your ticket for {event}.',
  openTicket: 'Open my ticket',
  staticNote: 'Show this QR code at the door, on your phone or printed. Your printable ticket is attached as a PDF.',
  rotatingNote: 'At the door, open your ticket on your phone: its QR code changes every 30 seconds, so a screenshot or a printout will not work. It keeps working without a network once opened.',
  fallbackNote: 'No smartphone? Door staff can check you in with your ticket code or your PIN.',
  privateNote: 'Keep this ticket to yourself: whoever shows it first gets in.',
  linkNote: 'Your ticket online: {link}',
  event: 'Event',
  when: 'When',
  doors: 'Doors open',
  venue: 'Venue',
  holder: 'Name',
  type: 'Ticket',
  code: 'Ticket code',
  pin: 'PIN',
  footer: 'Sent by Karibu on behalf of {organizer}.',
  pdfTitle: 'Ticket',
  pdfRotating: 'This ticket’s QR code changes every 30 seconds. Open your ticket on your phone at the door:',
  pdfScan: 'Show this code at the door',
  timeInZone: '{time} ({zone} time)',
  transferSubject: 'Your ticket for {event} was transferred',
  transferBody: 'Your ticket for {event} now belongs to {name}. Your old link, QR code, ticket code and PIN no longer work.',
  transferNotYou: 'If you did not do this, contact {organizer} at once.',
} as const;

export type MessageKey = keyof typeof en;
type Catalog = Record<MessageKey, string>;

const fr: Catalog = {
  subject: 'Votre billet : {event}',
  greeting: 'Bonjour {name},',
  intro: 'Voici votre billet pour {event}.',
  openTicket: 'Ouvrir mon billet',
  staticNote: 'Présentez ce QR code à l’entrée, sur votre téléphone ou imprimé. Votre billet imprimable est joint en PDF.',
  rotatingNote: 'À l’entrée, ouvrez votre billet sur votre téléphone : son QR code change toutes les 30 secondes, une capture d’écran ou une impression ne fonctionnera donc pas. Une fois ouvert, il fonctionne même sans réseau.',
  fallbackNote: 'Pas de smartphone ? Le personnel peut vous enregistrer avec votre code de billet ou votre code PIN.',
  privateNote: 'Gardez ce billet pour vous : la première personne qui le présente entre.',
  linkNote: 'Votre billet en ligne : {link}',
  event: 'Événement',
  when: 'Date',
  doors: 'Ouverture des portes',
  venue: 'Lieu',
  holder: 'Nom',
  type: 'Billet',
  code: 'Code du billet',
  pin: 'PIN',
  footer: 'Envoyé par Karibu pour le compte de {organizer}.',
  pdfTitle: 'Billet',
  pdfRotating: 'Le QR code de ce billet change toutes les 30 secondes. Ouvrez votre billet sur votre téléphone à l’entrée :',
  pdfScan: 'Présentez ce code à l’entrée',
  timeInZone: '{time} (heure de {zone})',
  transferSubject: 'Votre billet pour {event} a été transféré',
  transferBody: 'Votre billet pour {event} appartient désormais à {name}. Votre ancien lien, QR code, code de billet et PIN ne fonctionnent plus.',
  transferNotYou: 'Si ce n’est pas vous, contactez {organizer} immédiatement.',
};

export const CATALOGS: Record<EmailLocale, Catalog> = { en, fr, sw: swCatalog, am: amCatalog, ar: arCatalog, pt: ptCatalog };

/** The supported language closest to a BCP 47 tag ('fr-CI' → 'fr'); English otherwise. */
export function emailLocale(tag: string | null | undefined): EmailLocale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LOCALES as readonly string[]).includes(base ?? '') ? (base as EmailLocale) : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export function translator(locale: EmailLocale): Translate {
  const catalog = CATALOGS[locale];
  return (key, params = {}) => catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** A moment in the venue's own time zone, spelled for the reader's language. */
export function formatVenueTime(locale: EmailLocale, at: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
  const zone = timeZone.split('/').pop()!.replace(/_/g, ' ');
  return translator(locale)('timeInZone', { time, zone });
}

export function formatVenueClock(locale: EmailLocale, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(at);
}

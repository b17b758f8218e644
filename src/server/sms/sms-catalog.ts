import type { SmsLanguage } from '../../contracts/sms.contract.ts';

/**
 * The words of SMS and USSD replies, per language: whole sentences with named placeholders (each
 * language orders its own words), as the email catalogs do. Every refusal says what to do next.
 * A language is added by adding a catalog here and its keywords in sms-parse.ts. Replies stay in
 * GSM-7 where the language allows (one segment is 160 GSM-7 characters, 70 in UCS-2), so French
 * keeps to the accents GSM-7 has (é è à ù) and the straight apostrophe, and words around ê, ç, î.
 */

const en = {
  admitted: 'Welcome {name}! You are checked in to {event}. Go to {gate} and show this SMS. Door code: {code}',
  duplicate: '{name}, you are already checked in to {event}. Go to {gate} and show this SMS. Door code: {code}',
  alreadyInside: '{name}, this ticket is already checked in to {event}. If this was not you, speak to staff at {gate}.',
  notStarted: 'Doors for {event} open at {time}. Text your PIN again then, or show it to staff at {gate}.',
  ended: 'Check-in for {event} has closed. If you need help, contact the organizer.',
  eventCancelled: '{event} has been cancelled, so there is no check-in. Please contact the organizer.',
  ticketInvalid: 'This ticket for {event} is no longer valid. Please speak to staff at the entrance or contact the organizer.',
  usedUp: 'This ticket has no entries left for {event}. Please speak to staff at {gate}.',
  cooldown: 'You checked in or out a moment ago. Wait a few minutes and text your PIN again, or show it to staff at {gate}.',
  notValidNow: 'This ticket is not valid for {event} at this time. Please speak to staff at {gate}.',
  wrongZone: 'This ticket does not enter through {gate}. Please show your PIN to door staff; they will direct you.',
  refused: 'We could not check you in to {event} by SMS. Please show your PIN to staff at {gate}.',
  notFound: 'We found no ticket with this PIN for this phone. Check the 6 digits and text CHECKIN and your PIN from the phone on your ticket, or show your PIN to door staff.',
  unreadable: 'To check in, text CHECKIN and the 6-digit PIN on your ticket, for example: CHECKIN 482916',
  ambiguous: 'This PIN is valid for more than one event. Text CHECKIN {pin} and the event code: {codes}',
  rateLimited: 'Too many attempts from this phone. Wait {minutes} minutes and try again, or show your PIN to door staff.',
  paused: 'SMS check-in is paused for a while. Please show your PIN to door staff at the entrance.',
  test: 'Karibu test message: your SMS channel {number} works.',
  pin: 'Your check-in PIN for {event} is {pin}. At the gate, text CHECKIN {pin} to {number}.',
  ussdMenu: 'Karibu check-in\n1 Check in (enter PIN)\n2 My tickets (code by SMS)\n3 Language',
  ussdAskPin: 'Enter the 6-digit PIN on your ticket:',
  ussdAskEvent: 'This PIN is valid for more than one event. Choose:',
  ussdLanguage: 'Choose a language:',
  ussdLanguageSet: 'Language set to English. Dial again to check in.',
  ussdTicketsSent: 'We sent your tickets by SMS to this phone.',
  ussdNoTickets: 'We found no ticket for this phone. Ask the organizer to add your number to your ticket.',
  ussdBad: 'Sorry, we did not understand. Please dial again.',
  ticketLine: '{event}: PIN {pin}, ticket {code}',
} as const;

export type SmsTextKey = keyof typeof en;

const fr: Record<SmsTextKey, string> = {
  admitted: 'Bienvenue {name} ! Votre entrée à {event} est enregistrée. Allez à {gate} et montrez ce SMS. Code porte : {code}',
  duplicate: '{name}, votre entrée à {event} est déjà enregistrée. Allez à {gate} et montrez ce SMS. Code porte : {code}',
  alreadyInside: '{name}, ce billet est déjà entré à {event}. Si ce n\'était pas vous, parlez au personnel à {gate}.',
  notStarted: 'Les portes de {event} ouvrent à {time}. Renvoyez votre PIN à ce moment-là, ou montrez-le au personnel à {gate}.',
  ended: 'L\'entrée à {event} est fermée. Pour toute aide, contactez l\'organisateur.',
  eventCancelled: '{event} est annulé : pas d\'entrée possible. Contactez l\'organisateur.',
  ticketInvalid: 'Ce billet pour {event} n\'est plus valable. Parlez au personnel à l\'entrée ou contactez l\'organisateur.',
  usedUp: 'Ce billet n\'a plus d\'entrée disponible pour {event}. Parlez au personnel à {gate}.',
  cooldown: 'Vous venez d\'entrer ou de sortir. Attendez quelques minutes et renvoyez votre PIN, ou montrez-le au personnel à {gate}.',
  notValidNow: 'Ce billet n\'est pas valable pour {event} à cette heure. Parlez au personnel à {gate}.',
  wrongZone: 'Ce billet n\'entre pas par {gate}. Montrez votre PIN au personnel : il vous orientera.',
  refused: 'Nous n\'avons pas pu enregistrer votre entrée à {event} par SMS. Montrez votre PIN au personnel à {gate}.',
  notFound: 'Aucun billet avec ce PIN pour ce téléphone. Vérifiez les 6 chiffres et envoyez ENTRER et votre PIN depuis le téléphone du billet, ou montrez votre PIN au personnel.',
  unreadable: 'Pour entrer, envoyez ENTRER et le PIN à 6 chiffres de votre billet, par exemple : ENTRER 482916',
  ambiguous: 'Ce PIN est valable pour plusieurs événements. Envoyez ENTRER {pin} et le code de l\'événement : {codes}',
  rateLimited: 'Trop d\'essais depuis ce téléphone. Attendez {minutes} minutes et réessayez, ou montrez votre PIN au personnel.',
  paused: 'L\'entrée par SMS est suspendue un moment. Montrez votre PIN au personnel à l\'entrée.',
  test: 'Message de test Karibu : votre canal SMS {number} fonctionne.',
  pin: 'Votre PIN d\'entrée pour {event} est {pin}. Sur place, envoyez ENTRER {pin} au {number}.',
  ussdMenu: 'Entrée Karibu\n1 Entrer (PIN)\n2 Mes billets (code par SMS)\n3 Langue',
  ussdAskPin: 'Entrez le PIN à 6 chiffres de votre billet :',
  ussdAskEvent: 'Ce PIN est valable pour plusieurs événements. Choisissez :',
  ussdLanguage: 'Choisissez une langue :',
  ussdLanguageSet: 'Langue choisie. Rappelez pour entrer.',
  ussdTicketsSent: 'Nous avons envoyé vos billets par SMS à ce téléphone.',
  ussdNoTickets: 'Aucun billet pour ce téléphone. Demandez à l\'organisateur d\'ajouter votre numéro à votre billet.',
  ussdBad: 'Désolé, nous n\'avons pas compris. Merci de rappeler.',
  ticketLine: '{event} : PIN {pin}, billet {code}',
};

const CATALOGS: Record<SmsLanguage, Record<SmsTextKey, string>> = { en, fr };

export function isSmsLanguage(lang: string | null | undefined): lang is SmsLanguage {
  return lang === 'en' || lang === 'fr';
}

export function smsText(lang: SmsLanguage, key: SmsTextKey, values: Record<string, string | number> = {}): string {
  return CATALOGS[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** Each language's name in itself, for the USSD language menu. */
// ç is not in GSM-7, which USSD menus use too.
export const LANGUAGE_NAMES: Record<SmsLanguage, string> = { en: 'English', fr: 'Francais' };

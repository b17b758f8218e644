import type { SmsTextKey } from './sms-catalog.en.ts';

/**
 * French SMS and USSD replies. GSM-7: only the accents it has (é è à ù), the straight apostrophe,
 * and words chosen around ê, ç, î, ô (which would turn a whole message to UCS-2).
 */
export const fr: Record<SmsTextKey, string> = {
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
  notFound: 'Aucun billet avec ce PIN pour ce téléphone. Vérifiez les 6 chiffres et envoyez ENTRER et votre PIN depuis le téléphone du billet, ou montrez-le au personnel.',
  unreadable: 'Pour entrer, envoyez ENTRER et le PIN à 6 chiffres de votre billet, par exemple : ENTRER 482916',
  ambiguous: 'Ce PIN est valable pour plusieurs événements. Envoyez ENTRER {pin} et le code de l\'événement : {codes}',
  rateLimited: 'Trop d\'essais depuis ce téléphone. Attendez {minutes} minutes et réessayez, ou montrez votre PIN au personnel.',
  paused: 'L\'entrée par SMS est suspendue un moment. Montrez votre PIN au personnel à l\'entrée.',
  test: 'Message de test Karibu : votre canal SMS {number} fonctionne.',
  pin: 'Votre PIN d\'entrée pour {event} est {pin}. Sur place, envoyez ENTRER {pin} au {number}.',
  pinWithUssd: 'Votre PIN d\'entrée pour {event} est {pin}. Sur place, envoyez ENTRER {pin} au {number} ou composez le {ussd}.',
  ussdMenu: 'Entrée Karibu\n1 Entrer (PIN)\n2 Mes billets (code par SMS)\n3 Langue',
  ussdAskPin: 'Entrez le PIN à 6 chiffres de votre billet :',
  ussdAskEvent: 'Ce PIN est valable pour plusieurs événements. Choisissez :',
  ussdLanguage: 'Langue :',
  ussdLanguageSet: 'Langue choisie. Rappelez pour entrer.',
  ussdTicketsSent: 'Nous avons envoyé vos billets par SMS à ce téléphone.',
  ussdNoTickets: 'Aucun billet pour ce téléphone. Demandez à l\'organisateur d\'ajouter votre numéro à votre billet.',
  ussdBad: 'Désolé, nous n\'avons pas compris. Merci de rappeler.',
  ticketLine: '{event} : PIN {pin}, billet {code}',
  resend: 'Votre billet pour {event} : {link} Code du billet {code}, PIN {pin}.',
};

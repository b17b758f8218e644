// Catalogue français des pages participant (chargé à la demande, gardé hors ligne par le service
// worker). Typed against the English keys: a missing or extra key is a type error.
import type { Message } from '../../shared/i18n.ts';
import type { MessageKey } from './en.ts';

const fr: Record<MessageKey, Message> = {
  'app.name': 'Karibu',
  'common.language': 'Langue',
  'common.loading': 'Chargement de votre billet…',
  'common.retry': 'Réessayer',

  'ticket.title': 'Votre billet',
  'ticket.holder': 'Nom',
  'ticket.type': 'Billet',
  'ticket.code': 'Code du billet',
  'ticket.pin': 'PIN',
  'ticket.when': 'Quand',
  'ticket.doorsLabel': 'Ouverture des portes',
  'ticket.where': 'Où',
  'ticket.venueTime': 'Heures de {zone}.',
  'ticket.organizer': 'Organisé par {organizer}',
  'ticket.qrLabel': 'QR code du billet de {name}. Présentez-le à l’entrée.',
  'ticket.tapToEnlarge': 'Touchez le code pour l’afficher en plein écran',
  'ticket.newCodeIn': { one: 'Nouveau code dans {count} seconde', other: 'Nouveau code dans {count} secondes' },
  'ticket.rotatingNote': 'Ce code change toutes les 30 secondes : une capture d’écran ne permet pas d’entrer. Présentez cette page elle-même à l’entrée.',
  'ticket.staticNote': 'Présentez ce code à l’entrée, sur votre téléphone ou imprimé.',
  'ticket.fallback': 'Plus de batterie ? Le personnel peut vous enregistrer avec votre code de billet ou votre PIN.',
  'ticket.private': 'Gardez ce billet pour vous : la première personne qui le présente entre.',
  'ticket.print': 'Imprimer',
  'ticket.pdf': 'Télécharger le PDF',
  'ticket.closeFullscreen': 'Quitter le plein écran',
  'ticket.fullscreenHint': 'Luminosité au maximum, téléphone bien immobile.',

  'state.offline': 'Hors ligne — votre billet fonctionne quand même.',
  'state.savedAt': 'Enregistré sur ce téléphone {ago}.',
  'state.clockFixed': 'L’horloge de votre téléphone a {count} s d’écart ; le code utilise l’heure exacte.',

  'status.cancelled': 'Ce billet a été annulé.',
  'status.refunded': 'Ce billet a été remboursé.',
  'status.transferred': 'Ce billet a été transféré à une autre personne.',
  'status.void': 'Ce billet n’est plus valable.',
  'status.contact': 'Des questions ? Contactez {organizer}.',

  'error.notFound': 'Ce lien de billet n’est pas valable. Il a peut-être été remplacé : consultez le dernier e-mail de l’organisateur.',
  'error.offlineFirst': 'Vous êtes hors ligne et ce billet n’a encore jamais été ouvert sur ce téléphone. Connectez-vous une fois pour l’enregistrer.',
  'error.generic': 'Impossible de charger votre billet pour le moment.',
  'error.badLink': 'Cette adresse n’est pas une page Karibu.',

  'register.title': 'Inscription',
  'register.intro': 'Inscription gratuite. Votre billet est envoyé à votre adresse e-mail.',
  'register.introNoEmail': 'Inscription gratuite. Votre billet s’ouvre sur ce téléphone juste après.',
  'register.name': 'Nom complet',
  'register.email': 'E-mail',
  'register.phone': 'Téléphone mobile (facultatif)',
  'register.phoneHint': 'Pour l’enregistrement par SMS depuis un téléphone simple. Commencez par + et l’indicatif du pays si votre numéro est étranger.',
  'register.submit': 'Obtenir mon billet',
  'register.sending': 'Inscription…',
  'register.spotsLeft': { one: '{count} place restante', other: '{count} places restantes' },
  'register.checkEmail': 'C’est fait ! Votre billet part vers {email}. Regardez dans les indésirables s’il n’arrive pas d’ici quelques minutes.',
  'register.openTicket': 'Ouvrir mon billet',
  'register.state.not_open_yet': 'Les inscriptions ne sont pas encore ouvertes.',
  'register.state.closed': 'Les inscriptions sont closes.',
  'register.state.full': 'Désolé, cet événement est complet.',
  'register.state.unavailable': 'Cet événement n’a pas d’inscription ouverte.',
  'register.error.rate_limited': 'Trop de tentatives depuis ce réseau. Attendez une minute puis réessayez.',
  'register.error.network': 'Pas de connexion. Vérifiez votre réseau et réessayez.',
};

export default fr;

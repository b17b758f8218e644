// Wordings françaises de la page des sessions (réparties dans fr.ts), typed against the English keys.
import type { Message } from '../../shared/i18n.ts';
import type { SessionsMessageKey } from './sessions.en.ts';

const sessions: Record<SessionsMessageKey, Message> = {
  'sessions.nav': 'Sessions et crédits',
  'sessions.title': 'Sessions de {name}',
  'sessions.intro': 'Indiquez les crédits de formation continue de chaque session et le temps de présence nécessaire pour les obtenir. La présence vient des scans à la porte de chaque salle.',
  'sessions.none': 'Cet événement n’a pas encore de session.',
  'sessions.csv': 'Télécharger les crédits (CSV)',
  'sessions.csvHint': 'Une ligne par participant et par session donnant des crédits, avec les minutes et les crédits obtenus. Heures du lieu.',
  'sessions.when': '{start} – {end}',
  'sessions.length': { one: '{count} minute', other: '{count} minutes' },
  'sessions.credits': 'Crédits de formation continue',
  'sessions.creditsHint': 'Laissez vide si la session ne donne pas de crédits. Deux décimales au plus, par ex. 1,5.',
  'sessions.minShare': 'Présence requise (%)',
  'sessions.minShareHint': 'Part de la durée de la session pendant laquelle le participant doit être dans la salle. Vide : toute la session.',
  'sessions.admits': 'Types de billet admis',
  'sessions.admitsRoom': 'Tous les types qui donnent accès à cette salle',
  'sessions.save': 'Enregistrer',
  'sessions.saved': 'Enregistré.',
  'sessions.badCredits': 'Les crédits doivent être supérieurs à 0 et au plus 999, avec deux décimales au plus.',
  'sessions.badShare': 'La présence requise doit être un nombre entier de 1 à 100.',
  'sessions.showAttendance': 'Voir les présences',
  'sessions.hideAttendance': 'Masquer les présences',
  'sessions.noAttendance': 'Personne n’a encore été scanné pour cette session.',
  'sessions.needed': 'Crédits obtenus après {minutes} minutes de présence.',
  'sessions.col.serial': 'N°',
  'sessions.col.name': 'Nom',
  'sessions.col.type': 'Type de billet',
  'sessions.col.minutes': 'Minutes',
  'sessions.col.firstEntry': 'Première entrée',
  'sessions.col.lastExit': 'Dernière sortie',
  'sessions.col.credits': 'Crédits',
  'sessions.attendees': { one: '{count} participant', other: '{count} participants' },
  'sessions.ticket.title': 'Sessions et crédits de formation',
  'sessions.ticket.total': 'Crédits obtenus : {credits}',
  'sessions.ticket.earned': 'Obtenus',
  'sessions.ticket.notEarned': 'Non obtenus',
  'sessions.ticket.minutes': '{minutes} min sur {needed} requises',
};

export default sessions;

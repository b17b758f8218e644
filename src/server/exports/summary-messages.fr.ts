// The French words of the event summary PDF (keys and placeholders of summary-messages.en.ts).
import type { SummaryCatalog } from './summary-messages.types.ts';

const fr: SummaryCatalog = {
  docTitle: 'Bilan de fréquentation — {event}',
  title: 'Bilan de fréquentation',
  titleDraft: 'Bilan de fréquentation (événement en brouillon)',
  titleCancelled: 'Bilan de fréquentation (événement annulé)',
  titleArchived: 'Bilan de fréquentation (événement archivé)',
  venue: 'Lieu',
  doorsOpen: 'Ouverture des portes',
  starts: 'Début',
  ends: 'Fin',
  timeZone: 'Fuseau horaire',
  expected: 'Attendus',
  checkedIn: 'Entrés',
  noShows: 'Absents',
  insideNow: 'Présents',
  ticketType: 'Type de billet',
  turnout: 'Taux de présence',
  noTypes: 'Cet événement n’a aucun type de billet.',
  otherTypes: { one: '{count} autre type', many: '{count} autres types', other: '{count} autres types' },
  arrivals: {
    one: 'Arrivées : entrées par minute (retours compris)',
    many: 'Arrivées : entrées par tranche de {count} minutes (retours compris)',
    other: 'Arrivées : entrées par tranche de {count} minutes (retours compris)',
  },
  noAdmissions: 'Aucune entrée pour l’instant.',
  generated: 'Généré le {time} par Karibu. Toutes les heures sont celles du lieu ({zone}).',
  definitions: 'Attendus : billets valides. Entrés : admis au moins une fois (scans annulés exclus). Absents : attendus moins entrés.',
};

export default fr;

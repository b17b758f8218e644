// The Swahili words of the event summary PDF (keys and placeholders of summary-messages.en.ts).
import type { SummaryCatalog } from './summary-messages.types.ts';

const sw: SummaryCatalog = {
  docTitle: 'Muhtasari wa mahudhurio — {event}',
  title: 'Muhtasari wa mahudhurio',
  titleDraft: 'Muhtasari wa mahudhurio (tukio bado ni rasimu)',
  titleCancelled: 'Muhtasari wa mahudhurio (tukio limeghairiwa)',
  titleArchived: 'Muhtasari wa mahudhurio (tukio limehifadhiwa)',
  venue: 'Ukumbi',
  doorsOpen: 'Milango inafunguliwa',
  starts: 'Linaanza',
  ends: 'Linaisha',
  timeZone: 'Saa za eneo',
  expected: 'Wanaotarajiwa',
  checkedIn: 'Walioingia',
  noShows: 'Wasiofika',
  insideNow: 'Walio ndani sasa',
  ticketType: 'Aina ya tiketi',
  turnout: 'Waliofika',
  noTypes: 'Tukio hili halina aina za tiketi.',
  otherTypes: { one: 'Aina nyingine {count}', other: 'Aina nyingine {count}' },
  arrivals: {
    one: 'Kuwasili: walioingia kila dakika (pamoja na walioingia tena)',
    other: 'Kuwasili: walioingia kila dakika {count} (pamoja na walioingia tena)',
  },
  noAdmissions: 'Bado hakuna aliyeingia.',
  generated: 'Imetolewa {time} na Karibu. Saa zote ni za ukumbi ({zone}).',
  definitions: 'Wanaotarajiwa: tiketi halali. Walioingia: walioingia angalau mara moja (skani zilizotenguliwa hazihesabiwi). Wasiofika: wanaotarajiwa toa walioingia.',
};

export default sw;

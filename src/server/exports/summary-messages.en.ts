// The English words of the event summary PDF: the keys every other catalog
// (summary-messages.{code}.ts) has, with the same placeholders. A plural message is an object by
// CLDR category (Intl.PluralRules) of its `{count}`, with an optional `zero`.
const en = {
  docTitle: 'Attendance summary — {event}',
  title: 'Attendance summary',
  titleDraft: 'Attendance summary (draft event)',
  titleCancelled: 'Attendance summary (cancelled event)',
  titleArchived: 'Attendance summary (archived event)',
  venue: 'Venue',
  doorsOpen: 'Doors open',
  starts: 'Starts',
  ends: 'Ends',
  timeZone: 'Time zone',
  expected: 'Expected',
  checkedIn: 'Checked in',
  noShows: 'No-shows',
  insideNow: 'Inside now',
  ticketType: 'Ticket type',
  turnout: 'Turnout',
  noTypes: 'This event has no ticket types.',
  otherTypes: { one: '{count} other type', other: '{count} other types' },
  arrivals: {
    one: 'Arrivals: admissions per minute (re-entries included)',
    other: 'Arrivals: admissions per {count} minutes (re-entries included)',
  },
  noAdmissions: 'No admissions yet.',
  generated: 'Generated {time} by Karibu. All times are venue time ({zone}).',
  definitions: 'Expected: valid tickets. Checked in: admitted at least once (undone scans excluded). No-shows: expected minus checked in.',
};

export default en;

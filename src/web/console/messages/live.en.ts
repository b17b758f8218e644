// English wordings of the live overview (spread into en.ts; the French ones are in live.fr.ts).
// A no-break space before % keeps "80 %" on one line on a 360 px phone.
// Verdicts and reasons in the feed reuse the catalog's verdict.* and reason.* wordings.
import type { Catalog } from '../../shared/i18n.ts';

const live = {
  'live.title': 'Live overview',
  'live.open': 'Live overview',
  'live.openOf': 'Live overview of {name}',
  'live.openHint': 'Inside now, arrivals, doors and the latest scans, updated as they happen.',
  'live.backToEvent': '← Event page',
  'live.timesIn': 'Live figures; times are the venue’s clock ({zone}).',
  'live.connecting': 'Connecting to the live figures…',
  'live.updated': 'Live · updated {time}',
  'live.lost': 'Live updates lost — showing figures from {time}; reconnecting…',
  'live.lostNoFigures': 'Live updates cannot be reached yet; reconnecting…',
  'live.bigType': 'Large type',

  'live.figures': 'Figures',
  'live.insideNow': 'Inside now',
  'live.checkedIn': 'Checked in',
  'live.checkedInOf': '{checkedIn} of {expected} expected',
  'live.checkedInShare': '{percent}\u00a0% of expected tickets checked in',
  'live.movements': 'Entries / exits',
  'live.entries': 'Entries',
  'live.exits': 'Exits',
  'live.capacity': 'Capacity',
  'live.capacityOf': '{inside} of {capacity} inside',
  'live.percent': '{percent}\u00a0%',
  'live.noCapacity': 'No capacity limit set for this event.',
  'live.level.0': 'Room to spare',
  'live.level.80': '80\u00a0% full — watch the doors',
  'live.level.90': '90\u00a0% — slow entry',
  'live.level.100': 'Full — stop admitting',

  'live.chart.title': 'Arrivals per minute',
  'live.chart.summary': { one: 'Last minute, up to {time}: {entries} in, {exits} out.', other: 'Last {count} minutes, up to {time}: {entries} in, {exits} out.' },
  'live.chart.busiest': { one: 'Busiest minute: {time}, {count} entry.', other: 'Busiest minute: {time}, {count} entries.' },
  'live.chart.quiet': 'No entry in that time.',
  'live.chart.table': 'Entries and exits per minute, venue time',
  'live.chart.minute': 'Minute',

  'live.zones.title': 'Zones',
  'live.zones.none': 'This venue has no zone.',
  'live.zones.inside': '{count} inside',
  'live.gates.title': 'Gates',
  'live.gates.gate': 'Gate',
  'live.types.title': 'Ticket types',
  'live.types.type': 'Ticket type',
  'live.types.expected': 'Expected',
  'live.types.inside': 'Inside',
  'live.none': 'Nothing yet.',

  'live.conflicts.title': 'Conflicts',
  'live.conflicts.open': { zero: 'No open conflict.', one: '{count} open conflict between offline phones.', other: '{count} open conflicts between offline phones.' },
  'live.conflicts.link': 'Review conflicts',

  'live.devices.title': 'Door phones',
  'live.devices.none': 'No phone is paired at this venue.',
  'live.devices.kiosk': 'kiosk',
  'live.devices.lastSeen': 'Last seen {time}',
  'live.devices.neverSeen': 'Never seen',
  'live.devices.lastScan': 'last scan {time}',
  'live.devices.noScan': 'no scan yet',
  'live.devices.scans': { one: '{count} scan', other: '{count} scans' },
  'live.devices.quiet': { one: 'Not seen for {count} minute', other: 'Not seen for {count} minutes' },

  'live.noShows.title': 'No-shows',
  'live.noShows.from': 'Counted from {time} (30 minutes after the start).',
  'live.noShows.count': { zero: 'Every expected ticket is checked in.', one: '{count} ticket not checked in.', other: '{count} tickets not checked in.' },
  'live.noShows.first': { one: 'The first by name:', other: 'The first {count} by name:' },
  'live.noShows.doorView': 'Names are shown to managers only.',

  'live.feed.title': 'Latest scans',
  'live.feed.none': 'No scan yet.',
  'live.feed.counted': 'counted',
  'live.feed.notCounted': 'not counted',
  'live.feed.offline': 'scanned offline',
  'live.feed.unknownHolder': 'Unknown ticket',
  'live.feed.showAll': { one: 'Show the {count} scan', other: 'Show all {count} scans' },
  'live.feed.showFewer': 'Show fewer scans',
  'live.feed.gate': 'Gate {name}',
  'live.feed.device': 'Phone {name}',
} satisfies Catalog;

export type LiveMessageKey = keyof typeof live;
export default live;

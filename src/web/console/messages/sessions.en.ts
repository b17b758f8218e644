// English wordings of an event's sessions page — CPD credits and attendance (spread into en.ts;
// the other languages are in sessions.{fr,sw,am,ar,pt}.ts, typed against these keys).
import type { Catalog } from '../../shared/i18n.ts';

const sessions = {
  'sessions.nav': 'Sessions & CPD',
  'sessions.title': 'Sessions of {name}',
  'sessions.intro': 'Set the CPD credits each session gives and how much of it an attendee must be in the room for. Attendance comes from the scans at each room’s door.',
  'sessions.none': 'This event has no sessions yet.',
  'sessions.csv': 'Download credits (CSV)',
  'sessions.csvHint': 'One row per attendee and session that gives credits, with minutes and credits earned. Times are the venue’s clock.',
  'sessions.when': '{start} – {end}',
  'sessions.length': { one: '{count} minute', other: '{count} minutes' },
  'sessions.credits': 'CPD credits',
  'sessions.creditsHint': 'Leave empty if this session gives no credits. Up to two decimals, e.g. 1.5.',
  'sessions.minShare': 'Attendance needed (%)',
  'sessions.minShareHint': 'Share of the session’s length an attendee must be inside to earn the credits. Empty means the whole session.',
  'sessions.admits': 'Ticket types admitted',
  'sessions.admitsRoom': 'Every type that grants this room',
  'sessions.save': 'Save',
  'sessions.saved': 'Saved.',
  'sessions.badCredits': 'Credits must be more than 0 and at most 999, with up to two decimals.',
  'sessions.badShare': 'Attendance needed must be a whole number from 1 to 100.',
  'sessions.showAttendance': 'Show attendance',
  'sessions.hideAttendance': 'Hide attendance',
  'sessions.noAttendance': 'Nobody has been scanned into this session yet.',
  'sessions.needed': 'Credits need {minutes} minutes inside.',
  'sessions.col.serial': 'No.',
  'sessions.col.name': 'Name',
  'sessions.col.type': 'Ticket type',
  'sessions.col.minutes': 'Minutes',
  'sessions.col.firstEntry': 'First entry',
  'sessions.col.lastExit': 'Last exit',
  'sessions.col.credits': 'Credits',
  'sessions.attendees': { one: '{count} attendee', other: '{count} attendees' },
  'sessions.ticket.title': 'Sessions and CPD credits',
  'sessions.ticket.total': 'Credits earned: {credits}',
  'sessions.ticket.earned': 'Earned',
  'sessions.ticket.notEarned': 'Not earned',
  'sessions.ticket.minutes': '{minutes} min of {needed} needed',
} satisfies Catalog;

export type SessionsMessageKey = keyof typeof sessions;
export default sessions;

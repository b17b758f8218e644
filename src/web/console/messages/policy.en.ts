// English wordings of an event's door-policy page (spread into en.ts; the French ones are in
// policy.fr.ts). The template names and explanations stay in en.ts (events.policy.*), shared with
// the new-event flow; the preview's answers reuse verdict.* and reason.*.
import type { Catalog } from '../../shared/i18n.ts';

const policy = {
  'policy.eventPages': 'Tickets, registration and door rules',
  'policy.nav': 'Door rules',
  'policy.title': 'Door rules of {name}',
  'policy.intro': 'What door phones do when a ticket is scanned. Door phones pick up a change with their next sync.',
  'policy.template.legend': 'Start from a template',
  'policy.template.adjusted': 'Based on “{name}”, with your changes below.',
  'policy.template.none': 'Custom rules',
  'policy.numbers.legend': 'The rules',
  'policy.entries.limited': 'Limit entries per ticket',
  'policy.entries.count': 'Entries per ticket',
  'policy.perDay.limited': 'Limit entries per day',
  'policy.perDay.count': 'Entries per day',
  'policy.reentry': 'Re-entry only after an exit scan',
  'policy.reentry.hint': 'A ticket that is inside is refused until it is scanned out, so one ticket never lets in two people.',
  'policy.cooldown': 'Minimum minutes between entries',
  'policy.cooldown.hint': 'Counted from the ticket’s last entry or exit. 0 = no wait.',
  'policy.exits': 'Door phones scan exits',
  'policy.duplicate': 'Double-read window (seconds)',
  'policy.duplicate.hint': 'The same phone reading the same ticket again within this time shows the first answer again. 0–3600.',
  'policy.early': 'Minutes accepted before doors open',
  'policy.late': 'Minutes accepted after the end',
  'policy.minutesHint': '0 to 10080 (one week).',
  'policy.save': 'Save door rules',
  'policy.saved': 'Door rules saved. Door phones use them after their next sync.',
  'policy.invalid': 'Some rules are not valid. Check the fields marked below.',
  'policy.problem.count': 'Enter a whole number from 1 to 1,000,000.',
  'policy.problem.minutes': 'Enter minutes from 0 to 10080.',
  'policy.problem.seconds': 'Enter whole seconds from 0 to 3600.',

  'policy.preview.title': 'What happens at the door',
  'policy.preview.intro': 'Worked out by the door phones’ own rules, as you change the fields.',
  'policy.preview.simTitle': 'One ticket through the evening',
  'policy.preview.when': 'Scan',
  'policy.preview.answer': 'Door phone answers',
  'policy.preview.invalid': 'The preview waits until every field is valid.',

  'policy.say.once': 'A ticket gets in once. Any later entry is refused, even after an exit scan.',
  'policy.say.max': { one: 'A ticket gets in at most {count} time.', other: 'A ticket gets in at most {count} times.' },
  'policy.say.unlimited': 'A ticket may get in any number of times.',
  'policy.say.perDay': {
    one: 'At most {count} entry per day. A new day starts at {time} venue time, and everyone starts it outside.',
    other: 'At most {count} entries per day. A new day starts at {time} venue time, and everyone starts it outside.',
  },
  'policy.say.reentry': 'Guests may leave and come back; they are scanned out on the way out.',
  'policy.say.reentryWait': 'Guests may leave and come back; on the way back they must wait {wait}.',
  'policy.say.stuck': 'Exits are not scanned, so a ticket that is inside cannot be used again.',
  'policy.say.stuckDay': 'Exits are not scanned, so a ticket that is inside cannot be used again until the next day.',
  'policy.say.noExitNeeded': 'A ticket can be scanned in again without an exit scan — one ticket could let in several people.',
  'policy.say.noExitNeededWait': 'A ticket can be scanned in again without an exit scan, but not within {wait} of its last scan.',
  'policy.say.noExits': 'Door phones refuse exit scans.',
  'policy.say.duplicate': {
    one: 'A phone that reads the same ticket twice within {count} second shows the first answer again.',
    other: 'A phone that reads the same ticket twice within {count} seconds shows the first answer again.',
  },
  'policy.say.noDuplicate': 'Every read is a new scan, even a camera reading the same code twice.',
  'policy.say.window': 'Tickets are accepted from {early} before doors open ({from} venue time) until {late} after the end ({until}).',
  'policy.say.windowExact': 'Tickets are accepted from doors open ({from} venue time) until the end ({until}).',
  'policy.say.windowEarly': 'Tickets are accepted from {early} before doors open ({from} venue time) until the end ({until}).',
  'policy.say.windowLate': 'Tickets are accepted from doors open ({from} venue time) until {late} after the end ({until}).',

  'policy.sim.first': 'Scanned in',
  'policy.sim.doubleRead': 'The same phone reads it again, 1 second later',
  'policy.sim.otherPhone': 'Another phone, 1 minute later (a shared screenshot?)',
  'policy.sim.out': 'Scanned out, 2 hours later',
  'policy.sim.back': 'Scanned in again, 5 minutes after that',
  'policy.sim.backAfterWait': 'Scanned in again, {wait} after the last scan',
  'policy.sim.nextDay': 'Next day, same time',

  'policy.seconds': { one: '{count} second', other: '{count} seconds' },
  'policy.minutes': { one: '{count} minute', other: '{count} minutes' },
  'policy.hours': { one: '{count} hour', other: '{count} hours' },
  'policy.hoursMinutes': '{hours} h {minutes} min',
} satisfies Catalog;

export type PolicyMessageKey = keyof typeof policy;
export default policy;

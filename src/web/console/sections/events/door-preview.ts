// What happens at the door under a set of rules, in plain sentences and as one ticket's evening
// played through core's decide() — the function door phones and the server judge every scan
// with — so the preview cannot drift from what the door really does. Pure: the caller passes
// the translator and the venue-time formatter (tests pass the English catalog and a fixed zone).
import { decide, makePolicy, type Direction, type PolicyRules, type ReasonCode, type TicketState, type Verdict } from '../../../../core/index.ts';
import type { Params } from '../../../shared/i18n.ts';
import type { MessageKey } from '../../messages/en.ts';

export type Translate = (key: MessageKey, params?: Params) => string;

/** The event facts the sentences name: doors and end (epoch ms) and how to show an instant in venue time. */
export interface DoorFacts { doorsOpenAt: number | null; endsAt: number | null; time: (epochMs: number) => string }

/** "2 minutes", "1 hour", "1 h 30 min", "30 seconds". */
export function duration(seconds: number, tr: Translate): string {
  if (seconds < 60) return tr('policy.seconds', { count: seconds });
  const total = Math.round(seconds / 60);
  if (total < 60) return tr('policy.minutes', { count: total });
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? tr('policy.hours', { count: hours }) : tr('policy.hoursMinutes', { hours, minutes: rest });
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function doorSentences(rules: PolicyRules, dayStartMinutes: number, facts: DoorFacts, tr: Translate): string[] {
  const out: string[] = [];
  const perDay = rules.maxEntriesPerDay !== null;
  const wait = duration(rules.cooldownSeconds, tr);
  if (rules.maxEntries === 1) out.push(tr('policy.say.once'));
  else if (rules.maxEntries !== null) out.push(tr('policy.say.max', { count: rules.maxEntries }));
  else if (!perDay) out.push(tr('policy.say.unlimited'));
  if (perDay) out.push(tr('policy.say.perDay', { count: rules.maxEntriesPerDay!, time: clock(dayStartMinutes) }));
  // Coming back is the question organizers ask; only a single-entry ticket has no answer to give.
  if (rules.maxEntries !== 1) {
    if (rules.reentryRequiresExit && !rules.exitScans) out.push(tr(perDay ? 'policy.say.stuckDay' : 'policy.say.stuck'));
    else if (rules.reentryRequiresExit) out.push(rules.cooldownSeconds > 0 ? tr('policy.say.reentryWait', { wait }) : tr('policy.say.reentry'));
    else out.push(rules.cooldownSeconds > 0 ? tr('policy.say.noExitNeededWait', { wait }) : tr('policy.say.noExitNeeded'));
  }
  if (!rules.exitScans && !rules.reentryRequiresExit) out.push(tr('policy.say.noExits'));
  out.push(rules.duplicateWindowSeconds > 0 ? tr('policy.say.duplicate', { count: rules.duplicateWindowSeconds }) : tr('policy.say.noDuplicate'));
  if (facts.doorsOpenAt !== null && facts.endsAt !== null) {
    const params = {
      early: duration(rules.earlyGraceSeconds, tr), late: duration(rules.lateGraceSeconds, tr),
      from: facts.time(facts.doorsOpenAt - rules.earlyGraceSeconds * 1000), until: facts.time(facts.endsAt + rules.lateGraceSeconds * 1000),
    };
    const key = rules.earlyGraceSeconds > 0
      ? (rules.lateGraceSeconds > 0 ? 'policy.say.window' : 'policy.say.windowEarly')
      : (rules.lateGraceSeconds > 0 ? 'policy.say.windowLate' : 'policy.say.windowExact');
    out.push(tr(key, params));
  }
  return out;
}

/** One scan of the simulated evening and the door's answer to it. */
export interface SimStep { what: string; direction: Direction; verdict: Verdict; reason: ReasonCode }

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * One ticket's evening under the rules, each answer from decide(): in, a double read by the same
 * phone, another phone (a shared screenshot), out, back in, back once any wait is over, and the
 * next day when a per-day rule is on. The event has no time bounds here (the window sentence
 * covers those), and the evening starts two hours into a venue day so it stays within one.
 */
export function doorSequence(rules: PolicyRules, dayStartMinutes: number, tr: Translate): SimStep[] {
  const policy = makePolicy(rules, { doorsOpenAt: null, endsAt: null, zoneParents: {}, utcOffsetMinutes: 0, dayStartMinutes });
  const start = Date.UTC(2030, 0, 7) + (dayStartMinutes + 120) * MINUTE;
  let ticket: TicketState = { eventId: 'preview', serial: 1, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, zones: ['HALL'] };
  const steps: SimStep[] = [];
  const scan = (what: string, at: number, direction: Direction, deviceId: string) => {
    const d = decide(ticket, { eventId: 'preview', gateId: 'door', gateZone: 'HALL', direction, deviceId }, policy, at);
    ticket = d.next;
    steps.push({ what, direction, verdict: d.verdict, reason: d.reason });
    return d;
  };
  scan(tr('policy.sim.first'), start, 'in', 'phone-a');
  scan(tr('policy.sim.doubleRead'), start + SECOND, 'in', 'phone-a');
  scan(tr('policy.sim.otherPhone'), start + MINUTE, 'in', 'phone-b');
  const outAt = start + 2 * HOUR;
  scan(tr('policy.sim.out'), outAt, 'out', 'phone-a');
  const back = scan(tr('policy.sim.back'), outAt + 5 * MINUTE, 'in', 'phone-a');
  if (back.reason === 'cooldown') {
    const lastMove = Math.max(ticket.lastEntryAt ?? -Infinity, ticket.lastExitAt ?? -Infinity);
    scan(tr('policy.sim.backAfterWait', { wait: duration(rules.cooldownSeconds, tr) }), lastMove + rules.cooldownSeconds * SECOND, 'in', 'phone-a');
  }
  if (rules.maxEntriesPerDay !== null) scan(tr('policy.sim.nextDay'), start + 24 * HOUR, 'in', 'phone-a');
  return steps;
}

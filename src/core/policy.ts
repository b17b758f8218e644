// Scan policy of an event: the organizer-editable rules (PolicyRules, made from a template) plus
// the event facts the engine needs (EventContext). Both are plain JSON so the server stores them
// and the offline manifest carries them to door phones unchanged.
//
// Entry rules are orthogonal knobs; the templates are the combinations people ask for:
//   single entry            maxEntries 1
//   re-entry after exit     maxEntries null, reentryRequiresExit
//   re-entry with cooldown  maxEntries N, cooldownSeconds S (passback guard)
//   once per day            maxEntriesPerDay 1 (presence resets at each venue-local day start)
import { zoneParentsFromOrder, zoneTreeProblem } from './zones.ts';

export interface PolicyRules {
  /** Entries over the ticket's life; null = no cap. */
  maxEntries: number | null;
  /** Entries per venue-local day; null = no cap. When set, each new day starts everyone outside. */
  maxEntriesPerDay: number | null;
  /** An entry while the ticket is inside is refused (already_inside) until an exit scan. */
  reentryRequiresExit: boolean;
  /** Minimum seconds from the ticket's last entry or exit to its next entry (anti-passback). */
  cooldownSeconds: number;
  /** Whether exit scans are accepted at all. */
  exitScans: boolean;
  /** Same ticket, same gate, same direction within this many seconds repeats the earlier verdict. */
  duplicateWindowSeconds: number;
  /** Entry accepted this long before doors open / before the ticket's validFrom. */
  earlyGraceSeconds: number;
  /** Entry accepted this long after the event ends / after the ticket's validUntil. */
  lateGraceSeconds: number;
}

export interface EventContext {
  /** Epoch ms; null = no lower bound. */
  doorsOpenAt: number | null;
  /** Epoch ms; null = no upper bound. */
  endsAt: number | null;
  /** The venue's zone tree: child zone code → parent zone code (see zones.ts). */
  zoneParents: Record<string, string>;
  /** Venue offset east of UTC at the event start, for day keys (see day-key.ts). */
  utcOffsetMinutes: number;
  /** Minutes after local midnight at which a venue day starts (0 = midnight). */
  dayStartMinutes: number;
  /**
   * Set (true) only when the organizer cancelled the event: decide() refuses every scan with
   * event_cancelled. Absent otherwise, so the policy of a running event is what it always was.
   */
  cancelled?: true;
}

export interface Policy extends PolicyRules {
  event: EventContext;
}

const COMMON = { duplicateWindowSeconds: 5, earlyGraceSeconds: 1800, lateGraceSeconds: 0, exitScans: true };

export const POLICY_TEMPLATES = {
  'conference-single-entry': { ...COMMON, maxEntries: 1, maxEntriesPerDay: null, reentryRequiresExit: true, cooldownSeconds: 0 },
  'reentry-after-exit': { ...COMMON, maxEntries: null, maxEntriesPerDay: null, reentryRequiresExit: true, cooldownSeconds: 0 },
  'festival-reentry': { ...COMMON, maxEntries: 10, maxEntriesPerDay: null, reentryRequiresExit: true, cooldownSeconds: 120 },
  'multi-day': { ...COMMON, maxEntries: null, maxEntriesPerDay: 1, reentryRequiresExit: true, cooldownSeconds: 0 },
} as const satisfies Record<string, PolicyRules>;

export type PolicyTemplateName = keyof typeof POLICY_TEMPLATES;

/** Combines rules and event facts into the policy decide() takes. */
export function makePolicy(rules: PolicyRules, event: EventContext): Policy {
  return { ...rules, event: { ...event, zoneParents: { ...event.zoneParents } } };
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const RULE_KEYS = Object.keys(POLICY_TEMPLATES['conference-single-entry']) as (keyof PolicyRules)[];
const EVENT_KEYS: (keyof EventContext)[] = ['doorsOpenAt', 'endsAt', 'zoneParents', 'utcOffsetMinutes', 'dayStartMinutes', 'cancelled'];
const WEEK = 7 * 86_400;

type Check = (value: unknown) => string | null;
const int = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `must be an integer in ${min}..${max}`;
const capOrNull: Check = (v) => (v === null ? null : int(1, 1_000_000)(v) && 'must be a positive integer or null');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const instantOrNull: Check = (v) =>
  v === null || (typeof v === 'number' && Number.isSafeInteger(v)) ? null : 'must be epoch milliseconds or null';
const zoneCode = (z: unknown) => typeof z === 'string' && z.length > 0 && z.length <= 64;
const zoneTree: Check = (v) => {
  if (!isRecord(v)) return 'must be an object of zone code → parent zone code';
  if (Object.entries(v).some(([child, parent]) => !zoneCode(child) || !zoneCode(parent))) return 'zone codes must be 1–64 character strings';
  return zoneTreeProblem(v as Record<string, string>);
};

const RULE_CHECKS: Record<keyof PolicyRules, Check> = {
  maxEntries: capOrNull,
  maxEntriesPerDay: capOrNull,
  reentryRequiresExit: bool,
  cooldownSeconds: int(0, WEEK),
  exitScans: bool,
  duplicateWindowSeconds: int(0, 3600),
  earlyGraceSeconds: int(0, WEEK),
  lateGraceSeconds: int(0, WEEK),
};

const EVENT_CHECKS: Record<Exclude<keyof EventContext, 'cancelled'>, Check> = {
  doorsOpenAt: instantOrNull,
  endsAt: instantOrNull,
  zoneParents: zoneTree,
  utcOffsetMinutes: int(-720, 840),
  dayStartMinutes: int(0, 1439),
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFields(input: Record<string, unknown>, checks: Record<string, Check>, path: string, errors: string[]): void {
  for (const [key, check] of Object.entries(checks)) {
    if (!(key in input)) errors.push(`${path}${key}: is required`);
    else {
      const problem = check(input[key]);
      if (problem) errors.push(`${path}${key}: ${problem}`);
    }
  }
}

/**
 * Validates organizer input for the rules. `template` (a POLICY_TEMPLATES name) may supply
 * defaults for fields left out; unknown fields are errors so a typo never silently does nothing.
 */
export function validatePolicyRules(input: unknown): Validation<PolicyRules> {
  if (!isRecord(input)) return { ok: false, errors: ['policy: must be an object'] };
  const errors: string[] = [];
  let base: Partial<PolicyRules> = {};
  if ('template' in input) {
    const name = input.template;
    if (typeof name === 'string' && Object.hasOwn(POLICY_TEMPLATES, name)) base = POLICY_TEMPLATES[name as PolicyTemplateName];
    else errors.push(`template: must be one of ${Object.keys(POLICY_TEMPLATES).join(', ')}`);
  }
  for (const key of Object.keys(input)) {
    if (key !== 'template' && !(RULE_KEYS as string[]).includes(key)) errors.push(`${key}: is not a policy field`);
  }
  // With a bad template name, "x is required" for every field would bury the one real mistake.
  if (errors.length > 0 && 'template' in input && Object.keys(base).length === 0) return { ok: false, errors };
  const merged: Record<string, unknown> = { ...base };
  for (const key of RULE_KEYS) if (key in input) merged[key] = input[key];
  checkFields(merged, RULE_CHECKS, '', errors);
  if (errors.length > 0) return { ok: false, errors };
  const rules = Object.fromEntries(RULE_KEYS.map((k) => [k, merged[k]])) as unknown as PolicyRules;
  return { ok: true, value: rules };
}

/** Validates a full policy (rules + `event`), e.g. one read back from a manifest. */
export function validatePolicy(input: unknown): Validation<Policy> {
  if (!isRecord(input)) return { ok: false, errors: ['policy: must be an object'] };
  const { event, ...ruleInput } = input;
  const rules = validatePolicyRules(ruleInput);
  const errors = rules.ok ? [] : [...rules.errors];
  if (!isRecord(event)) errors.push('event: must be an object');
  else {
    // Policies written before zones became a tree carry the chain as `zoneOrder` (phones keep
    // them in storage): read as the same path, so their verdicts do not change.
    if ('zoneOrder' in event && !('zoneParents' in event)) {
      const { zoneOrder, ...rest } = event;
      const order = Array.isArray(zoneOrder) && zoneOrder.every(zoneCode) ? zoneOrder as string[] : null;
      if (!order || new Set(order).size !== order.length) errors.push('event.zoneOrder: must be an array of unique zone codes');
      return errors.length > 0 ? { ok: false, errors } : validatePolicy({ ...input, event: { ...rest, zoneParents: zoneParentsFromOrder(order!) } });
    }
    for (const key of Object.keys(event)) {
      if (!(EVENT_KEYS as string[]).includes(key)) errors.push(`event.${key}: is not an event field`);
    }
    checkFields(event, EVENT_CHECKS, 'event.', errors);
    if ('cancelled' in event && event.cancelled !== true) errors.push('event.cancelled: must be true when present');
    const { doorsOpenAt: open, endsAt: end } = event;
    if (typeof open === 'number' && typeof end === 'number' && end < open) errors.push('event.endsAt: must not be before doorsOpenAt');
  }
  if (!rules.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: makePolicy(rules.value, event as unknown as EventContext) };
}

/** JSON Schema (draft 2020-12 / OpenAPI 3.1) of PolicyRules input, for the HTTP layer. */
export const POLICY_RULES_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    template: { enum: Object.keys(POLICY_TEMPLATES) },
    maxEntries: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    maxEntriesPerDay: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    reentryRequiresExit: { type: 'boolean' },
    cooldownSeconds: { type: 'integer', minimum: 0, maximum: WEEK },
    exitScans: { type: 'boolean' },
    duplicateWindowSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    earlyGraceSeconds: { type: 'integer', minimum: 0, maximum: WEEK },
    lateGraceSeconds: { type: 'integer', minimum: 0, maximum: WEEK },
  },
} as const;

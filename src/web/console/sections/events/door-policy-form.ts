// The door-policy form: PolicyRules as the organizer edits them (text fields, minutes where the
// engine counts seconds, "unlimited" as a checkbox) and back. The limits are the server's own —
// core's validatePolicyRules, the very check the PUT route runs — so a form the console accepts
// is one the server accepts; the field checks before it only say which field to fix.
import { POLICY_TEMPLATES, validatePolicyRules, type PolicyRules, type PolicyTemplateName } from '../../../../core/index.ts';
import type { PolicyMessageKey } from '../../messages/policy.en.ts';

export interface PolicyForm {
  template: PolicyTemplateName | null;
  entriesLimited: boolean;
  maxEntries: string;
  perDayLimited: boolean;
  maxEntriesPerDay: string;
  reentryRequiresExit: boolean;
  cooldownMinutes: string;
  exitScans: boolean;
  duplicateWindowSeconds: string;
  earlyMinutes: string;
  lateMinutes: string;
}

export type FormField = 'maxEntries' | 'maxEntriesPerDay' | 'cooldownMinutes' | 'duplicateWindowSeconds' | 'earlyMinutes' | 'lateMinutes';
export type FormProblems = Partial<Record<FormField, PolicyMessageKey>>;
export type FormReading = { ok: true; rules: PolicyRules } | { ok: false; problems: FormProblems };

/** Seconds shown as minutes without a trailing ".0" (120 → "2", 90 → "1.5"). */
const minutes = (seconds: number): string => String(Math.round((seconds / 60) * 100) / 100);

export function formFromRules(rules: PolicyRules, template: PolicyTemplateName | null): PolicyForm {
  return {
    template,
    entriesLimited: rules.maxEntries !== null,
    maxEntries: String(rules.maxEntries ?? 1),
    perDayLimited: rules.maxEntriesPerDay !== null,
    maxEntriesPerDay: String(rules.maxEntriesPerDay ?? 1),
    reentryRequiresExit: rules.reentryRequiresExit,
    cooldownMinutes: minutes(rules.cooldownSeconds),
    exitScans: rules.exitScans,
    duplicateWindowSeconds: String(rules.duplicateWindowSeconds),
    earlyMinutes: minutes(rules.earlyGraceSeconds),
    lateMinutes: minutes(rules.lateGraceSeconds),
  };
}

/** The form a template's radio button fills in. */
export const formFromTemplate = (template: PolicyTemplateName): PolicyForm => formFromRules(POLICY_TEMPLATES[template], template);

const WEEK_MINUTES = 7 * 24 * 60;
const NUMBER = /^\s*\d+(?:[.,]\d+)?\s*$/;
const WHOLE = /^\s*\d+\s*$/;

function count(text: string): number | null {
  if (!WHOLE.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 1_000_000 ? n : null;
}

/** Minutes as typed (a French comma is fine) → whole seconds, or null outside 0..one week. */
function minutesToSeconds(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text.replace(',', '.'));
  return n <= WEEK_MINUTES ? Math.round(n * 60) : null;
}

/** Reads the form into rules, or says which fields are not valid. */
export function readForm(form: PolicyForm): FormReading {
  const problems: FormProblems = {};
  const maxEntries = form.entriesLimited ? count(form.maxEntries) : null;
  if (form.entriesLimited && maxEntries === null) problems.maxEntries = 'policy.problem.count';
  const maxEntriesPerDay = form.perDayLimited ? count(form.maxEntriesPerDay) : null;
  if (form.perDayLimited && maxEntriesPerDay === null) problems.maxEntriesPerDay = 'policy.problem.count';
  const cooldownSeconds = minutesToSeconds(form.cooldownMinutes);
  if (cooldownSeconds === null) problems.cooldownMinutes = 'policy.problem.minutes';
  const duplicateWindowSeconds = WHOLE.test(form.duplicateWindowSeconds) ? Number(form.duplicateWindowSeconds) : null;
  if (duplicateWindowSeconds === null || duplicateWindowSeconds > 3600) problems.duplicateWindowSeconds = 'policy.problem.seconds';
  const earlyGraceSeconds = minutesToSeconds(form.earlyMinutes);
  if (earlyGraceSeconds === null) problems.earlyMinutes = 'policy.problem.minutes';
  const lateGraceSeconds = minutesToSeconds(form.lateMinutes);
  if (lateGraceSeconds === null) problems.lateMinutes = 'policy.problem.minutes';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const checked = validatePolicyRules({
    maxEntries, maxEntriesPerDay, reentryRequiresExit: form.reentryRequiresExit, cooldownSeconds,
    exitScans: form.exitScans, duplicateWindowSeconds, earlyGraceSeconds, lateGraceSeconds,
  });
  // The field checks above are core's limits field by field; should core grow a rule they miss,
  // its refusal still stops the save rather than letting the server be the first to say no.
  return checked.ok ? { ok: true, rules: checked.value } : { ok: false, problems: {} };
}

/** Whether rules are exactly a template's (else the page says "based on …, with your changes"). */
export function isTemplate(rules: PolicyRules, template: PolicyTemplateName | null): boolean {
  if (!template) return false;
  const base: PolicyRules = POLICY_TEMPLATES[template];
  return (Object.keys(base) as (keyof PolicyRules)[]).every((k) => base[k] === rules[k]);
}

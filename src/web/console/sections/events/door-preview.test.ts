import { describe, expect, it } from 'vitest';
import { POLICY_TEMPLATES, type PolicyRules } from '../../../../core/policy.ts';
import { formatMessage, type Message, type Params } from '../../../shared/i18n.ts';
import en, { type MessageKey } from '../../messages/en.ts';
import fr from '../../messages/fr.ts';
import policyEn from '../../messages/policy.en.ts';
import { doorSentences, doorSequence, duration, type DoorFacts } from './door-preview.ts';
import { formFromRules, formFromTemplate, isTemplate, readForm } from './door-policy-form.ts';

const tr = (key: MessageKey, params?: Params) => formatMessage(en, en, 'en', key, params);
const lagos = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Lagos', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
// Doors 19:00, end 23:00 Lagos time (UTC+1).
const facts: DoorFacts = { doorsOpenAt: Date.UTC(2026, 11, 5, 18), endsAt: Date.UTC(2026, 11, 5, 22), time: (ms) => lagos.format(ms) };
const answers = (rules: PolicyRules, dayStart = 0) => doorSequence(rules, dayStart, tr).map((s) => `${s.verdict}:${s.reason}`);

describe('door preview, one per template', () => {
  it('single entry: in once, refused after, even after leaving', () => {
    const rules = POLICY_TEMPLATES['conference-single-entry'];
    const said = doorSentences(rules, 0, facts, tr);
    expect(said[0]).toBe('A ticket gets in once. Any later entry is refused, even after an exit scan.');
    expect(said).toContain('A phone that reads the same ticket twice within 5 seconds shows the first answer again.');
    expect(said).toContain('Tickets are accepted from 30 minutes before doors open (18:30 venue time) until the end (23:00).');
    expect(answers(rules)).toEqual(['admitted:admitted', 'admitted:duplicate_scan', 'refused:already_inside', 'exited:exited', 'refused:max_entries']);
  });

  it('re-entry after exit: back in once scanned out', () => {
    const rules = POLICY_TEMPLATES['reentry-after-exit'];
    expect(doorSentences(rules, 0, facts, tr)).toContain('Guests may leave and come back; they are scanned out on the way out.');
    expect(answers(rules)).toEqual(['admitted:admitted', 'admitted:duplicate_scan', 'refused:already_inside', 'exited:exited', 'admitted:admitted']);
  });

  it('festival re-entry: a 2-minute wait, 10 entries', () => {
    const rules = POLICY_TEMPLATES['festival-reentry'];
    const said = doorSentences(rules, 0, facts, tr);
    expect(said).toContain('A ticket gets in at most 10 times.');
    expect(said).toContain('Guests may leave and come back; on the way back they must wait 2 minutes.');
    // Five minutes after leaving is past the 2-minute wait: no extra step.
    expect(answers(rules)).toEqual(['admitted:admitted', 'admitted:duplicate_scan', 'refused:already_inside', 'exited:exited', 'admitted:admitted']);
  });

  it('multi-day: once a day, the next day opens again', () => {
    const rules = POLICY_TEMPLATES['multi-day'];
    expect(doorSentences(rules, 360, facts, tr)).toContain(
      'At most 1 entry per day. A new day starts at 06:00 venue time, and everyone starts it outside.');
    const steps = doorSequence(rules, 360, tr);
    expect(steps.at(-1)!.what).toBe('Next day, same time');
    expect(answers(rules, 360)).toEqual(['admitted:admitted', 'admitted:duplicate_scan', 'refused:already_inside', 'exited:exited', 'refused:max_entries', 'admitted:admitted']);
  });
});

describe('door preview, edited rules', () => {
  const reentry = POLICY_TEMPLATES['reentry-after-exit'];

  it('a 10-minute cooldown refuses the return at 5 minutes and admits it once the wait is over', () => {
    const rules = { ...reentry, cooldownSeconds: 600 };
    expect(doorSentences(rules, 0, facts, tr)).toContain('Guests may leave and come back; on the way back they must wait 10 minutes.');
    const steps = doorSequence(rules, 0, tr);
    expect(steps.map((s) => s.reason)).toEqual(['admitted', 'duplicate_scan', 'already_inside', 'exited', 'cooldown', 'admitted']);
    expect(steps[5]!.what).toBe('Scanned in again, 10 minutes after the last scan');
  });

  it('no exit scans with re-entry after exit: the ticket cannot come back, and says so', () => {
    const rules = { ...reentry, exitScans: false };
    expect(doorSentences(rules, 0, facts, tr)).toContain('Exits are not scanned, so a ticket that is inside cannot be used again.');
    expect(answers(rules)).toEqual(['admitted:admitted', 'admitted:duplicate_scan', 'refused:already_inside', 'refused:not_allowed', 'refused:already_inside']);
  });

  it('no double-read window and no exit needed: every read is judged, a second phone gets in', () => {
    const rules = { ...reentry, duplicateWindowSeconds: 0, reentryRequiresExit: false };
    const said = doorSentences(rules, 0, facts, tr);
    expect(said).toContain('Every read is a new scan, even a camera reading the same code twice.');
    expect(said).toContain('A ticket can be scanned in again without an exit scan — one ticket could let in several people.');
    expect(answers(rules).slice(0, 3)).toEqual(['admitted:admitted', 'admitted:admitted', 'admitted:admitted']);
  });

  it('names the accepted window with both graces in venue time', () => {
    const rules = { ...reentry, earlyGraceSeconds: 1800, lateGraceSeconds: 3600 };
    expect(doorSentences(rules, 0, facts, tr)).toContain(
      'Tickets are accepted from 30 minutes before doors open (18:30 venue time) until 1 hour after the end (00:00).');
    expect(duration(5400, tr)).toBe('1 h 30 min');
    expect(duration(30, tr)).toBe('30 seconds');
  });
});

describe('door-policy form', () => {
  it('reads each template back to its own rules', () => {
    for (const name of Object.keys(POLICY_TEMPLATES) as (keyof typeof POLICY_TEMPLATES)[]) {
      const read = readForm(formFromTemplate(name));
      expect(read, name).toEqual({ ok: true, rules: POLICY_TEMPLATES[name] });
      if (read.ok) expect(isTemplate(read.rules, name)).toBe(true);
    }
  });

  it('takes minutes (with a French comma) and refuses what the server would', () => {
    const form = { ...formFromRules(POLICY_TEMPLATES['reentry-after-exit'], 'reentry-after-exit'), cooldownMinutes: '1,5' };
    const read = readForm(form);
    expect(read.ok && read.rules.cooldownSeconds).toBe(90);
    expect(read.ok && isTemplate(read.rules, 'reentry-after-exit')).toBe(false);
    const bad = readForm({ ...form, entriesLimited: true, maxEntries: '0', duplicateWindowSeconds: '3601', earlyMinutes: '10081', lateMinutes: '-1' });
    expect(bad).toEqual({ ok: false, problems: {
      maxEntries: 'policy.problem.count', duplicateWindowSeconds: 'policy.problem.seconds', earlyMinutes: 'policy.problem.minutes', lateMinutes: 'policy.problem.minutes',
    } });
  });
});

describe('door-policy catalogs', () => {
  const placeholders = (m: Message): string[] =>
    [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
  it('French has every policy message, with the same placeholders', () => {
    for (const [key, message] of Object.entries(policyEn)) {
      const other = (fr as Record<string, Message>)[key];
      expect(other, key).toBeDefined();
      expect(placeholders(other!), key).toEqual(placeholders(message));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { EVENT } from '../../test/core/decide-scenarios.ts';
import { dayKey } from './day-key.ts';
import { makePolicy, POLICY_RULES_JSON_SCHEMA, POLICY_TEMPLATES, validatePolicy, validatePolicyRules } from './policy.ts';
import { zoneCovers, zoneParentsFromOrder } from './zones.ts';

describe('policy templates and validation', () => {
  it.each(Object.keys(POLICY_TEMPLATES))('template %s is valid by name and in full', (name) => {
    const byName = validatePolicyRules({ template: name });
    expect(byName).toEqual({ ok: true, value: POLICY_TEMPLATES[name as keyof typeof POLICY_TEMPLATES] });
    expect(validatePolicyRules({ ...POLICY_TEMPLATES[name as keyof typeof POLICY_TEMPLATES] }).ok).toBe(true);
  });

  it('lets a template be tuned', () => {
    expect(validatePolicyRules({ template: 'festival-reentry', cooldownSeconds: 30 })).toMatchObject({ ok: true, value: { cooldownSeconds: 30, maxEntries: 10 } });
  });

  it('lists every problem, typos included', () => {
    const result = validatePolicyRules({ template: 'festival-reentry', maxEntries: 0, cooldownSecs: 30, exitScans: 'yes' });
    expect(result).toEqual({
      ok: false,
      errors: ['cooldownSecs: is not a policy field', 'maxEntries: must be a positive integer or null', 'exitScans: must be true or false'],
    });
    expect(validatePolicyRules({ template: 'nope' })).toMatchObject({ ok: false, errors: [expect.stringContaining('template: must be one of')] });
    expect(validatePolicyRules({})).toMatchObject({ ok: false });
    expect(validatePolicyRules(null)).toEqual({ ok: false, errors: ['policy: must be an object'] });
    expect(validatePolicyRules([])).toEqual({ ok: false, errors: ['policy: must be an object'] });
  });

  it('validates a full policy, as read back from a manifest', () => {
    const policy = makePolicy(POLICY_TEMPLATES['multi-day'], EVENT);
    expect(validatePolicy(JSON.parse(JSON.stringify(policy)))).toEqual({ ok: true, value: policy });
    const bad = { ...policy, event: { ...EVENT, endsAt: EVENT.doorsOpenAt! - 1, zoneParents: { GA: 'VIP', VIP: 'GA' }, utcOffsetMinutes: 2000, extra: 1 } };
    expect(validatePolicy(bad)).toEqual({
      ok: false,
      errors: [
        'event.extra: is not an event field',
        'event.zoneParents: zone GA would be inside itself',
        'event.utcOffsetMinutes: must be an integer in -720..840',
        'event.endsAt: must not be before doorsOpenAt',
      ],
    });
    expect(validatePolicy({ ...POLICY_TEMPLATES['multi-day'] })).toEqual({ ok: false, errors: ['event: must be an object'] });
  });

  it('reads a policy written before zone trees (a zoneOrder chain) as the same path', () => {
    const { zoneParents: _tree, ...legacyEvent } = EVENT;
    const legacy = { ...POLICY_TEMPLATES['multi-day'], event: { ...legacyEvent, zoneOrder: ['ALL', 'BACKSTAGE', 'VIP', 'GA'] } };
    expect(validatePolicy(legacy)).toEqual({ ok: true, value: makePolicy(POLICY_TEMPLATES['multi-day'], EVENT) });
    expect(validatePolicy({ ...legacy, event: { ...legacyEvent, zoneOrder: ['GA', 'GA'] } }))
      .toEqual({ ok: false, errors: ['event.zoneOrder: must be an array of unique zone codes'] });
  });

  it('carries a cancelled event as event.cancelled = true, and nothing else in that field', () => {
    const cancelled = makePolicy(POLICY_TEMPLATES['reentry-after-exit'], { ...EVENT, cancelled: true });
    expect(validatePolicy(JSON.parse(JSON.stringify(cancelled)))).toEqual({ ok: true, value: cancelled });
    expect(validatePolicy({ ...cancelled, event: { ...EVENT, cancelled: false } })).toEqual({ ok: false, errors: ['event.cancelled: must be true when present'] });
  });

  it('exports a JSON schema naming the same fields', () => {
    expect(Object.keys(POLICY_RULES_JSON_SCHEMA.properties).sort()).toEqual(['template', ...Object.keys(POLICY_TEMPLATES['multi-day'])].sort());
  });
});

describe('zones', () => {
  const order = ['ALL', 'BACKSTAGE', 'VIP', 'GA'];
  it.each([
    [['VIP'], 'GA', true],
    [['VIP'], 'VIP', true],
    [['VIP'], 'BACKSTAGE', false],
    [['GA', 'BACKSTAGE'], 'VIP', true],
    [['ALL'], 'GA', true],
    [['ALL'], 'HALL-B', false],
    [['HALL-B'], 'HALL-B', true],
    [['HALL-B'], 'GA', false],
    [[], 'GA', false],
    [['vip'], 'GA', false],
  ])('%j at a %s gate → %s', (granted, gate, ok) => expect(zoneCovers(granted, gate, zoneParentsFromOrder(order))).toBe(ok));
});

describe('dayKey', () => {
  it.each([
    [Date.UTC(2026, 2, 14, 22, 59), 60, 0, '2026-03-14'],
    [Date.UTC(2026, 2, 14, 23, 0), 60, 0, '2026-03-15'],
    [Date.UTC(2026, 2, 15, 4, 59), 60, 360, '2026-03-14'],
    [Date.UTC(2026, 2, 15, 5, 0), 60, 360, '2026-03-15'],
    [Date.UTC(2024, 1, 29, 12), 0, 0, '2024-02-29'],
    [Date.UTC(2000, 0, 1), -300, 0, '1999-12-31'],
    [0, 0, 0, '1970-01-01'],
  ])('dayKey(%i, %i, %i) = %s', (at, offset, start, key) => expect(dayKey(at, offset, start)).toBe(key));

  it('agrees with Date for many instants and offsets', () => {
    for (let i = 0; i < 2000; i++) {
      const at = Date.UTC(1990, 0, 1) + i * 7_654_321_011;
      const offset = ((i * 37) % 1560) - 720;
      const expected = new Date(at + offset * 60_000).toISOString().slice(0, 10);
      expect(dayKey(at, offset)).toBe(expected);
    }
  });
});

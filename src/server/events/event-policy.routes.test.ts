import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';

describe(`event scan policy API (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { template: 'reentry-after-exit' });
    manager = await loginAs(t.app, org.staff.manager.email);
  });
  afterAll(async () => { await t.close(); });
  const url = () => `/api/v1/events/${org.event.id}/policy`;

  it('lists the templates publicly', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/policy-templates' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { templates: { name: string }[] }).templates.map((x) => x.name))
      .toEqual(['conference-single-entry', 'reentry-after-exit', 'festival-reentry', 'multi-day']);
  });

  it('switches the event to a template, overriding one rule, and records who did it', async () => {
    const res = await t.app.inject({ method: 'PUT', url: url(), headers: bearer(manager), payload: { rules: { template: 'festival-reentry', cooldownSeconds: 60 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ template: 'festival-reentry', rules: { maxEntries: 10, cooldownSeconds: 60 } });
    const got = await t.app.inject({ method: 'GET', url: url(), headers: bearer(manager) });
    expect(got.json()).toMatchObject({ template: 'festival-reentry', rules: { cooldownSeconds: 60 } });
    const audit = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'event.policy_changed').execute());
    expect(audit).toEqual([{ action: 'event.policy_changed', actor_id: org.staff.manager.id }]);
  });

  it('changes one rule and keeps the others', async () => {
    const res = await t.app.inject({ method: 'PUT', url: url(), headers: bearer(manager), payload: { rules: { duplicateWindowSeconds: 20 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rules: { duplicateWindowSeconds: 20, cooldownSeconds: 60, maxEntries: 10 } });
  });

  it.each([
    [{ rules: { template: 'rave' } }, 'template'],
    [{ rules: { cooldownSeconds: -5 } }, 'cooldownSeconds'],
    [{ rules: { maxEntries: 0 } }, 'maxEntries'],
    [{ rules: { maxEntries: 2, colour: 'red' } }, 'colour'],
  ])('refuses an invalid policy %j with a message naming the field', async (payload, field) => {
    const res = await t.app.inject({ method: 'PUT', url: url(), headers: bearer(manager), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect((res.json() as { error: { message: string } }).error.message).toContain(field);
  });

  it('does not let door staff change the policy', async () => {
    const door = await loginAs(t.app, org.staff.door.email);
    const res = await t.app.inject({ method: 'PUT', url: url(), headers: bearer(door), payload: { rules: { maxEntries: 99 } } });
    expect(res.statusCode).toBe(403);
  });
});

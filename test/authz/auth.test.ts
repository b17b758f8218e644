import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer, loginAs, pairDeviceAt, PASSWORD, seedOrg, type Org } from './fixtures.ts';

/** Sign-in, sessions, devices and API keys as a door team and an integrator meet them. */
describe(`staff sessions, devices and API keys (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 0 });
  });
  afterAll(async () => { await t.close(); });

  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const me = (headers: Record<string, string>) => inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  it('logs in with email and password and answers who the caller is', async () => {
    const s = await loginAs(t.app, org.staff.manager.email.toUpperCase());
    const res = await me(bearer(s));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'staff', staffId: org.staff.manager.id, role: 'manager', device: null, scopes: 'all' });
  });

  it('gives one answer for an unknown email and a wrong password, after a full password check either way', async () => {
    // One account with the production password cost, so both paths run the same scrypt.
    const email = `slow-${randomUUID().slice(0, 6)}@example.test`;
    const hash = await hashPassword(PASSWORD);
    await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.insertInto('staff').values({
      id: randomUUID(), tenant_id: org.tenantId, email, display_name: 'Slow', password_hash: hash, role: 'staff',
    }).execute());
    const time = async (payload: object) => {
      const started = performance.now();
      const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: '10.0.0.1' });
      return { ms: performance.now() - started, status: res.statusCode, body: res.json() };
    };
    const wrong = await time({ email, password: 'not the password' });
    const unknown = await time({ email: `nobody-${randomUUID()}@example.test`, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.error.code).toBe('invalid_credentials');
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.4);
  });

  it('throttles repeated sign-in attempts for one email from one address', async () => {
    const payload = { email: org.staff.unassigned.email, password: 'guess' };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: '10.0.0.77' })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const blocked = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { ...payload, password: PASSWORD }, remoteAddress: '10.0.0.77' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('locked_out');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    const elsewhere = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { ...payload, password: PASSWORD }, remoteAddress: '10.0.0.78' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('rotates refresh tokens; reusing a rotated one closes the whole session', async () => {
    const s = await loginAs(t.app, org.staff.door.email);
    const first = await inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } });
    expect(first.statusCode).toBe(200);
    const next = first.json() as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect((await me({ authorization: `Bearer ${next.accessToken}` })).statusCode).toBe(200);

    const replay = await inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } });
    expect(replay.statusCode).toBe(401);
    // The thief's replay also ended the legitimate successor and its access token.
    expect((await inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: next.refreshToken } })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${next.accessToken}` })).statusCode).toBe(401);
    const logged = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select('action').where('action', '=', 'auth.refresh_token_reused').execute());
    expect(logged.length).toBeGreaterThan(0);
  });

  it('logout ends the session, access token included', async () => {
    const s = await loginAs(t.app, org.staff.door.email);
    expect((await me(bearer(s))).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: s.refreshToken } })).statusCode).toBe(204);
    expect((await me(bearer(s))).statusCode).toBe(401);
  });

  it('removing a staff member stops their tokens at once', async () => {
    const owner = await loginAs(t.app, org.staff.owner.email);
    const victim = await loginAs(t.app, org.staff.eventDoor.email);
    const res = await inject({ method: 'PATCH', url: `/api/v1/staff/${org.staff.eventDoor.id}`, headers: bearer(owner), payload: { active: false } });
    expect(res.statusCode).toBe(200);
    expect((await me(bearer(victim))).statusCode).toBe(401);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: victim.refreshToken } })).statusCode).toBe(401);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: org.staff.eventDoor.email, password: PASSWORD } })).statusCode).toBe(401);
    await inject({ method: 'PATCH', url: `/api/v1/staff/${org.staff.eventDoor.id}`, headers: bearer(owner), payload: { active: true } });
  });

  it('pairs a device once with a setup code; a revoked device is refused at once', async () => {
    const manager = await loginAs(t.app, org.staff.manager.email);
    const code = await inject({ method: 'POST', url: `/api/v1/venues/${org.venue.id}/device-setup-codes`, headers: bearer(manager), payload: { name: 'Gate 1 phone' } });
    expect(code.statusCode).toBe(201);
    const { setupCode, qrText } = code.json() as { setupCode: string; qrText: string };
    expect(qrText).toContain(setupCode);
    const pair = await inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode: setupCode.toLowerCase() } });
    expect(pair.statusCode).toBe(201);
    expect(pair.json().device).toMatchObject({ venueId: org.venue.id, kind: 'door', name: 'Gate 1 phone' });
    expect((await inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode } })).statusCode).toBe(404);

    const door = await loginAs(t.app, org.staff.door.email, pair.json().deviceToken);
    const home = await inject({ method: 'GET', url: '/api/v1/devices/me', headers: bearer(door) });
    expect(home.statusCode).toBe(200);
    expect(home.json().events.map((e: { id: string }) => e.id)).toContain(org.event.id);

    const revoked = await inject({ method: 'POST', url: `/api/v1/devices/${door.deviceId}/revoke`, headers: bearer(manager) });
    expect(revoked.statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/v1/devices/me', headers: bearer(door) })).statusCode).toBe(401);
    const again = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: org.staff.door.email, password: PASSWORD, deviceToken: pair.json().deviceToken } });
    expect(again.statusCode).toBe(401);
  });

  it('refuses a device session to staff not assigned to the device’s venue', async () => {
    const manager = await loginAs(t.app, org.staff.manager.email);
    const device = await pairDeviceAt(t.app, manager, org.venue.id);
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: org.staff.farDoor.email, password: PASSWORD, deviceToken: device.deviceToken } });
    expect(res.statusCode).toBe(403);
  });

  it('API keys are shown once, work as x-api-key, and stop when revoked', async () => {
    const owner = await loginAs(t.app, org.staff.owner.email);
    const created = await inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(owner), payload: { name: 'Box office' } });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json() as { key: string; id: string };
    const list = await inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(owner) });
    expect(list.body).not.toContain(key);
    const who = await me({ 'x-api-key': key });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ kind: 'api_key', apiKeyId: id, role: 'integration' });
    expect((await inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: bearer(owner) })).statusCode).toBe(204);
    expect((await me({ 'x-api-key': key })).statusCode).toBe(401);
  });

  it('logs a denied attempt with who made it (ids and role, no personal data)', async () => {
    const captured: unknown[][] = [];
    const log = t.app.log as unknown as { child: (...args: unknown[]) => { warn: (...a: unknown[]) => void } };
    const child = log.child.bind(log);
    log.child = (...args) => {
      const c = child(...args);
      const warn = c.warn.bind(c);
      c.warn = (...a) => { captured.push(a); warn(...a); };
      return c;
    };
    try {
      const door = await loginAs(t.app, org.staff.door.email);
      expect((await inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(door) })).statusCode).toBe(403);
    } finally {
      log.child = child;
    }
    const denial = captured.find((a) => a[1] === 'authorization denied')?.[0] as { principal: Record<string, unknown>; action: string } | undefined;
    expect(denial).toMatchObject({ action: 'apikey:manage', principal: { kind: 'staff', staffId: org.staff.door.id, role: 'staff', tenantId: org.tenantId } });
    expect(JSON.stringify(denial)).not.toContain('@');
  });

  it('answers an expired or forged access token with 401 and says which', async () => {
    const s = await loginAs(t.app, org.staff.door.email);
    const [h, p] = s.accessToken.split('.');
    const forged = await me({ authorization: `Bearer ${h}.${p}.${'A'.repeat(86)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('unauthorized');
    const tokens = (await import('../../src/server/auth/auth-runtime.ts')).authRuntime(t.app.ctx).tokens;
    const old = await tokens.sign({ staffId: org.staff.door.id, tenantId: org.tenantId, role: 'staff', sessionId: randomUUID(), device: null }, Date.now() - 3600_000);
    const expired = await me({ authorization: `Bearer ${old.token}` });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('token_expired');
  });
});

import type { KaribuApp } from '../../src/server/app.ts';
import { login } from '../../src/server/auth/auth.service.ts';
import type { EventFixture } from '../support/fixtures.ts';

/** Credentials for the tickets-in tests: a staff access token (real login) and an integration API key. */

export async function bearer(app: KaribuApp, f: EventFixture, role: 'owner' | 'manager' | 'staff' = 'manager'): Promise<Record<string, string>> {
  const { accessToken } = await login(app.ctx, { email: f.users[role].email, password: f.users[role].password });
  return { authorization: `Bearer ${accessToken}` };
}

export async function apiKey(app: KaribuApp, f: EventFixture): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: await bearer(app, f, 'owner'), payload: { name: 'box office' } });
  if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`);
  return { 'x-api-key': (res.json() as { key: string }).key };
}

import type { KaribuApp } from '../../src/server/app.ts';
import { login } from '../../src/server/auth/auth.service.ts';
import type { EventFixture } from '../support/fixtures.ts';

/** Credentials for the tickets-in tests: a staff access token (real login) and an integration API key. */

// A login costs a full scrypt on purpose; one per user per app is plenty (tokens live 15 min).
const tokens = new WeakMap<KaribuApp, Map<string, Promise<string>>>();

export async function bearer(app: KaribuApp, f: EventFixture, role: 'owner' | 'manager' | 'staff' = 'manager'): Promise<Record<string, string>> {
  let cache = tokens.get(app);
  if (!cache) tokens.set(app, (cache = new Map()));
  const { email, password } = f.users[role];
  if (!cache.has(email)) cache.set(email, login(app.ctx, { email, password }).then((r) => r.accessToken));
  return { authorization: `Bearer ${await cache.get(email)!}` };
}

export async function apiKey(app: KaribuApp, f: EventFixture): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: await bearer(app, f, 'owner'), payload: { name: 'box office' } });
  if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`);
  return { 'x-api-key': (res.json() as { key: string }).key };
}

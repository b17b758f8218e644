import { describe, expect, it, vi } from 'vitest';
import { ApiClient, tokenExpiry, type Tokens } from './api-client.ts';

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (exp: number) => `${b64url({ alg: 'EdDSA' })}.${b64url({ sub: 'x', exp })}.sig`;

function client(first: Tokens, answers: Response[]) {
  let tokens: Tokens | null = first;
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => answers.shift() ?? new Response('{}', { status: 500 }));
  const api = new ApiClient({ getTokens: () => tokens, onTokens: (t) => { tokens = t; }, fetch: fetch as unknown as typeof globalThis.fetch });
  return { api, fetch, tokens: () => tokens };
}
const fresh: Tokens = { accessToken: 'new.access.token', refreshToken: 'r2', expiresIn: 900 };

describe('tokenExpiry', () => {
  it('reads exp from a JWT payload, and null from anything else', () => {
    expect(tokenExpiry(jwt(1_800_000_000))).toBe(1_800_000_000_000);
    expect(tokenExpiry('expired')).toBeNull();
    expect(tokenExpiry('a.bm90IGpzb24.c')).toBeNull();
  });
});

describe('ApiClient.freshen', () => {
  it('refreshes only a token that lapses within the margin', async () => {
    const now = 1_800_000_000_000;
    const keep = client({ accessToken: jwt(now / 1000 + 600), refreshToken: 'r1', expiresIn: 900 }, []);
    await keep.api.freshen(60_000, now);
    expect(keep.fetch).not.toHaveBeenCalled();

    const renew = client({ accessToken: jwt(now / 1000 + 30), refreshToken: 'r1', expiresIn: 900 }, [new Response(JSON.stringify(fresh), { status: 200 })]);
    await renew.api.freshen(60_000, now);
    expect(renew.fetch.mock.calls[0]![0]).toBe('/api/v1/auth/refresh');
    expect(renew.tokens()).toEqual(fresh);
  });
});

describe('ApiClient.stream', () => {
  it('sends the token and Last-Event-ID, renews an expired token once, and turns a refusal into an ApiError', async () => {
    const c = client({ accessToken: 'old', refreshToken: 'r1', expiresIn: 900 }, [
      new Response('{}', { status: 401 }), new Response(JSON.stringify(fresh), { status: 200 }), new Response('data: {}\n\n', { status: 200 }),
    ]);
    const res = await c.api.stream('/api/v1/events/e/dashboard/stream', { signal: new AbortController().signal, headers: { 'last-event-id': '3.n' } });
    expect(await res.text()).toBe('data: {}\n\n');
    const headers = c.fetch.mock.calls[2]![1]!.headers as Record<string, string>;
    expect(headers).toMatchObject({ authorization: 'Bearer new.access.token', accept: 'text/event-stream', 'last-event-id': '3.n' });

    const refused = client(fresh, [new Response(JSON.stringify({ error: { code: 'not_found', message: 'No such event.' } }), { status: 404 })]);
    await expect(refused.api.stream('/x', { signal: new AbortController().signal })).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});

import { injectAnswer } from '../support/inject-answer.ts';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppContext, Feature } from '../../src/server/app-context.ts';
import { FEATURES } from '../../src/server/features.ts';
import { NO_SUCH_RESOURCE, type AuthSpec, type ResourceKind } from '../../src/server/auth/auth-guard.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { issueTickets } from '../../src/server/tickets/ticket-issuance.service.ts';
import { bearer, doorSession, loginAs, pairDeviceAt, seedOrg, type Org, type Session } from './fixtures.ts';
import { EXPECTED_ROLES, expectedOutcome, type PrincipalModel, type Variant } from './authz-spec.ts';

/**
 * The authorization matrix: every registered route × every kind of caller × every resource
 * relation (own venue and event, another event at the venue, another venue, another organizer),
 * against the table in authz-spec.ts. Routes are discovered as registered, so a route added by any
 * feature later is covered — and a route that declares no `config.auth` fails here.
 */

// Record each route's declaration as features register it (the composition root keeps no config).
interface Declared { method: string; url: string; readonly auth: AuthSpec | undefined; feature: string }
const declared: Declared[] = [];
const originals = new Map<Feature, Feature['register']>();
for (const feature of FEATURES) {
  originals.set(feature, feature.register);
  (feature as { register: Feature['register'] }).register = async (app: App, ctx: AppContext) => {
    app.addHook('onRoute', (route) => {
      // Read the declaration lazily: later onRoute hooks of the feature (declarePublic) may set it.
      for (const method of [route.method].flat()) {
        declared.push({ method, url: route.url, get auth() { return route.config?.auth; }, feature: feature.name });
      }
    });
    return originals.get(feature)!.call(feature, app, ctx);
  };
}

/** Request bodies valid enough to reach authorization on routes that authorize in their handler. */
function sampleBody(operationUrl: string, org: Org): Record<string, unknown> | undefined {
  const gateId = org.venue.gates[0]!.id;
  if (operationUrl.endsWith('/scans')) return { scanId: randomUUID(), pin: '000000', gateId, direction: 'in' };
  if (operationUrl.endsWith('/scans/group')) return { gateId, direction: 'in', items: [{ scanId: randomUUID(), pin: '000000' }] };
  if (operationUrl.endsWith('/devices/me/report')) return { appVersion: '0.1.0', pendingScans: 0 };
  return undefined;
}

describe(`authorization matrix (${testDatabaseKind})`, () => {
  let t: TestApp;
  let a: Org;
  let b: Org;
  const sessions = new Map<string, Record<string, string>>();
  const models = new Map<string, PrincipalModel>();
  let victims: Record<Exclude<ResourceKind, 'tenant'>, Partial<Record<Variant, string>>>;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [feature, register] of originals) (feature as { register: Feature['register'] }).register = register;
    a = await seedOrg(t.app, { tickets: 2 });
    b = await seedOrg(t.app, { tickets: 1 });
    // An event with a ticket is never deleted: DELETE /events/{id} must not remove the matrix's events.
    for (const e of [a.sideEvent, a.farEvent]) await issueTickets(t.app.ctx, a.tenantId, e.id, [{ typeNo: 1, holderName: 'Kept Guest' }]);
    const ownerA = await loginAs(t.app, a.staff.owner.email);
    const ownerB = await loginAs(t.app, b.staff.owner.email);

    const add = (key: string, headers: Record<string, string>) => { sessions.set(key, headers); models.set(key, EXPECTED_ROLES[key]!); };
    add('owner', bearer(ownerA));
    add('admin', bearer(await loginAs(t.app, a.staff.admin.email)));
    add('manager', bearer(await loginAs(t.app, a.staff.manager.email)));
    add('venueManager', bearer(await loginAs(t.app, a.staff.venueManager.email)));
    add('door', bearer(await doorSession(t.app, ownerA, a.staff.door.email, a.venue.id)));
    add('doorNoDevice', bearer(await loginAs(t.app, a.staff.door.email)));
    add('eventDoor', bearer(await doorSession(t.app, ownerA, a.staff.eventDoor.email, a.venue.id)));
    add('farDoor', bearer(await doorSession(t.app, ownerA, a.staff.farDoor.email, a.otherVenue.id)));
    add('unassigned', bearer(await loginAs(t.app, a.staff.unassigned.email)));
    add('kiosk', bearer(await doorSession(t.app, ownerA, a.staff.door.email, a.venue.id, 'kiosk')));
    const key = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(ownerA), payload: { name: 'integration' } });
    add('integration', { 'x-api-key': key.json().key });

    // Things the matrix may act on without harming the callers above.
    const mkKey = async (owner: Session) => (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(owner), payload: { name: 'victim' } })).json().id as string;
    victims = {
      event: { home: a.event.id, side: a.sideEvent.id, far: a.farEvent.id, foreign: b.event.id },
      venue: { home: a.venue.id, far: a.otherVenue.id, foreign: b.venue.id },
      device: {
        home: (await pairDeviceAt(t.app, ownerA, a.venue.id)).deviceId,
        far: (await pairDeviceAt(t.app, ownerA, a.otherVenue.id)).deviceId,
        foreign: (await pairDeviceAt(t.app, ownerB, b.venue.id)).deviceId,
      },
      staff: { home: a.staff.unassigned.id, foreign: b.staff.unassigned.id },
      api_key: { home: await mkKey(ownerA), foreign: await mkKey(ownerB) },
    };
  });
  afterAll(async () => { await t?.close(); });

  const routes = () => declared.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/docs'));

  it('every route declares its auth requirement (config.auth)', () => {
    expect(routes().length).toBeGreaterThan(10);
    const missing = routes().filter((r) => r.auth === undefined).map((r) => `${r.method} ${r.url} (feature ${r.feature})`);
    expect(missing, 'declare config: { auth: \'public\' | { action, resource } } on these routes (see src/server/http/README.md)').toEqual([]);
  });

  function urlFor(route: Declared, resourceParam: string | null, resourceId: string | null): string {
    return route.url.replace(/:(\w+)/g, (_m, name: string) => (name === resourceParam && resourceId ? resourceId : randomUUID()))
      .replace(/\*$/, 'x');
  }

  it('refuses every protected route without credentials (401), before looking at the request', async () => {
    const failures: string[] = [];
    for (const route of routes().filter((r) => r.auth !== undefined && r.auth !== 'public')) {
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { 'x-api-key': 'kak_nope' }]) {
        const res = await injectAnswer(t.app, { method: route.method as InjectOptions['method'], url: urlFor(route, null, null), headers, ...(route.method === 'GET' ? {} : { payload: {} }) });
        if (res.statusCode !== 401) failures.push(`${route.method} ${route.url} ${JSON.stringify(headers)} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // Every route × eleven callers × up to four resources: well over a thousand requests.
  it('answers every caller × resource as designed: 403 for a lacking role or scope, 404 for another organizer', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes()) {
      if (route.auth === undefined || route.auth === 'public') continue;
      const kind: ResourceKind = route.auth.resource ?? 'tenant';
      const param = kind === 'tenant' ? null : route.auth.param ?? { event: 'eventId', venue: 'venueId', device: 'deviceId', staff: 'staffId', api_key: 'apiKeyId' }[kind];
      const variants: [Variant, string | null][] = kind === 'tenant'
        ? [['home', null]]
        : (Object.entries(victims[kind]) as [Variant, string][]);
      // One route at a time; its callers × resources concurrently (each request stands alone).
      const probes = [...sessions].flatMap(([who, headers]) => variants.map(async ([variant, id]) => {
        const expected = expectedOutcome(models.get(who)!, (route.auth as Exclude<AuthSpec, 'public'>).action, kind, variant);
        const body = sampleBody(route.url, a) ?? {};
        const res = await injectAnswer(t.app, {
          method: route.method as InjectOptions['method'], url: urlFor(route, param, id), headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: body }),
        });
        checked++;
        const guardNotFound = res.statusCode === 404 && JSON.parse(res.body || 'null')?.error?.message === NO_SUCH_RESOURCE;
        const got = res.statusCode === 401 ? 401 : res.statusCode === 403 ? 403 : guardNotFound ? 404 : 'allow';
        if (got !== expected) failures.push(`${route.method} ${route.url} as ${who} on ${variant} ${kind}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
      }));
      await Promise.all(probes);
    }
    expect(checked).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

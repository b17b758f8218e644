import { injectAnswer } from '../support/inject-answer.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockoutOf } from '../../src/server/judging/lockout.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../support/test-app.ts';
import { bearer, doorSession, loginAs, pairDeviceAt, PASSWORD, randomAddress, seedOrg, type Org } from '../authz/fixtures.ts';
import { describeInput, problemsWith } from './fuzz-check.ts';
import { BACKGROUND_TABLES, DEVICE_ACTIONS, KNOWN_BUGS } from './fuzz-expectations.ts';
import { CSV_JUNK, exclusive, JUNK_CREDENTIALS, VALID_BODIES } from './fuzz-requests.ts';
import {
  BODY_JUNK, HEADER_JUNK, INVALID_JSON, instanceOf, nastyValuesFor, PATH_JUNK, queryJunk, typesOf, WRONG_CONTENT_TYPES,
  type JsonSchema, type KnownValues,
} from './fuzz-inputs.ts';

/**
 * "Bad input gets a clear error and loses nothing", for every route the app registers (routes added
 * later are covered without touching this file). Each route gets its real request shape from
 * /docs/json, then: junk path parameters, non-object and non-JSON bodies, wrong content types, every
 * declared property replaced by wrong-typed and database-hostile values, unknown fields, missing
 * fields, query-string and header junk, and junk credentials. Every answer must be < 500 (a
 * documented 503 not_configured / unavailable aside), errors exactly `{ error: { code, message } }`
 * with a known code and nothing internal in them; a mutating request answered with an error must
 * change no row. Failures are collected and listed together: route, input, response.
 */

interface Operation {
  operationId: string;
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
  'x-karibu-auth'?: 'public' | { action: string };
}

interface Req { method: string; url: string; headers: Record<string, string>; payload?: string | undefined }
interface Finding { route: string; label: string; input: string; status: number; body: string; problems: string[] }


describe(`route fuzzing (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let spec: Record<string, Record<string, Operation>>;
  const staffAuth: Record<string, string>[] = [];
  const doorAuth: Record<string, string>[] = [];
  const known: KnownValues = {};
  const findings: Finding[] = [];
  /** Path parameter values for one operation, where the name alone does not say which row to use. */
  const paramOverrides: Record<string, Record<string, string>> = {};
  /** Values the schema let through and only the database refused (the error handler's safety net). */
  const notes: string[] = [];
  let requests = 0;
  let fingerprintSql = '';
  let stored: Record<string, string> | undefined;
  const timings: Record<string, number> = {};
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try { return await fn(); } finally { timings[what] = (timings[what] ?? 0) + performance.now() - t0; }
  };
  const perRoute: Record<string, number> = {};
  /** Status of each route's well-formed request: a 4xx there means the mutations test less deeply. */
  const baselines: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 8 });
    // Junk scans would otherwise lock the fuzzing devices out and hide every later answer behind 429.
    lockoutOf(t.app.ctx).options = { ...lockoutOf(t.app.ctx).options, slowAfter: 1e9, blockAfter: 1e9 };
    const owner = await loginAs(t.app, org.staff.owner.email);
    // Several principals, used in turn, so per-staff and per-device budgets never hide an answer.
    staffAuth.push(bearer(owner), bearer(await loginAs(t.app, org.staff.admin.email)));
    doorAuth.push(bearer(await doorSession(t.app, owner, org.staff.door.email, org.venue.id)),
      bearer(await doorSession(t.app, owner, org.staff.eventDoor.email, org.venue.id)));
    spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json().paths;

    // Victims for routes that change or delete things: never the sessions above.
    const post = async (url: string, payload: unknown) => {
      const res = await t.app.inject({ method: 'POST', url, headers: staffAuth[0]!, payload: payload as object });
      if (res.statusCode >= 300) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const apiKeyId = (await post('/api/v1/api-keys', { name: 'fuzz victim' })).id as string;
    const endpointId = (await post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] })).endpoint.id as string;
    const deliveryId = (await post(`/api/v1/webhooks/${endpointId}/test`, {})).deliveryId as string;
    const deviceId = (await pairDeviceAt(t.app, owner, org.venue.id)).deviceId;
    const smsChannel = await post('/api/v1/sms-channels', { provider: 'africastalking', number: '20414', username: 'fuzz', apiKey: 'atsk_fuzz', eventIds: [org.event.id] });
    const channelToken = (smsChannel.inboundSmsUrl as string).split('/').at(-2)!;
    const type = await t.app.ctx.db.selectFrom('ticket_types').select('id').where('event_id', '=', org.event.id).where('type_no', '=', 1)
      .executeTakeFirstOrThrow();
    const zone = await t.app.ctx.db.selectFrom('zones').select('id').where('venue_id', '=', org.venue.id).where('code', '=', 'GA').executeTakeFirstOrThrow();
    const slug = (await t.app.ctx.db.selectFrom('events').select('slug').where('id', '=', org.event.id).executeTakeFirstOrThrow()).slug;
    const reg = await t.app.inject({ method: 'PUT', url: `/api/v1/events/${org.event.id}/registration`, headers: staffAuth[0]!, payload: { enabled: true, ticketTypeId: type.id } });
    if (reg.statusCode !== 200) throw new Error(`registration fixture: ${reg.body}`);
    const scanId = randomUUID();
    const scan = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: doorAuth[0]!,
      payload: { scanId, pin: org.tickets[0]!.pin, gateId: org.venue.gates[0]!.id, direction: 'in' } });
    if (scan.statusCode !== 200) throw new Error(`scan fixture: ${scan.body}`);

    // An offline double admission: a conflict for the conflict routes to act on.
    const twice = [120_000, 30_000].map((ago) => ({ scanId: randomUUID(), qr: org.tickets[6]!.qr, gateId: org.venue.gates[0]!.id, direction: 'in',
      scannedAt: Date.now() - ago, verdict: 'admitted', reason: 'admitted' }));
    const upload = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans/batch`, headers: doorAuth[0]!, payload: { sentAt: Date.now(), scans: twice } });
    if (upload.json().results?.[1]?.status !== 'conflict') throw new Error(`conflict fixture: ${upload.body}`);
    paramOverrides.resolveConflict = { scanId: twice[1]!.scanId };
    // Cancel and refund run first and leave their ticket unable to transfer (and 5 is inside by then).
    paramOverrides.transferTicket = { ticketId: org.tickets[1]!.id };

    // Event management: a victim session in the GA zone, and a retired key of the side event
    // (revoking it harms no ticket; the main event's keys sign the tickets the last test scans).
    const startsAt = new Date(Date.now() + 60_000).toISOString();
    const sessionId = (await post(`/api/v1/events/${org.event.id}/sessions`, { name: 'Victim', zoneId: zone.id, startsAt, endsAt: new Date(Date.now() + 3600_000).toISOString() })).id as string;
    const victimKid = (await post(`/api/v1/events/${org.sideEvent.id}/keys/rotate`, {})).activeKid as number;
    await post(`/api/v1/events/${org.sideEvent.id}/keys/rotate`, {});
    paramOverrides.revokeEventKey = { eventId: org.sideEvent.id, kid: String(victimKid) };

    const spare = org.tickets[7]!;
    Object.assign(known, {
      eventId: () => org.event.id, venueId: () => org.venue.id, deviceId: () => deviceId, staffId: () => org.staff.unassigned.id,
      apiKeyId: () => apiKeyId, endpointId: () => endpointId, deliveryId: () => deliveryId, ticketId: () => spare.id,
      scanId: () => scanId, linkSecret: () => org.tickets[1]!.linkSecret, slug: () => slug, gateId: () => org.venue.gates[0]!.id,
      ticketTypeId: () => type.id, zoneId: () => zone.id, phoneRegion: () => 'NG', phone: () => '+2348031234567', url: () => 'http://127.0.0.1:9/other',
      events: () => ['*'], email: () => `fuzz-${randomUUID().slice(0, 8)}@example.test`, q: () => 'Gu',
      refreshToken: () => `krt_${randomBytes(32).toString('base64url')}`, setupCode: () => 'ABCD-EFGH-JKMN',
      sessionId: () => sessionId, kid: () => victimKid,
      channelId: () => smsChannel.id as string, token: () => channelToken, doorCode: () => 'ABCD',
    } satisfies KnownValues);

    // Row counts and last changes of every table: a refused mutation must leave all of them as they were.
    const { rows: tables } = await sql<{ table_name: string; cols: string[] | null }>`
      select c.table_name, array_agg(c.column_name::text) filter (where c.column_name in ('updated_at', 'revoked_at', 'used_at')) as cols
      from information_schema.columns c join information_schema.tables tb using (table_schema, table_name)
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' group by c.table_name order by c.table_name`.execute(t.app.ctx.db);
    fingerprintSql = `select ${tables.filter(({ table_name: n }) => !BACKGROUND_TABLES.has(n)).map(({ table_name: n, cols }) =>
      `(select concat_ws(',', count(*)${(cols ?? []).map((c) => `, max("${c}")::text`).join('')}) from "${n}") as "${n}"`).join(', ')}`;
  });

  afterAll(async () => { await t?.close(); });

  const fingerprint = async () => (await sql.raw<Record<string, string>>(fingerprintSql).execute(t.app.ctx.db)).rows[0]!;
  const changedTables = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).filter((k) => a[k] !== b[k]);

  it('answers hostile input on every route with a clear 4xx and changes nothing', { timeout: 240_000 }, async () => {
    const started = Date.now();
    const routes = t.app.routeList
      .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/docs') && !(r.hidden && !r.url.startsWith('/api')))
      // Destructive routes last, so their victims stay alive for the routes before them.
      .sort((a, b) => destructive(a) - destructive(b));
    expect(routes.length).toBeGreaterThan(40);

    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = spec[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url} is not in /docs/json`).toBeDefined();
      const r0 = performance.now();
      await fuzzRoute(route.method, route.url, op!);
      perRoute[`${route.method} ${route.url}`] = Math.round(performance.now() - r0);
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(`route fuzz (${testDatabaseKind}): ${routes.length} routes, ${requests} requests in ${seconds} s`,
      Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])));
    if (process.env.FUZZ_REPORT) {
      writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ perRoute, baselines, findings, notes }, null, 1));
    }
    if (notes.length) console.info(`values only the database refused (add schema limits):\n  ${notes.join('\n  ')}`);
    const matches = (k: (typeof KNOWN_BUGS)[number], f: Finding) => (k.route === '*' || k.route === f.route) && k.label.test(f.label)
      && (!k.problem || f.problems.every((p) => k.problem!.test(p)));
    const applies = (k: (typeof KNOWN_BUGS)[number]) => !k.db || k.db === testDatabaseKind;
    const open = findings.filter((f) => !KNOWN_BUGS.some((k) => applies(k) && matches(k, f)));
    const gone = KNOWN_BUGS.filter((k) => applies(k) && !findings.some((f) => matches(k, f)))
      .map((k) => `KNOWN_BUGS entry ${k.route} ${k.label} no longer reproduces: remove it`);
    expect([...open.map(render), ...gone], `${open.length} unacceptable answers`).toEqual([]);
  });

  it('still works normally after the fuzzing', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: doorAuth[1]!,
      payload: { scanId: randomUUID(), qr: org.tickets[2]!.qr, gateId: org.venue.gates[0]!.id, direction: 'in' } });
    expect(res.json()).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: randomAddress(),
      payload: { email: org.staff.manager.email, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  function destructive(r: { method: string; url: string }): number {
    return r.method === 'DELETE' || /\/(revoke|logout|cancel|refund|transfer)$/.test(r.url) ? 1 : 0;
  }

  async function fuzzRoute(method: string, url: string, op: Operation): Promise<void> {
    const route = `${method} ${url}`;
    const auth = op['x-karibu-auth'];
    const action = auth && auth !== 'public' ? auth.action : null;
    const principals = action && DEVICE_ACTIONS.has(action) ? doorAuth : action ? staffAuth : [{}];
    let turn = 0;
    const authHeaders = () => principals[turn++ % principals.length]!;
    const params = (op.parameters ?? []);
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const headerParams = params.filter((p) => p.in === 'header');
    const jsonSchema = op.requestBody?.content['application/json']?.schema;
    const csv = op.requestBody?.content['text/csv'] !== undefined;
    const documents503 = Object.keys(op.responses ?? {}).includes('503');

    const urlWith = (overrides: Record<string, string> = {}, query?: string) => {
      let u = url;
      const fixed = paramOverrides[op.operationId] ?? {};
      for (const p of pathParams) u = u.replace(`:${p.name}`, overrides[p.name] ?? fixed[p.name] ?? encodeURIComponent(String(instanceOf(p.schema, known, p.name))));
      const q = query ?? queryParams.filter((p) => p.required).map((p) => `${p.name}=${encodeURIComponent(String(instanceOf(p.schema, known, p.name)))}`).join('&');
      return q ? `${u}?${q}` : u;
    };
    const validBody = (): Record<string, unknown> | undefined =>
      jsonSchema ? { ...(instanceOf(jsonSchema, known) as Record<string, unknown>), ...(VALID_BODIES[op.operationId]?.(org, known) ?? {}) } : undefined;
    const base = (): Req => {
      const body = validBody();
      return {
        method, url: urlWith(),
        headers: { ...authHeaders(), ...(body !== undefined ? { 'content-type': 'application/json' } : csv ? { 'content-type': 'text/csv' } : {}) },
        payload: body !== undefined ? JSON.stringify(body) : csv ? 'name,email\nCsv Person,csv@example.test\n' : undefined,
      };
    };

    /** A request that must have been refused, recorded as a finding when it was not. */
    const expectRefused = async (res: Awaited<ReturnType<typeof send>>, problem: string) => {
      if (res && res.statusCode < 400) findings.push({ ...lastSent!, status: res.statusCode, body: res.body.slice(0, 200), problems: [problem] });
    };
    let lastSent: { route: string; label: string; input: string } | undefined;

    const send = async (label: string, req: Req) => {
      lastSent = { route, label, input: describeInput(req) };
      // The rows as they are now: unchanged since the last refused request, else read again.
      if (method !== 'GET' && stored === undefined) stored = await timed('fingerprint', fingerprint);
      const before = method !== 'GET' ? stored : undefined;
      let res;
      try {
        res = await timed('inject', () => injectAnswer(t.app, { ...req, remoteAddress: randomAddress() }));
      } catch (err) {
        findings.push({ route, label, input: describeInput(req), status: 0, body: String(err), problems: ['inject threw'] });
        return undefined;
      }
      requests++;
      const problems = problemsWith(res, { documents503 });
      if (before !== undefined && res.statusCode >= 400 && res.statusCode !== 429) {
        stored = await timed('fingerprint', fingerprint);
        const changed = changedTables(before, stored);
        if (changed.length) problems.push(`a ${res.statusCode} answer changed stored rows (${changed.join(', ')})`);
      } else {
        stored = undefined;
      }
      if (res.statusCode === 400 && res.body.includes('cannot be stored')) notes.push(`${route} — ${label}`);
      if (problems.length) findings.push({ route, label, input: describeInput(req), status: res.statusCode, body: res.body.slice(0, 400), problems });
      return res;
    };

    if (jsonSchema) {
      // Unknown fields: a typo in a field name must not be silently dropped. First, while one-shot
      // resources (a conflict to resolve) are still there to accept it.
      const r = base();
      await expectRefused(await send('unknown top-level field', { ...r, payload: JSON.stringify({ ...validBody(), zzUnknownField: 'typo' }) }),
        'an unknown field was accepted (a misspelt field is silently dropped)');
    }
    const baseline = await send('baseline', base());
    baselines[route] = baseline?.statusCode ?? 0;

    for (const p of pathParams) {
      for (const junk of PATH_JUNK) await send(`path ${p.name}: ${junk.label}`, { ...base(), url: urlWith({ [p.name]: junk.value }) });
    }

    for (const p of queryParams) {
      for (const junk of queryJunk(p.name)) {
        const others = queryParams.filter((o) => o.required && o.name !== p.name).map((o) => `${o.name}=${encodeURIComponent(String(instanceOf(o.schema, known, o.name)))}`);
        await send(`query ${p.name}: ${junk.label}`, { ...base(), url: urlWith({}, [...others, junk.query].join('&')) });
      }
    }
    await send('query: unknown and prototype keys', { ...base(), url: `${urlWith()}${urlWith().includes('?') ? '&' : '?'}__proto__[role]=owner&constructor[prototype][x]=1&zzz=1` });

    for (const h of headerParams) {
      for (const junk of HEADER_JUNK) { const r = base(); await send(`header ${h.name}: ${junk.label}`, { ...r, headers: { ...r.headers, [h.name]: junk.value } }); }
    }

    if (action) {
      for (const [label, headers] of Object.entries(JUNK_CREDENTIALS)) {
        const r = base();
        await send(`credentials: ${label}`, { ...r, headers: { ...withoutAuth(r.headers), ...headers } });
      }
    }

    if (jsonSchema) {
      const json = (payload: string, label: string, contentType = 'application/json') => {
        const r = base();
        return send(label, { ...r, headers: { ...r.headers, 'content-type': contentType }, payload });
      };
      for (const junk of BODY_JUNK) await json(junk.raw, `body ${junk.label}`);
      for (const junk of INVALID_JSON) await json(junk.raw, `invalid JSON: ${junk.label}`);
      for (const ct of WRONG_CONTENT_TYPES) await json(ct.raw, `content-type ${ct.label}`, ct.contentType);
      { const r = base(); await send('no content-type', { ...r, headers: withoutContentType(r.headers) }); }
      await json(JSON.stringify(validBody()).slice(0, -1) + `,"pad":"${'z'.repeat(t.config.bodyLimitBytes - 2000)}"}`, 'huge unknown string within the body limit');
      await json(`{"pad":"${'z'.repeat(t.config.bodyLimitBytes + 10)}"}`, 'body over the limit');


      for (const [name, propSchema] of Object.entries(jsonSchema.properties ?? {})) {
        for (const v of nastyValuesFor(propSchema)) {
          const res = await json(JSON.stringify({ ...exclusive(validBody()!, name), [name]: v.value }), `body.${name}: ${v.label}`);
          // JSON null for a property that may not be null must be refused, not coerced to "" / 0 / false.
          if (v.value === null && !typesOf(propSchema).has('null')) await expectRefused(res, 'null was accepted for a non-nullable property');
        }
        if ((jsonSchema.required ?? []).includes(name)) {
          const b = validBody()!;
          delete b[name];
          await json(JSON.stringify(b), `body.${name}: missing`);
        }
        // Arrays of objects (tickets, scans, items): mutate the first item's properties too.
        const items = propSchema.items;
        if (items?.properties) {
          for (const [inner, innerSchema] of Object.entries(items.properties)) {
            for (const v of nastyValuesFor(innerSchema).slice(0, 12)) {
              const b = validBody()!;
              const list = [...((b[name] as Record<string, unknown>[] | undefined) ?? [instanceOf(items, known) as Record<string, unknown>])];
              list[0] = { ...exclusive({ ...list[0] }, inner), [inner]: v.value };
              await json(JSON.stringify({ ...b, [name]: list }), `body.${name}[0].${inner}: ${v.label}`);
            }
          }
          const b = validBody()!;
          const list = [...((b[name] as Record<string, unknown>[] | undefined) ?? [])];
          if (list[0]) {
            list[0] = { ...list[0], zzUnknownField: 'typo' };
            await expectRefused(await json(JSON.stringify({ ...b, [name]: list }), `body.${name}[0]: unknown field`),
              'an unknown field was accepted (a misspelt field is silently dropped)');
          }
        }
      }
    } else if (csv) {
      const r = base();
      for (const [label, payload] of Object.entries(CSV_JUNK)) await send(`csv: ${label}`, { ...r, payload });
      await send('csv sent as JSON', { ...r, headers: { ...r.headers, 'content-type': 'application/json' }, payload: '{"rows":[]}' });
      for (const ct of WRONG_CONTENT_TYPES.filter((c) => c.contentType !== 'text/csv')) {
        await send(`content-type ${ct.label}`, { ...r, headers: { ...r.headers, 'content-type': ct.contentType }, payload: ct.raw });
      }
    } else if (method !== 'GET') {
      // Routes that take no body must not trip over one.
      const r = base();
      await send('unexpected JSON body', { ...r, headers: { ...r.headers, 'content-type': 'application/json' }, payload: '{"a":1}' });
      await send('unexpected invalid JSON body', { ...r, headers: { ...r.headers, 'content-type': 'application/json' }, payload: '{"a":' });
      await send('unexpected text body', { ...r, headers: { ...r.headers, 'content-type': 'text/plain' }, payload: 'hello' });
    }
  }
});

function render(f: Finding): string {
  return `${f.route} — ${f.label}\n    sent: ${f.input}\n    got: ${f.status} ${f.body}\n    wrong: ${f.problems.join('; ')}`;
}

function withoutAuth(h: Record<string, string>): Record<string, string> {
  const { authorization: _a, 'x-api-key': _k, ...rest } = h;
  return rest;
}
function withoutContentType(h: Record<string, string>): Record<string, string> {
  const { 'content-type': _c, ...rest } = h;
  return rest;
}

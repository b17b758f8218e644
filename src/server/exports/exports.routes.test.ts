import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, doorSession, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { pdfText } from '../../../test/attendee/support/door.ts';
import { wordBoxes } from '../../../test/pdf/pdf-raster.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { issueTickets, type IssuedTicket } from '../tickets/ticket-issuance.service.ts';
import { keysetPages } from './csv-stream.ts';
import { attendancePage, scanLogPage, sessionAttendancePage } from './exports.repository.ts';

/**
 * The exports as a manager downloads them, after a door evening made through the real scan routes:
 * an admission, a camera double-read, an exit and a re-entry; an admission undone; a second entry
 * refused and an unknown PIN; an offline scan uploaded later. Venue in Africa/Lagos (+01:00 all year).
 */
describe(`event exports (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let phones: Session[];
  let extra: { injection: IssuedTicket; amharic: IssuedTicket };
  const scans: Record<string, string> = {};
  const url = (file: string, query = '') => `/api/v1/events/${org.event.id}/exports/${file}${query}`;
  const lagos = (at: Date) => `${new Date(at.getTime() + 3600_000).toISOString().slice(0, 19)}+01:00`;
  const download = (file: string, who: Session = manager, query = '') => t.app.inject({ method: 'GET', url: url(file, query), headers: bearer(who) });
  const records = (body: string) => parse(body, { bom: true, columns: true }) as Record<string, string>[];

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 4 }); // reentry after exit, 5 s duplicate window
    manager = await loginAs(t.app, org.staff.manager.email);
    phones = [
      await doorSession(t.app, manager, org.staff.door.email, org.venue.id),
      await doorSession(t.app, manager, org.staff.door.email, org.venue.id),
    ];
    const [injection, amharic] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [
      { typeNo: 1, holderName: '=HYPERLINK("http://x")', holderEmail: '@evil.example', holderPhone: '+2348012345678' },
      { typeNo: 1, holderName: 'አበበ ቢቂላ, محمد' },
    ]);
    extra = { injection: injection!, amharic: amharic! };
    const gate = org.venue.gates.find((g) => g.name === 'Main')!.id;
    const times = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager) })).json();
    const ga = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('zones').select('id')
      .where('venue_id', '=', org.venue.id).where('code', '=', 'GA').executeTakeFirstOrThrow());
    const session = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/sessions`, headers: bearer(manager),
      payload: { name: 'Opening', zoneId: ga.id, startsAt: times.doorsOpenAt, endsAt: times.endsAt },
    });
    expect(session.statusCode, session.body).toBe(201);

    const scan = async (key: string, phone: Session, ref: Record<string, string>, direction: 'in' | 'out', expected: string) => {
      const scanId = randomUUID();
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans`, headers: bearer(phone), payload: { scanId, ...ref, gateId: gate, direction } });
      expect(res.json().reason, key).toBe(expected);
      scans[key] = scanId;
    };
    const [a, b, c] = [org.tickets[0]!, org.tickets[1]!, org.tickets[2]!];
    await scan('aIn', phones[0]!, { qr: a.qr }, 'in', 'admitted');
    await scan('aRepeat', phones[0]!, { qr: a.qr }, 'in', 'duplicate_scan');
    await scan('aOut', phones[0]!, { qr: a.qr }, 'out', 'exited');
    await scan('aBack', phones[1]!, { qr: a.qr }, 'in', 'admitted');
    await scan('bIn', phones[0]!, { qr: b.qr }, 'in', 'admitted');
    await scan('cIn', phones[0]!, { qr: c.qr }, 'in', 'admitted');
    await scan('cAgain', phones[1]!, { qr: c.qr }, 'in', 'already_inside');
    await scan('unknownPin', phones[1]!, { pin: '000000' }, 'in', 'unknown_ticket');
    const undo = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/scans/${scans.bIn}/undo`, headers: bearer(manager) });
    expect(undo.statusCode, undo.body).toBe(200);
    scans.offline = randomUUID();
    const upload = await t.app.inject({
      method: 'POST', url: `/api/v1/events/${org.event.id}/scans/batch`, headers: bearer(phones[1]!),
      payload: { sentAt: Date.now(), scans: [{ scanId: scans.offline, qr: extra.injection.qr, gateId: gate, direction: 'in', scannedAt: Date.now() - 60_000, verdict: 'admitted', reason: 'admitted' }] },
    });
    expect(upload.json().results[0].status, upload.body).toBe('accepted');
  }, 60_000);
  afterAll(async () => { await t?.close(); });

  const scanRows = () => withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('scans')
    .leftJoin('devices', 'devices.id', 'scans.device_id')
    .select(['scans.id', 'scans.effective_time', 'devices.name as device']).where('scans.event_id', '=', org.event.id).execute());

  it('lists every ticket with its first entry, last exit and counts, on the venue clock', async () => {
    const res = await download('attendance.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="main-[0-9a-f]{8}-attendance\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = records(res.body);
    expect(Object.keys(rows[0]!)).toEqual([
      'Ticket code', 'Serial', 'Holder name', 'Email', 'Phone', 'Ticket type', 'Status', 'First entry (Africa/Lagos)', 'Last exit (Africa/Lagos)',
      'Last gate', 'Last device', 'Last staff member', 'Entry count', 'Presence',
    ]);
    expect(rows.map((r) => Number(r.Serial))).toEqual([1, 2, 3, 4, 5, 6]);

    const at = new Map((await scanRows()).map((s) => [s.id, s]));
    const [a, b, , vip] = rows;
    expect(a).toMatchObject({
      'Ticket code': org.tickets[0]!.code, 'Holder name': 'Guest Number1', 'Ticket type': 'General', Status: 'valid',
      'First entry (Africa/Lagos)': lagos(at.get(scans.aIn!)!.effective_time), 'Last exit (Africa/Lagos)': lagos(at.get(scans.aOut!)!.effective_time),
      'Last gate': 'Main', 'Last device': at.get(scans.aBack!)!.device, 'Last staff member': 'door', 'Entry count': '2', Presence: 'inside',
    });
    expect(a!['First entry (Africa/Lagos)']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);
    // The undone admission counts for nothing; a refusal never did.
    expect(b).toMatchObject({ 'First entry (Africa/Lagos)': '', 'Last gate': '', 'Entry count': '0', Presence: 'outside' });
    expect(vip).toMatchObject({ 'Ticket type': 'VIP', 'First entry (Africa/Lagos)': '', 'Entry count': '0' });
  });

  it('neutralises cells a spreadsheet would run, and keeps Amharic and Arabic names intact', async () => {
    const res = await download('attendance.csv');
    const injected = records(res.body).find((r) => r.Serial === String(extra.injection.serial))!;
    expect(injected).toMatchObject({ 'Holder name': `'=HYPERLINK("http://x")`, Email: "'@evil.example", Phone: "'+2348012345678", 'Entry count': '1' });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(records(res.body).find((r) => r.Serial === String(extra.amharic.serial))!['Holder name']).toBe('አበበ ቢቂላ, محمد');
    for (const row of records(res.body)) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('logs every scan with whether it moved the ticket and whether it was undone', async () => {
    const res = await download('scans.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/-scans\.csv"$/);
    const rows = records(res.body);
    expect(rows).toHaveLength(9);
    const byId = new Map(rows.map((r) => [r['Scan id'], r]));
    const flags = (key: string) => {
      const r = byId.get(scans[key]!)!;
      return [r.Verdict, r.Reason, r['Moved ticket'], r.Undone, r.Offline, r.Conflict];
    };
    expect(flags('aIn')).toEqual(['admitted', 'admitted', 'yes', 'no', 'no', 'no']);
    expect(flags('aRepeat')).toEqual(['admitted', 'duplicate_scan', 'no', 'no', 'no', 'no']);
    expect(flags('aOut')).toEqual(['exited', 'exited', 'yes', 'no', 'no', 'no']);
    expect(flags('aBack')).toEqual(['admitted', 'admitted', 'yes', 'no', 'no', 'no']);
    expect(flags('bIn')).toEqual(['admitted', 'admitted', 'yes', 'yes', 'no', 'no']);
    expect(flags('cIn')).toEqual(['admitted', 'admitted', 'yes', 'no', 'no', 'no']);
    expect(flags('cAgain')).toEqual(['refused', 'already_inside', 'no', 'no', 'no', 'no']);
    expect(flags('unknownPin')).toEqual(['refused', 'unknown_ticket', 'no', 'no', 'no', 'no']);
    expect(flags('offline')).toEqual(['admitted', 'admitted', 'yes', 'no', 'yes', 'no']);
    expect(byId.get(scans.offline!)).toMatchObject({ 'Holder name': `'=HYPERLINK("http://x")`, 'Server verdict': 'admitted', 'Server reason': 'admitted' });
    expect(byId.get(scans.aOut!)).toMatchObject({ Direction: 'out', Gate: 'Main', Zone: 'General', 'Staff member': 'door', 'Ticket code': org.tickets[0]!.code });
    expect(byId.get(scans.unknownPin!)).toMatchObject({ 'Ticket code': '', 'Holder name': '', Input: 'pin' });
    // In the order the scans happened, each on the venue clock.
    const at = new Map((await scanRows()).map((s) => [s.id, s.effective_time]));
    expect(rows.map((r) => r['Time (Africa/Lagos)'])).toEqual([...at.values()].sort((x, y) => x.getTime() - y.getTime()).map(lagos));
    expect(rows[0]!['Scan id']).toBe(scans.offline);
  });

  it('counts each session’s admissions into its room during its time', async () => {
    const res = await download('sessions.csv', manager, '?bom=false');
    expect(res.statusCode).toBe(200);
    expect(res.body.charCodeAt(0)).not.toBe(0xfeff);
    const [opening] = records(res.body);
    // A twice (standing), C, and the offline admission; B's was undone.
    expect(opening).toMatchObject({ Session: 'Opening', Room: 'General', 'Attendees (tickets admitted into the room during the session)': '3', Admissions: '4' });
    expect(opening!['Starts (Africa/Lagos)']).toMatch(/\+01:00$/);
  });

  it('pages by keyset without losing or repeating a row, ties on time included', async () => {
    const times = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager) })).json();
    const later = new Date(Date.parse(times.doorsOpenAt) + 3600_000).toISOString();
    const end = new Date(Date.parse(times.doorsOpenAt) + 7200_000).toISOString();
    const ga = (await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('event_sessions').select('zone_id').executeTakeFirstOrThrow())).zone_id;
    const inTenant = <T>(fn: (trx: Trx) => Promise<T>) => withTenant(t.app.ctx.db, org.tenantId, fn);
    for (const name of ['Panel A', 'Panel B', 'Panel C']) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/sessions`, headers: bearer(manager), payload: { name, zoneId: ga, startsAt: later, endsAt: end } });
      expect(res.statusCode).toBe(201);
    }
    // Three refusals recorded at the very same instant: the cursor must settle the tie by id.
    const tie = new Date();
    await inTenant((trx) => trx.insertInto('scans').values(['a', 'b', 'c'].map(() => ({
      id: randomUUID(), tenant_id: org.tenantId, event_id: org.event.id, gate_id: org.venue.gates[0]!.id, direction: 'in' as const,
      input_kind: 'pin' as const, verdict: 'refused' as const, reason: 'unknown_ticket', effective_time: tie, server_time: tie,
    }))).execute());
    const walk = async <R, K>(fetch: (after: K, limit: number) => Promise<R[]>, first: K, keyOf: (r: R) => K, limit: number) => {
      const all: R[] = [];
      for await (const page of keysetPages(first, fetch, keyOf, limit)) all.push(...page);
      return all;
    };
    const scanIds = (limit: number) => walk((after: string | null, n) => inTenant((trx) => scanLogPage(trx, org.event.id, after, n)), null, (r) => r.id, limit);
    const whole = (await scanIds(1000)).map((r) => r.id);
    expect(whole).toHaveLength(12);
    for (const limit of [1, 2, 4]) expect((await scanIds(limit)).map((r) => r.id)).toEqual(whole);
    const sessionIds = (limit: number) => walk((after: string | null, n) => inTenant((trx) => sessionAttendancePage(trx, org.event.id, after, n)), null, (r) => r.id, limit);
    const sessions = (await sessionIds(1000)).map((r) => r.id);
    expect(sessions).toHaveLength(4);
    expect((await sessionIds(1)).map((r) => r.id)).toEqual(sessions);
    const serials = await walk((after: number, n) => inTenant((trx) => attendancePage(trx, org.event.id, after, n)), 0, (r) => r.serial, 4);
    expect(serials.map((r) => r.serial)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('summarises the event on one PDF page', async () => {
    const res = await download('summary.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/-summary\.pdf"$/);
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getPageCount()).toBe(1);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('main');
    expect(text).toContain('Hall A');
    expect(text).toMatch(/EXPECTED CHECKED IN NO-SHOWS INSIDE NOW 6 3 3 3/);
    expect(text).toMatch(/General 5 3 2 60%/);
    expect(text).toMatch(/VIP 1 0 1 0%/);
    expect(text).toContain('Africa/Lagos (UTC+01:00)');
    expect(text).toContain('admissions per 10 minutes');
    expect(text).toContain('No-shows: expected minus checked in.');
  });

  it('writes the summary in ?lang=, else the browser’s language, and refuses a language it does not have', async () => {
    const fr = await download('summary.pdf', manager, '?lang=fr');
    expect(fr.statusCode).toBe(200);
    expect(fr.headers['content-language']).toBe('fr');
    const frText = (await pdfText(fr.rawPayload)).replace(/\s+/g, ' ');
    expect(frText).toContain('Bilan de fréquentation');
    expect(frText).toContain('FUSEAU HORAIRE');
    expect(frText).toMatch(/ATTENDUS ENTRÉS ABSENTS PRÉSENTS 6 3 3 3/);
    expect(frText).toMatch(/TYPE DE BILLET ATTENDUS ENTRÉS ABSENTS TAUX DE/);
    expect(frText).toMatch(/General 5 3 2 60 %/); // Intl's French percent, narrow space and all
    expect(frText).toContain('heure de Lagos');
    expect(frText).toContain('entrées par tranche de 10 minutes');
    expect(frText).toContain('Absents : attendus moins entrés.');

    const ar = await download('summary.pdf', manager, '?lang=ar');
    expect(ar.statusCode).toBe(200);
    // pdftotext -layout writes a right-to-left phrase as it stands on the page: letters reversed.
    const arText = (await pdfText(ar.rawPayload)).normalize('NFKC').replace(/[\u202a-\u202e\u2066-\u2069]/gu, '');
    for (const words of ['ملخص الحضور', 'الغائبون', 'نوع التذكرة', 'المنطقة الزمنية', 'نسبة الحضور']) {
      expect(arText, words).toContain([...words].reverse().join(''));
    }
    // Right-aligned: the labels end at the right margin; in English they start at the left one.
    const right = 595.28 - 48;
    const arWords = await wordBoxes(ar.rawPayload);
    expect(arWords.map((w) => w.text)).toContain('Africa/Lagos (UTC+01:00)');
    const arVenue = arWords.find((w) => ['المكان', 'ناكملا'].includes(w.text))!;
    expect(arVenue.xMax).toBeCloseTo(right, 0);
    const enVenue = (await wordBoxes((await download('summary.pdf')).rawPayload)).find((w) => w.text === 'VENUE')!;
    expect(enVenue.xMin).toBeCloseTo(48, 0);

    const browser = await t.app.inject({
      method: 'GET', url: url('summary.pdf'), headers: { ...bearer(manager), 'accept-language': 'de-DE,pt-MZ;q=0.9,en;q=0.5' },
    });
    expect(browser.headers['content-language']).toBe('pt');
    expect((await pdfText(browser.rawPayload)).replace(/\s+/g, ' ')).toContain('Resumo de presenças');
    const chosen = await t.app.inject({ method: 'GET', url: url('summary.pdf', '?lang=sw'), headers: { ...bearer(manager), 'accept-language': 'fr' } });
    expect(chosen.headers['content-language']).toBe('sw');

    const bad = await download('summary.pdf', manager, '?lang=xx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', message: expect.any(String) } });
  });

  it('is for managers: door staff are refused, another organizer sees no such event', async () => {
    for (const file of ['attendance.csv', 'scans.csv', 'sessions.csv', 'summary.pdf']) {
      const door = await download(file, phones[0]!);
      expect(door.statusCode, file).toBe(403);
      expect(door.json().error.code).toBe('forbidden');
    }
    const other = await seedOrg(t.app, { tickets: 0 });
    const stranger = await loginAs(t.app, other.staff.manager.email);
    const foreign = await download('attendance.csv', stranger);
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'not_found']);
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/events/${randomUUID()}/exports/scans.csv`, headers: bearer(manager) });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    const bad = await download('attendance.csv', manager, '?format=xlsx');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation_failed']);
  });

  it('audits who took each file, with no personal data in the entry', async () => {
    const entries = await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('audit_log').select(['actor_id', 'subject_id', 'detail'])
      .where('action', '=', 'event.exported').execute());
    const files = entries.filter((e) => e.actor_id === org.staff.manager.id && e.subject_id === org.event.id).map((e) => (e.detail as unknown as { file: string }).file);
    expect(new Set(files)).toEqual(new Set(['attendance.csv', 'scans.csv', 'sessions.csv', 'summary.pdf']));
    // Refused callers took nothing, so nothing was written for them.
    expect(entries.every((e) => e.actor_id === org.staff.manager.id)).toBe(true);
  });
});

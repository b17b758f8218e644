import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { insertSessionScans } from '../../../test/attendance/session-scans.ts';
import { pdfText } from '../../../test/attendee/support/door.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';
import { CERTIFICATE_CATALOGS } from './certificate-messages.ts';

/**
 * The attendee's side: their credit statement and certificate from their ticket link, and the
 * public check of the certificate's code. Ticket 1 earned a session's 1.5 credits, ticket 2 did
 * not, ticket 3 (language kept: Arabic) earned them too.
 */
/**
 * pdftotext writes right-to-left text in the order it stands on the page (embedding marks around
 * it): Arabic drawn right — first letter at the right — reads back as its letters reversed, as in
 * test/pdf/pdf-scripts.test.ts. Text drawn in logical order, unshaped or as "?" does not match.
 */
function readsBack(text: string, phrase: string): boolean {
  const clean = text.normalize('NFKC').replace(/[\u202a-\u202e\u2066-\u2069]/gu, '').replace(/[ \t]+/g, ' ');
  return clean.includes([...phrase.normalize('NFKC')].reverse().join(''));
}

describe(`CPD certificates (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let manager: Session;
  let zoneId: string;
  let doorsOpen: number;
  const M = 60_000;
  const link = (i: number, suffix: string) => `/api/v1/attendee/t/${org.tickets[i]!.linkSecret}/${suffix}`;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const codeIn = (text: string) => /([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})/.exec(text)?.[1];
  const addSession = async (name: string, from: number, to: number, credits: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/sessions`, headers: bearer(manager), payload: {
      name, zoneId, startsAt: new Date(doorsOpen + from * M).toISOString(), endsAt: new Date(doorsOpen + to * M).toISOString(), credits, minShare: 80,
    } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const attend = (i: number, sessionId: string, from: number, to: number) => insertSessionScans(t.app, org.tenantId, org.event.id, [
    { ticketId: org.tickets[i]!.id, sessionId, direction: 'in', at: new Date(doorsOpen + from * M) },
    { ticketId: org.tickets[i]!.id, sessionId, direction: 'out', at: new Date(doorsOpen + to * M) },
  ]);

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 3 });
    manager = await loginAs(t.app, org.staff.manager.email);
    doorsOpen = Date.parse((await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}`, headers: bearer(manager) })).json().doorsOpenAt);
    zoneId = (await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.selectFrom('zones').select('id')
      .where('venue_id', '=', org.venue.id).where('code', '=', 'GA').executeTakeFirstOrThrow())).id;
    const ethics = await addSession('Clinical ethics', 0, 60, 1.5);
    await attend(0, ethics, 0, 60);
    await attend(1, ethics, 0, 30);
    await attend(2, ethics, 0, 50);
    await withTenant(t.app.ctx.db, org.tenantId, (trx) => trx.updateTable('tickets').set({ language: 'ar', holder_name: 'محمد عبد الله' })
      .where('id', '=', org.tickets[2]!.id).execute());
  }, 60_000);
  afterAll(async () => { await t?.close(); });

  it('gives the attendee their statement from their link', async () => {
    const res = await get(link(0, 'credits'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ totalCredits: 1.5, sessions: [expect.objectContaining({ name: 'Clinical ethics', minutes: 60, earned: true })] });
    expect((await get('/api/v1/attendee/t/AAAAAAAAAAAAAAAAAAAAAAAA/credits')).statusCode).toBe(404);
  });

  it('prints an English certificate with a verification code and URL, the same code on every download', async () => {
    const res = await get(link(0, 'certificate.pdf'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    for (const phrase of ['Certificate of attendance', 'This certificate is awarded to', 'Guest Number1', 'CPD credits earned: 1.5', 'Clinical ethics']) {
      expect(text).toContain(phrase);
    }
    const code = codeIn(text)!;
    expect(code).toBeDefined();
    expect(text).toContain(`${t.app.ctx.config.publicUrl}/api/v1/certificates/${code.replace(/-/g, '')}`);
    const again = await pdfText((await get(link(0, `certificate.pdf?lang=fr`))).rawPayload);
    expect(codeIn(again)).toBe(code);
    // No language kept with the ticket: the page's language is used.
    expect(again).toContain('Attestation de présence');
  });

  it('prints the certificate in the holder’s kept language, Arabic, whatever the page asks', async () => {
    const res = await get(link(2, 'certificate.pdf?lang=fr'));
    expect(res.statusCode, res.body).toBe(200);
    const text = await pdfText(res.rawPayload);
    const ar = CERTIFICATE_CATALOGS.ar;
    for (const phrase of [ar.title, ar.awardedTo, 'محمد عبد الله']) expect(readsBack(text, phrase), phrase).toBe(true);
    expect(text).toContain('Clinical ethics');
    expect(text).toContain('1.5');
    expect(text).not.toContain('Attestation');
    expect(codeIn(text)).toBeDefined();
  });

  it('refuses a certificate while no credits are earned', async () => {
    const res = await get(link(1, 'certificate.pdf'));
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'conflict']);
  });

  it('confirms a code publicly with initials, event, credits and date only', async () => {
    const code = codeIn(await pdfText((await get(link(0, 'certificate.pdf'))).rawPayload))!;
    const res = await get(`/api/v1/certificates/${code.toLowerCase()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ holderInitials: 'G. N.', eventName: expect.stringMatching(/^main/), credits: 1.5, issuedOn: new Date().toISOString().slice(0, 10) });
    expect(res.body).not.toContain('Guest');
    expect(res.body).not.toContain(org.tickets[0]!.code);
    const unknown = await get('/api/v1/certificates/ABCDEFGHJKMNPQRSTVWX');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    expect((await get('/api/v1/certificates/short')).statusCode).toBe(400);
  });

  it('issues a new code once more credits are earned; the old code still confirms what it said', async () => {
    const first = codeIn(await pdfText((await get(link(0, 'certificate.pdf'))).rawPayload))!;
    const workshop = await addSession('Wound care workshop', 90, 120, 2);
    await attend(0, workshop, 90, 120);
    const text = await pdfText((await get(link(0, 'certificate.pdf'))).rawPayload);
    const second = codeIn(text)!;
    expect(second).not.toBe(first);
    expect(text).toContain('CPD credits earned: 3.5');
    expect((await get(`/api/v1/certificates/${first}`)).json().credits).toBe(1.5);
    expect((await get(`/api/v1/certificates/${second}`)).json().credits).toBe(3.5);
  });
});

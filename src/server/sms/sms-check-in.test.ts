import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../db/database.ts';
import { issueTickets, type IssuedTicket } from '../tickets/ticket-issuance.service.ts';
import { smsSender } from './sms-sender.ts';
import { smsLockoutOf } from './sms-lockout.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { FakeSmsGateway } from '../../../test/support/fake-sms-gateway.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

/**
 * SMS check-in end to end against a fake gateway process: webhooks posted exactly as Africa's
 * Talking and Twilio post them (form bodies; Twilio's signature computed here, independently of
 * the server's code), replies sent through the providers' APIs as the fake records them.
 */
const PUBLIC_URL = 'https://tickets.example.ng';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const GUEST = '+254711000111';
const OTHER = '+254722000999';
const TW_TOKEN = 'tw_auth_token_secret_abc';
const TW_SID = `AC${'b2'.repeat(16)}`;

/** What Twilio computes: Base64(HMAC-SHA1(token, URL + sorted name‖value)). Written here from the docs, not imported. */
function signTwilio(url: string, params: Record<string, string>): string {
  let data = url;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  return createHmac('sha1', TW_TOKEN).update(data).digest('base64');
}

describe(`SMS check-in through Africa's Talking and Twilio (${testDatabaseKind})`, () => {
  let t: TestApp;
  let gw: FakeSmsGateway;
  let org: Org;
  let manager: Session;
  let at: { id: string; inboundSmsUrl: string; deliveryReportUrl: string; ussdUrl: string };
  let tw: { id: string; inboundSmsUrl: string; deliveryReportUrl: string };
  let guest: IssuedTicket | undefined;
  let seq = 0;

  beforeAll(async () => {
    gw = await new FakeSmsGateway().start();
    t = await createTestApp({ PUBLIC_URL, KARIBU_SMS_API_BASE_URL: gw.url });
    smsSender(t.app.ctx)!.configure({ pollMs: 40, baseDelayMs: 40, maxDelayMs: 200 });
    org = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    [guest] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Amina Okafor', holderPhone: GUEST }]);
    const mk = async (payload: object) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(manager), payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    at = await mk({ provider: 'africastalking', number: '20414', username: 'sandbox', apiKey: 'atsk_test', eventIds: [org.event.id, org.sideEvent.id, org.farEvent.id] });
    tw = await mk({ provider: 'twilio', number: '+14155550100', accountSid: TW_SID, authToken: TW_TOKEN, eventIds: [org.event.id] });
  });
  afterAll(async () => { await t?.close(); await gw?.stop(); });

  /** An incoming SMS as Africa's Talking posts it. */
  const atSms = (from: string, text: string, id = `ATXid_in${++seq}`) => t.app.inject({
    method: 'POST', url: new URL(at.inboundSmsUrl).pathname, headers: FORM,
    payload: new URLSearchParams({ linkId: `link-${id}`, text, to: '20414', id, date: '2026-12-02 10:00:00', from, networkCode: '63902' }).toString(),
  });
  const scansOf = (ticketId: string) => asSystem(t.app.ctx.db, async (trx) => (await sql<{ input_kind: string; verdict: string; reason: string; device_id: string | null; gate_id: string }>`
    select input_kind, verdict, reason, device_id, gate_id from scans where ticket_id = ${ticketId} order by server_time`.execute(trx)).rows);
  const messages = async (channelId: string, direction?: 'in' | 'out') => (await t.app.inject({
    method: 'GET', url: `/api/v1/sms-channels/${channelId}/messages${direction ? `?direction=${direction}` : ''}`, headers: bearer(manager),
  })).json().messages as { id: string; body: string; status: string; phone: string; providerMessageId: string | null; attempts: number; lastError: string | null; outcome: string | null; replyTo: string | null }[];
  const sentTo = (phone: string) => gw.sent.filter((r) => (r.form.to ?? r.form.To) === phone);

  it('checks a guest in from their phone: judged like a door scan, recorded, counted, answered through the provider', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(await loginAs(t.app, org.staff.owner.email)), payload: { url: 'http://127.0.0.1:9/hook', events: ['ticket.checked_in'] } });
    const started = performance.now();
    const res = await atSms(GUEST, `checkin ${guest!.pin}`);
    expect(res.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_000);

    const [reply] = await gw.waitForSent(1);
    expect(reply!.provider).toBe('africastalking');
    expect(reply!.headers.apikey).toBe('atsk_test');
    expect(reply!.form).toMatchObject({ username: 'sandbox', to: GUEST, from: '20414' });
    expect(reply!.form.message).toMatch(/^Welcome Amina! You are checked in to main\. Go to Main and show this SMS\. Door code: [2-9A-HJKMNP-Z]{4}$/);

    expect(await scansOf(guest!.id)).toEqual([{ input_kind: 'sms', verdict: 'admitted', reason: 'admitted', device_id: null, gate_id: org.venue.gates[0]!.id }]);
    const dash = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/dashboard`, headers: bearer(manager) });
    expect(dash.json()).toMatchObject({ checkedIn: 1, insideNow: 1 });
    const hooks = await asSystem(t.app.ctx.db, async (trx) => (await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where event_type = 'ticket.checked_in'
      and payload->'data'->>'ticketId' = ${guest!.id}`.execute(trx)).rows[0]!.n);
    expect(hooks).toBe(1);

    // Staff type the door code into the scanner and see this check-in.
    const code = reply!.form.message!.slice(-4);
    const door = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/sms-checkins/${code.toLowerCase()}`, headers: bearer(manager) });
    expect(door.json().checkIns).toEqual([expect.objectContaining({ verdict: 'admitted', ticket: expect.objectContaining({ holderName: 'Amina Okafor' }), phone: expect.stringMatching(/111$/) })]);

    // The log: the message in, the reply out with the provider's id; the delivery report marks it delivered.
    let out = (await messages(at.id, 'out')).find((m) => m.phone === GUEST)!;
    // The gateway answered; the sender records its answer a moment later.
    for (const until = Date.now() + 5_000; out.status === 'queued' && Date.now() < until; await new Promise((r) => setTimeout(r, 30))) {
      out = (await messages(at.id, 'out')).find((m) => m.phone === GUEST)!;
    }
    expect(out).toMatchObject({ status: 'sent', providerMessageId: reply!.messageId, attempts: 1 });
    const report = await t.app.inject({ method: 'POST', url: new URL(at.deliveryReportUrl).pathname, headers: FORM,
      payload: new URLSearchParams({ id: reply!.messageId!, status: 'Success', phoneNumber: GUEST, networkCode: '63902', retryCount: '0' }).toString() });
    expect(report.statusCode).toBe(200);
    expect((await messages(at.id, 'out')).find((m) => m.id === out.id)!.status).toBe('delivered');
    expect((await messages(at.id, 'in')).find((m) => m.phone === GUEST)!.outcome).toBe('admitted');
  });

  it('answers a retried webhook once: no second check-in, no second reply', async () => {
    const [second] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Kofi Mensah', holderPhone: '+254711000333' }]);
    const before = gw.sent.length;
    for (let i = 0; i < 3; i++) expect((await atSms('+254711000333', `CHECKIN ${second!.pin}`, 'ATXid_retried')).statusCode).toBe(200);
    await gw.waitForSent(before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.sent.length).toBe(before + 1);
    expect(await scansOf(second!.id)).toHaveLength(1);
  });

  it('never reveals a PIN to another phone: the wrong sender hears what an unknown PIN hears', async () => {
    const [third] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Third Guest', holderPhone: '+254711000444' }]);
    await atSms(OTHER, `CHECKIN ${third!.pin}`);
    const unknownPin = third!.pin === '000001' ? '000002' : '000001';
    await atSms('+254722000888', `CHECKIN ${unknownPin}`);
    const deadline = Date.now() + 5_000;
    while ((sentTo(OTHER).length === 0 || sentTo('+254722000888').length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo(OTHER)[0]!.form.message).toBe(sentTo('+254722000888')[0]!.form.message);
    expect(sentTo(OTHER)[0]!.form.message).toMatch(/^We found no ticket with this PIN for this phone\./);
    expect(await scansOf(third!.id)).toEqual([]);
  });

  it('tells a guest when doors are not open yet, in the venue\'s time, and records the refusal', async () => {
    await asSystem(t.app.ctx.db, (trx) => sql`update events set doors_open_at = '2099-06-01T17:30:00Z', starts_at = '2099-06-01T18:00:00Z', ends_at = '2099-06-01T23:00:00Z' where id = ${org.sideEvent.id}`.execute(trx));
    const [early] = await issueTickets(t.app.ctx, org.tenantId, org.sideEvent.id, [{ typeNo: 1, holderName: 'Early Bird', holderPhone: '+254711000555' }]);
    await atSms('+254711000555', early!.pin);
    const deadline = Date.now() + 5_000;
    while (sentTo('+254711000555').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // 17:30 UTC is 18:30 in Lagos.
    expect(sentTo('+254711000555')[0]!.form.message).toMatch(/^Doors for side open at 6:30\s?PM\. Text your PIN again then, or show it to staff at Main\.$/);
    expect(await scansOf(early!.id)).toEqual([expect.objectContaining({ input_kind: 'sms', verdict: 'refused', reason: 'event_not_started' })]);
  });

  it('asks for the event code when one PIN is valid for two events, then checks in the one named', async () => {
    const phone = '+254711000666';
    const [inMain] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Twice Ticketed', holderPhone: phone }]);
    const [inFar] = await issueTickets(t.app.ctx, org.tenantId, org.farEvent.id, [{ typeNo: 1, holderName: 'Twice Ticketed', holderPhone: phone }]);
    await asSystem(t.app.ctx.db, (trx) => sql`update tickets set pin = ${inMain!.pin} where id = ${inFar!.id}`.execute(trx));
    await atSms(phone, `CHECKIN ${inMain!.pin}`);
    const deadline = Date.now() + 5_000;
    while (sentTo(phone).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo(phone)[0]!.form.message).toBe(`This PIN is valid for more than one event. Text CHECKIN ${inMain!.pin} and the event code: FAR (far), MAIN (main)`);
    expect(await scansOf(inMain!.id)).toEqual([]);
    await atSms(phone, `CHECKIN ${inMain!.pin} far`);
    while (sentTo(phone).length < 2 && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo(phone)[1]!.form.message).toMatch(/^Welcome Twice! You are checked in to far\./);
    expect(await scansOf(inFar!.id)).toEqual([expect.objectContaining({ verdict: 'admitted', input_kind: 'sms' })]);
    expect(await scansOf(inMain!.id)).toEqual([]);
  });

  it('lets a sender try three times in ten minutes, then says so once, then stays silent', async () => {
    const phone = '+254733000777';
    for (let i = 0; i < 5; i++) await atSms(phone, `CHECKIN 99999${i}`);
    const deadline = Date.now() + 5_000;
    while (sentTo(phone).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const texts = sentTo(phone).map((r) => r.form.message);
    expect(texts).toHaveLength(4);
    expect(texts[3]).toBe('Too many attempts from this phone. Wait 10 minutes and try again, or show your PIN to door staff.');
    expect((await messages(at.id, 'in')).filter((m) => m.phone === phone).map((m) => m.outcome)).toEqual(['rate_limited', 'rate_limited', 'unknown', 'unknown', 'unknown']);
  });

  it('keeps the check-in when the gateway is down: the reply waits in the queue and goes out when it is back', async () => {
    const [late] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Patient Guest', holderPhone: '+254711000888' }]);
    gw.down = true;
    expect((await atSms('+254711000888', `CHECKIN ${late!.pin}`)).statusCode).toBe(200);
    expect(await scansOf(late!.id)).toEqual([expect.objectContaining({ verdict: 'admitted' })]);
    const deadline = Date.now() + 5_000;
    let queued;
    do {
      await new Promise((r) => setTimeout(r, 50));
      queued = (await messages(at.id, 'out')).find((m) => m.phone === '+254711000888');
    } while ((queued?.attempts ?? 0) < 2 && Date.now() < deadline);
    expect(queued).toMatchObject({ status: 'queued', lastError: expect.stringMatching(/gateway unreachable/) });
    gw.down = false;
    gw.failNext(1, 503);
    while (sentTo('+254711000888').length === 0 && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+254711000888')[0]!.form.message).toMatch(/^Welcome Patient!/);
    // The gateway has the message; the sender records that it went a moment later.
    let sent;
    do sent = (await messages(at.id, 'out')).find((m) => m.phone === '+254711000888')!;
    while (sent.status !== 'sent' && Date.now() < deadline + 15_000 && (await new Promise((r) => setTimeout(r, 50)), true));
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
  });

  it('marks a reply the provider refuses as failed, without retrying it', async () => {
    gw.refusedNumbers.add('+254700000001');
    const test = await t.app.inject({ method: 'POST', url: `/api/v1/sms-channels/${at.id}/test`, headers: bearer(manager), payload: { to: '+254700000001' } });
    expect(test.statusCode).toBe(202);
    const deadline = Date.now() + 5_000;
    let row;
    do {
      await new Promise((r) => setTimeout(r, 50));
      row = (await messages(at.id, 'out')).find((m) => m.id === test.json().messageId);
    } while (row?.status === 'queued' && Date.now() < deadline);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'InvalidPhoneNumber (403)' });
  });

  it('Twilio: verifies X-Twilio-Signature (403 otherwise), answers empty TwiML, replies through Messages.json', async () => {
    const [tg] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Zara Twilio', holderPhone: '+14155550123' }]);
    const params = {
      ToCountry: 'US', ToState: 'CA', SmsMessageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', NumMedia: '0', ToCity: '', FromZip: '', SmsSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      FromState: 'CA', SmsStatus: 'received', FromCity: '', Body: `Check in ${tg!.pin}`, FromCountry: 'US', To: '+14155550100', ToZip: '',
      NumSegments: '1', MessageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', AccountSid: TW_SID, From: '+14155550123', ApiVersion: '2010-04-01',
    };
    const path = new URL(tw.inboundSmsUrl).pathname;
    const forged = await t.app.inject({ method: 'POST', url: path, headers: { ...FORM, 'x-twilio-signature': signTwilio(tw.inboundSmsUrl, { ...params, Body: 'CHECKIN 000000' }) }, payload: new URLSearchParams(params).toString() });
    expect(forged.statusCode).toBe(403);
    const unsigned = await t.app.inject({ method: 'POST', url: path, headers: FORM, payload: new URLSearchParams(params).toString() });
    expect(unsigned.statusCode).toBe(403);
    expect(await scansOf(tg!.id)).toEqual([]);

    const res = await t.app.inject({ method: 'POST', url: path, headers: { ...FORM, 'x-twilio-signature': signTwilio(tw.inboundSmsUrl, params) }, payload: new URLSearchParams(params).toString() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const deadline = Date.now() + 5_000;
    while (sentTo('+14155550123').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const out = sentTo('+14155550123')[0]!;
    expect(out.path).toBe(`/2010-04-01/Accounts/${TW_SID}/Messages.json`);
    expect(out.headers.authorization).toBe(`Basic ${Buffer.from(`${TW_SID}:${TW_TOKEN}`).toString('base64')}`);
    expect(out.form).toMatchObject({ To: '+14155550123', From: '+14155550100', StatusCallback: tw.deliveryReportUrl });
    expect(out.form.Body).toMatch(/^Welcome Zara!/);
    expect(await scansOf(tg!.id)).toEqual([expect.objectContaining({ verdict: 'admitted', input_kind: 'sms' })]);

    for (const until = Date.now() + 5_000; (await messages(tw.id, 'out')).find((m) => m.providerMessageId === out.messageId)?.status !== 'sent' && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 30));
    }
    const status = { MessageSid: out.messageId!, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: TW_SID, To: '+14155550123', From: '+14155550100', ApiVersion: '2010-04-01' };
    const report = await t.app.inject({ method: 'POST', url: new URL(tw.deliveryReportUrl).pathname, headers: { ...FORM, 'x-twilio-signature': signTwilio(tw.deliveryReportUrl, status) }, payload: new URLSearchParams(status).toString() });
    expect(report.statusCode).toBe(200);
    expect((await messages(tw.id, 'out')).find((m) => m.providerMessageId === out.messageId)).toMatchObject({ status: 'failed', lastError: 'undelivered: Twilio error 30003' });
  });

  it('counts texted PIN guesses toward the channel\'s lockout: once blocked, even a good PIN is told to see door staff', async () => {
    const lockout = smsLockoutOf(t.app.ctx);
    const saved = lockout.options;
    lockout.options = { ...saved, blockAfter: 3, slowAfter: 1e9 };
    try {
      const ch = (await t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(manager), payload: { provider: 'africastalking', number: '20499', username: 'sandbox', apiKey: 'atsk_test', eventIds: [org.event.id] } })).json();
      const [good] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Blocked Out', holderPhone: '+254711000999' }]);
      const post = (from: string, text: string) => t.app.inject({ method: 'POST', url: new URL(ch.inboundSmsUrl).pathname, headers: FORM,
        payload: new URLSearchParams({ from, to: '20499', text, id: `ATXid_lock${++seq}`, date: '2026-12-02', linkId: 'x' }).toString() });
      // Guesses from three different phones: the per-sender limit is no way around the channel's budget.
      for (const [i, from] of ['+254744000001', '+254744000002', '+254744000003'].entries()) await post(from, `CHECKIN 12345${i}`);
      await post('+254711000999', `CHECKIN ${good!.pin}`);
      expect(await scansOf(good!.id)).toEqual([]);
      const deadline = Date.now() + 5_000;
      while (sentTo('+254711000999').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(sentTo('+254711000999')[0]!.form.message).toBe('SMS check-in is paused for a while. Please show your PIN to door staff at the entrance.');
    } finally {
      lockout.options = saved;
    }
  });

  it('texts each new ticket its PIN when the event opts in, with a preview and its segment count', async () => {
    const url = `/api/v1/events/${org.event.id}/sms-settings`;
    const off = await t.app.inject({ method: 'GET', url, headers: bearer(manager) });
    expect(off.json()).toMatchObject({ pinSms: false, allowAnySender: false, gateId: null, gate: null,
      pinMessagePreview: 'Your check-in PIN for main is 482916. At the gate, text CHECKIN 482916 to 20414.', segments: { encoding: 'gsm7', segments: 1 } });
    expect((await t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: { gateId: org.otherVenue.gates[0]!.id, allowAnySender: false, pinSms: true } })).statusCode).toBe(422);
    const side = org.venue.gates.find((g) => g.name === 'Side')!;
    const on = await t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: { gateId: side.id, allowAnySender: false, pinSms: true } });
    expect(on.json()).toMatchObject({ pinSms: true, gate: { id: side.id, name: 'Side' } });

    const issued = await t.app.inject({ method: 'POST', url: `/api/v1/events/${org.event.id}/tickets`, headers: bearer(manager),
      payload: { tickets: [{ name: 'Pin Receiver', type: 1, phone: '+254711002000' }, { name: 'No Phone', type: 1 }] } });
    expect(issued.statusCode, issued.body).toBeLessThan(300);
    const pin = (await asSystem(t.app.ctx.db, (trx) => sql<{ pin: string }>`select pin from tickets where holder_phone = '+254711002000'`.execute(trx))).rows[0]!.pin;
    const deadline = Date.now() + 5_000;
    while (sentTo('+254711002000').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+254711002000').map((r) => r.form.message)).toEqual([`Your check-in PIN for main is ${pin}. At the gate, text CHECKIN ${pin} to 20414.`]);
    // The chosen SMS gate is where the guest is sent.
    await atSms('+254711002000', `CHECKIN ${pin}`);
    while (sentTo('+254711002000').length < 2 && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+254711002000')[1]!.form.message).toMatch(/^Welcome Pin! You are checked in to main\. Go to Side and show this SMS\./);
    await t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: { gateId: null, allowAnySender: false, pinSms: false } });
  });

  it('answers in the ticket\'s language, and tells the holder of a cancelled ticket what to do', async () => {
    const [fr, gone] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [
      { typeNo: 1, holderName: 'Chloé Diallo', holderPhone: '+221771000001' }, { typeNo: 1, holderName: 'Gone Guest', holderPhone: '+254711003000' }]);
    await asSystem(t.app.ctx.db, async (trx) => {
      await sql`insert into email_deliveries (id, tenant_id, event_id, ticket_id, recipient, status, locale)
        values (gen_random_uuid(), ${org.tenantId}, ${org.event.id}, ${fr!.id}, 'chloe@example.test', 'sent', 'fr')`.execute(trx);
      await sql`update tickets set status = 'cancelled' where id = ${gone!.id}`.execute(trx);
    });
    await atSms('+221771000001', `CHECKIN ${fr!.pin}`);
    await atSms('+254711003000', `CHECKIN ${gone!.pin}`);
    await atSms('+254733004000', 'entrer 12345');
    const deadline = Date.now() + 5_000;
    while ((sentTo('+221771000001').length + sentTo('+254711003000').length + sentTo('+254733004000').length) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+221771000001')[0]!.form.message).toMatch(/^Bienvenue Chloé ! Votre entrée à main est enregistrée\. Allez à Main et montrez ce SMS\. Code porte : [2-9A-HJKMNP-Z]{4}$/);
    expect(sentTo('+254711003000')[0]!.form.message).toBe('This ticket for main is no longer valid. Please speak to staff at the entrance or contact the organizer.');
    expect(await scansOf(gone!.id)).toEqual([expect.objectContaining({ verdict: 'refused', reason: 'cancelled', input_kind: 'sms' })]);
    // No ticket to take a language from: the keyword's.
    expect(sentTo('+254733004000')[0]!.form.message).toBe('Pour entrer, envoyez ENTRER et le PIN à 6 chiffres de votre billet, par exemple : ENTRER 482916');
  });

  it('USSD: a stateless menu from `text` alone, CON to wait and END to close, the door code also by SMS', async () => {
    const [u] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Ussd User', holderPhone: '+254711001000' }]);
    const ussd = async (text: string) => {
      const res = await t.app.inject({ method: 'POST', url: new URL(at.ussdUrl).pathname, headers: FORM,
        payload: new URLSearchParams({ sessionId: 'ATUid_s1', serviceCode: '*384*1234#', phoneNumber: '+254711001000', networkCode: '63902', text }).toString() });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body.length).toBeLessThanOrEqual(182);
      return res.body;
    };
    expect(await ussd('')).toBe('CON Karibu check-in\n1 Check in (enter PIN)\n2 My tickets (code by SMS)\n3 Language');
    expect(await ussd('1')).toBe('CON Enter the 6-digit PIN on your ticket:');
    expect(await ussd('3')).toBe('CON Language:\n1 English\n2 Français\n3 Kiswahili\n4 አማርኛ\n5 العربية\n6 Português');
    expect(await ussd('3*2')).toMatch(/^CON Entrée Karibu\n1 Entrer/);
    expect(await ussd('1*12')).toMatch(/^END To check in, text CHECKIN/);
    expect(await ussd('1*abc')).toBe('END Sorry, we did not understand. Please dial again.');
    const done = await ussd(`1*${u!.pin}`);
    expect(done).toMatch(/^END Welcome Ussd! You are checked in to main\. Go to Main and show this SMS\. Door code: [2-9A-HJKMNP-Z]{4}$/);
    expect(await scansOf(u!.id)).toEqual([expect.objectContaining({ verdict: 'admitted', input_kind: 'sms' })]);
    const deadline = Date.now() + 5_000;
    while (sentTo('+254711001000').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+254711001000')[0]!.form.message).toBe(done.slice(4));
  });
});

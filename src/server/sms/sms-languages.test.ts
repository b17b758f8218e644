import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../db/database.ts';
import { issueTickets } from '../tickets/ticket-issuance.service.ts';
import { isGsm7 } from './gsm7.ts';
import { smsSender } from './sms-sender.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { FakeSmsGateway } from '../../../test/support/fake-sms-gateway.ts';
import { bearer, loginAs, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';

/**
 * SMS and USSD check-in in each language, end to end through Africa's Talking's wire format and
 * the fake gateway process (as sms-check-in.test.ts): which language a reply takes, and the USSD
 * language menu. The words themselves are checked in sms-catalog.test.ts.
 */
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe(`SMS and USSD replies in the ticket's language (${testDatabaseKind})`, () => {
  let t: TestApp;
  let gw: FakeSmsGateway;
  let org: Org;
  let manager: Session;
  let at: { id: string; inboundSmsUrl: string; ussdUrl: string };
  let seq = 0;

  beforeAll(async () => {
    gw = await new FakeSmsGateway().start();
    t = await createTestApp({ PUBLIC_URL: 'https://tickets.example.ng', KARIBU_SMS_API_BASE_URL: gw.url });
    smsSender(t.app.ctx)!.configure({ pollMs: 40, baseDelayMs: 40, maxDelayMs: 200 });
    org = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sms-channels', headers: bearer(manager),
      payload: { provider: 'africastalking', number: '20414', username: 'sandbox', apiKey: 'atsk_test', eventIds: [org.event.id] } });
    expect(res.statusCode, res.body).toBe(201);
    at = res.json();
  });
  afterAll(async () => { await t?.close(); await gw?.stop(); });

  const atSms = (from: string, text: string, id = `ATXid_lang${++seq}`) => t.app.inject({
    method: 'POST', url: new URL(at.inboundSmsUrl).pathname, headers: FORM,
    payload: new URLSearchParams({ linkId: `link-${id}`, text, to: '20414', id, date: '2026-12-02 10:00:00', from, networkCode: '63902' }).toString(),
  });
  const scansOf = (ticketId: string) => asSystem(t.app.ctx.db, async (trx) => (await sql<{ input_kind: string; verdict: string }>`
    select input_kind, verdict from scans where ticket_id = ${ticketId} order by server_time`.execute(trx)).rows);
  const sentTo = (phone: string) => gw.sent.filter((r) => r.form.to === phone);

  it('answers a Swahili ticket in Swahili and an Arabic one in Arabic: the ticket\'s language before its email\'s and the keyword\'s', async () => {
    const [swa, ara] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [
      { typeNo: 1, holderName: 'Baraka Mwangi', holderPhone: '+254711004001', language: 'sw' },
      { typeNo: 1, holderName: 'ليلى حداد', holderPhone: '+254711004002', language: 'ar' }]);
    // The Arabic holder's last email went out in French: the ticket's own language still wins.
    await asSystem(t.app.ctx.db, (trx) => sql`insert into email_deliveries (id, tenant_id, event_id, ticket_id, recipient, status, locale)
      values (gen_random_uuid(), ${org.tenantId}, ${org.event.id}, ${ara!.id}, 'layla@example.test', 'sent', 'fr')`.execute(trx));
    await atSms('+254711004001', `CHECKIN ${swa!.pin}`);
    await atSms('+254711004002', `ENTRER ${ara!.pin}`);
    // No ticket to take a language from: the keyword's.
    await atSms('+254733004003', 'ENTRAR 12345');
    await atSms('+254733004004', 'ግባ 12345');
    const phones = ['+254711004001', '+254711004002', '+254733004003', '+254733004004'];
    const deadline = Date.now() + 5_000;
    while (phones.some((p) => sentTo(p).length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo('+254711004001')[0]!.form.message).toMatch(/^Karibu Baraka! Umeingia main\. Elekea Main na uonyeshe ujumbe huu\. Msimbo wa mlango: [2-9A-HJKMNP-Z]{4}$/);
    expect(sentTo('+254711004002')[0]!.form.message).toMatch(/^مرحبا ليلى! تم تسجيل دخولك إلى main\. رمز الباب: [2-9A-HJKMNP-Z]{4}\. توجه إلى Main وأظهر هذه الرسالة\.$/);
    expect(sentTo('+254733004003')[0]!.form.message).toBe('Para entrar, envie ENTRAR e o PIN de 6 algarismos do seu bilhete, por exemplo: ENTRAR 482916');
    expect(sentTo('+254733004004')[0]!.form.message).toBe('ለመግባት «ግባ» እና በትኬትዎ ላይ ያለውን ባለ 6 አሃዝ PIN ይላኩ፤ ለምሳሌ፦ ግባ 482916');
    expect(await scansOf(swa!.id)).toEqual([expect.objectContaining({ verdict: 'admitted', input_kind: 'sms' })]);
    expect(await scansOf(ara!.id)).toEqual([expect.objectContaining({ verdict: 'admitted', input_kind: 'sms' })]);
    // The door code in the Arabic reply is the one staff look up.
    const code = /رمز الباب: ([2-9A-HJKMNP-Z]{4})/.exec(sentTo('+254711004002')[0]!.form.message!)![1]!;
    const door = await t.app.inject({ method: 'GET', url: `/api/v1/events/${org.event.id}/sms-checkins/${code}`, headers: bearer(manager) });
    expect(door.json().checkIns).toEqual([expect.objectContaining({ ticket: expect.objectContaining({ holderName: 'ليلى حداد' }) })]);
  });

  it('USSD: the language menu lists all six; choosing each (3*n) runs the session in it, every screen within its encoding\'s size', async () => {
    const phone = '+254711005000';
    const [u] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 1, holderName: 'Hana Tesfaye', holderPhone: phone }]);
    const ussd = async (text: string) => {
      const res = await t.app.inject({ method: 'POST', url: new URL(at.ussdUrl).pathname, headers: FORM,
        payload: new URLSearchParams({ sessionId: 'ATUid_langs', serviceCode: '*384*1234#', phoneNumber: phone, networkCode: '63902', text }).toString() });
      expect(res.statusCode).toBe(200);
      // 160 octets: 182 GSM-7 characters, or 80 UTF-16 units once anything needs UCS-2.
      expect(res.body.length, res.body).toBeLessThanOrEqual(isGsm7(res.body) ? 182 : 80);
      return res.body;
    };
    expect(await ussd('3')).toMatch(/^CON Language:\n1 English\n2 Français\n3 Kiswahili\n4 አማርኛ\n5 العربية\n6 Português$/);
    const menus = ['CON Karibu check-in\n1 Check in', 'CON Entrée Karibu\n1 Entrer', 'CON Karibu: kuingia\n1 Ingia', 'CON Karibu መግቢያ\n1 ግባ',
      'CON دخول Karibu\n1 تسجيل الدخول', 'CON Entrada Karibu\n1 Entrar'];
    const askPin = ['CON Enter the 6-digit PIN', 'CON Entrez le PIN', 'CON Weka PIN', 'CON በትኬትዎ ላይ', 'CON أدخل رقم PIN', 'CON Introduza o PIN'];
    for (let n = 1; n <= 6; n++) {
      expect(await ussd(`3*${n}`), `language ${n}`).toMatch(new RegExp(`^${menus[n - 1]}`));
      expect(await ussd(`3*${n}*1`), `language ${n}`).toMatch(new RegExp(`^${askPin[n - 1]}`));
      expect(await ussd(`3*${n}*3`), `language ${n}`).toMatch(/^CON \S.*\n1 English\n/);
    }
    expect(await ussd('3*7')).toBe('END Sorry, we did not understand. Please dial again.');
    expect(await ussd('3*4*3*5')).toMatch(/^CON دخول Karibu/);
    expect(await ussd('3*3*9')).toBe('END Samahani, hatukuelewa. Tafadhali piga tena.');

    // A check-in in Amharic: the screen is cut to 80 but keeps the door code; the whole reply goes by SMS.
    const done = await ussd(`3*4*1*${u!.pin}`);
    expect(done).toMatch(/^END እንኳን ደህና መጡ Hana! ወደ main መግባትዎ ተመዝግቧል። የበር ኮድ፦ [2-9A-HJKMNP-Z]{4}/);
    const deadline = Date.now() + 5_000;
    while (sentTo(phone).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo(phone)[0]!.form.message).toMatch(/^እንኳን ደህና መጡ Hana! ወደ main መግባትዎ ተመዝግቧል። የበር ኮድ፦ [2-9A-HJKMNP-Z]{4}። ወደ Main ሄደው ይህን መልዕክት ያሳዩ።$/);
    expect(sentTo(phone)[0]!.form.message!.startsWith(done.slice(4))).toBe(true);
  });
});

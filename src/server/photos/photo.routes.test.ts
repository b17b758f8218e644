import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlToBytes, openSealedPhoto } from '../../core/index.ts';
import { bearer, doorSession, loginAs, pairDeviceAt, seedOrg, type Org, type Session } from '../../../test/authz/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { issueTickets, type IssuedTicket } from '../tickets/ticket-issuance.service.ts';
import { cameraJpeg, dataUrl } from './photo-test-images.ts';

/**
 * Photo check end to end on the server: who may set a photo (the holder with consent, a manager),
 * who may see it (door phones, for photo-check types), and the offline pack sealed per QR.
 */
describe(`photo check (${testDatabaseKind})`, () => {
  let t: TestApp;
  let org: Org;
  let other: Org;
  let manager: Session;
  let door: Session;
  let vip: IssuedTicket;
  let general: IssuedTicket;
  let photo: string;
  const ev = () => `/api/v1/events/${org.event.id}`;
  const req = (method: 'GET' | 'PUT' | 'DELETE' | 'PATCH' | 'POST', url: string, who?: Session, payload?: object) =>
    t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t.app, { tickets: 0 });
    other = await seedOrg(t.app, { tickets: 0 });
    manager = await loginAs(t.app, org.staff.manager.email);
    door = await doorSession(t.app, manager, org.staff.door.email, org.venue.id);
    const types = (await req('GET', `${ev()}/ticket-types`, manager)).json().items as { id: string; typeNo: number }[];
    const patched = await req('PATCH', `${ev()}/ticket-types/${types.find((x) => x.typeNo === 2)!.id}`, manager, { photoCheck: true });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().photoCheck).toBe(true);
    [vip, general] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [
      { typeNo: 2, holderName: 'Amina Yusuf', holderEmail: 'amina@example.ke' },
      { typeNo: 1, holderName: 'Baraka Otieno', holderEmail: 'baraka@example.ke' },
    ]) as [IssuedTicket, IssuedTicket];
    photo = dataUrl(await cameraJpeg(1200, 900));
  });
  afterAll(async () => { await t?.close(); });

  it('the attendee must consent, and a file that does not decode is 422', async () => {
    const url = `/api/v1/attendee/t/${vip.linkSecret}/photo`;
    const noConsent = await req('PUT', url, undefined, { photo, consent: false });
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().error).toMatchObject({ code: 'unprocessable', details: [{ path: 'body.consent', message: expect.any(String) }] });
    const junk = await req('PUT', url, undefined, { photo: `data:image/jpeg;base64,${Buffer.from('not a jpeg, really not').toString('base64')}`, consent: true });
    expect(junk.statusCode).toBe(422);
    expect(junk.json().error).toMatchObject({ code: 'unprocessable', message: expect.any(String), details: [{ path: 'body.photo', message: expect.any(String) }] });
    const ok = await req('PUT', url, undefined, { photo, consent: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().bytes).toBeLessThanOrEqual(25 * 1024);
  });

  it('a ticket of a type without photo check takes no photo', async () => {
    const res = await req('PUT', `/api/v1/attendee/t/${general.linkSecret}/photo`, undefined, { photo, consent: true });
    expect(res.statusCode).toBe(403);
  });

  it('the ticket view says hasPhoto, never the image', async () => {
    const view = await req('GET', `${ev()}/tickets/${vip.id}`, manager);
    expect(view.json()).toMatchObject({ hasPhoto: true, photoCheck: true });
    expect(view.body).not.toContain('base64');
    const attendee = await req('GET', `/api/v1/attendee/t/${vip.linkSecret}`);
    expect(attendee.body).not.toContain('photo_enc');
  });

  it('door staff may not set photos through the console route; another organizer finds nothing', async () => {
    expect((await req('PUT', `${ev()}/tickets/${vip.id}/photo`, door, { photo, consent: true })).statusCode).toBe(403);
    const otherManager = await loginAs(t.app, other.staff.manager.email);
    expect((await req('GET', `/api/v1/events/${org.event.id}/tickets/${vip.id}/photo`, otherManager)).statusCode).toBe(404);
    expect((await req('PUT', `/api/v1/events/${org.event.id}/tickets/${vip.id}/photo`, otherManager, { photo, consent: true })).statusCode).toBe(404);
    const replaced = await req('PUT', `${ev()}/tickets/${vip.id}/photo`, manager, { photo, consent: true });
    expect(replaced.statusCode, replaced.body).toBe(200);
  });

  it('the door reads the photo of a photo-check ticket only, never cached; the scan answer flags it', async () => {
    const res = await req('GET', `${ev()}/tickets/${vip.id}/photo`, door);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await sharp(res.rawPayload).metadata()).width).toBe(320);
    expect((await req('GET', `${ev()}/serials/${vip.serial}/photo`, door)).statusCode).toBe(200);
    expect((await req('GET', `${ev()}/tickets/${general.id}/photo`, door)).statusCode).toBe(403);
    const kiosk = await doorSession(t.app, manager, org.staff.door.email, org.venue.id, 'kiosk');
    expect((await req('GET', `${ev()}/tickets/${vip.id}/photo`, kiosk)).statusCode).toBe(403);

    const gateId = org.venue.gates.find((g) => g.name === 'VIP door')!.id;
    const scan = await req('POST', `${ev()}/scans`, door, { scanId: randomUUID(), qr: vip.qr, gateId, direction: 'in' });
    expect(scan.json()).toMatchObject({ verdict: 'admitted', photoCheck: true, photo: true });
    const main = org.venue.gates.find((g) => g.name === 'Main')!.id;
    const plain = await req('POST', `${ev()}/scans`, door, { scanId: randomUUID(), qr: general.qr, gateId: main, direction: 'in' });
    expect(plain.json().verdict).toBe('admitted');
    expect(plain.json()).not.toHaveProperty('photo');
    expect(plain.json()).not.toHaveProperty('photoCheck');
  });

  it('the photo pack is for doors allowed names, and each thumbnail opens only with its QR', async () => {
    const phone = await pairDeviceAt(t.app, manager, org.venue.id);
    const session = await loginAs(t.app, org.staff.door.email, phone.deviceToken);
    const withheld = await req('GET', `${ev()}/photo-pack`, session);
    expect(withheld.json()).toEqual({ photoCheckTypes: [2], items: [], cursor: '0', more: false, withheld: true });
    expect((await req('PUT', `/api/v1/devices/${phone.deviceId}/offline-names`, manager, { allowed: true })).statusCode).toBe(200);
    const res = await req('GET', `${ev()}/photo-pack`, session);
    expect(res.statusCode, res.body).toBe(200);
    const pack = res.json() as { photoCheckTypes: number[]; items: [number, string | null, string | null][]; cursor: string; more: boolean };
    expect(pack.photoCheckTypes).toEqual([2]);
    expect(pack.items).toHaveLength(1);
    const [serial, nonce, sealed] = pack.items[0]!;
    expect(serial).toBe(vip.serial);
    const cipher = base64UrlToBytes(sealed!)!;
    const opened = openSealedPhoto(cipher, vip.qr, org.event.id, serial, base64UrlToBytes(nonce!)!)!;
    const meta = await sharp(Buffer.from(opened)).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(96);
    // Another ticket's QR yields noise, not an image.
    const wrong = openSealedPhoto(cipher, general.qr, org.event.id, serial, base64UrlToBytes(nonce!)!)!;
    await expect(sharp(Buffer.from(wrong)).metadata()).rejects.toThrow();
    const next = await req('GET', `${ev()}/photo-pack?since=${pack.cursor}`, session);
    expect(next.json().items).toEqual([]);

    // Deleted by the holder: the image is gone and the next page tells the phone to drop it.
    expect((await req('DELETE', `/api/v1/attendee/t/${vip.linkSecret}/photo`)).statusCode).toBe(204);
    expect((await req('GET', `${ev()}/tickets/${vip.id}/photo`, door)).statusCode).toBe(404);
    const after = await req('GET', `${ev()}/photo-pack?since=${pack.cursor}`, session);
    expect(after.json().items).toEqual([[vip.serial, null, null]]);
    const row = await t.app.ctx.db.selectFrom('ticket_photos').select(['photo_enc', 'thumb_enc']).where('ticket_id', '=', vip.id).executeTakeFirst();
    expect(row).toEqual({ photo_enc: null, thumb_enc: null });
  });

  it('the issuance API takes a data URL photo with consent, and issues nothing when a photo is refused', async () => {
    const small = dataUrl(await cameraJpeg(600, 450));
    const issue = (tickets: object[]) => req('POST', `${ev()}/tickets`, manager, { tickets });
    const ok = await issue([{ type: 2, name: 'Halima Ali', photo: small, photoConsent: true }]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().tickets[0].hasPhoto).toBe(true);
    expect((await req('GET', `${ev()}/tickets/${ok.json().tickets[0].id}/photo`, door)).statusCode).toBe(200);
    const count = async () => (await t.app.ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', org.event.id).executeTakeFirst())!.n;
    const before = Number(await count());
    const noConsent = await issue([{ type: 2, name: 'Omar Said', photo: small }]);
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().error.details).toEqual([{ path: 'body.tickets.0.photoConsent', message: expect.any(String) }]);
    const remote = await issue([{ type: 2, name: 'Omar Said', photo: 'https://169.254.169.254/latest/meta-data', photoConsent: true }]);
    expect(remote.statusCode).toBe(422);
    const wrongType = await issue([{ type: 1, name: 'Omar Said', photo: small, photoConsent: true }]);
    expect(wrongType.statusCode).toBe(403);
    expect(Number(await count())).toBe(before);
  });

  it('a transfer does not carry the photo to the new holder', async () => {
    const [guest] = await issueTickets(t.app.ctx, org.tenantId, org.event.id, [{ typeNo: 2, holderName: 'Juma Said', holderEmail: 'juma@example.tz' }]) as [IssuedTicket];
    expect((await req('PUT', `/api/v1/attendee/t/${guest.linkSecret}/photo`, undefined, { photo, consent: true })).statusCode).toBe(200);
    const moved = await req('POST', `${ev()}/tickets/${guest.id}/transfer`, manager, { name: 'Neema Mwangi', email: 'neema@example.tz', notify: false });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().previous.hasPhoto).toBe(false);
    expect(moved.json().ticket.hasPhoto ?? false).toBe(false);
    expect((await req('GET', `${ev()}/tickets/${guest.id}`, manager)).json().hasPhoto).toBe(false);
  });
});

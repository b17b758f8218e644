import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPhoto, isPublicAddress } from './photo-fetch.ts';
import { cameraJpeg } from './photo-test-images.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { bearer, loginAs, seedOrg } from '../../../test/authz/fixtures.ts';

/**
 * A photo given by URL at issuance: fetched once from a real HTTP server started here, and only
 * from where an API client may make the server reach — never the server's own network unless the
 * operator says it is a closed one (KARIBU_PHOTO_FETCH_PRIVATE).
 */
describe(`photos fetched by URL at issuance (${testDatabaseKind})`, () => {
  let server: http.Server;
  let base = '';
  const hits: string[] = [];
  let jpeg: Buffer;

  beforeAll(async () => {
    jpeg = await cameraJpeg(800, 600);
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/guest.jpg') { res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg); return; }
      if (req.url === '/moved.jpg') { res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end(); return; }
      if (req.url === '/page.html') { res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'); return; }
      if (req.url === '/huge.jpg') { res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(6 * 1024 * 1024)); return; }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });

  it('tells public addresses from the server\'s own networks', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '41.203.64.1', '2001:4860:4860::8888']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('refuses plain http and private addresses before connecting', async () => {
    hits.length = 0;
    await expect(fetchPhoto(`${base}/guest.jpg`, { allowPrivate: false })).rejects.toThrow(/https/);
    await expect(fetchPhoto(`https://127.0.0.1:${new URL(base).port}/guest.jpg`, { allowPrivate: false })).rejects.toThrow(/private network/);
    await expect(fetchPhoto('https://localhost/guest.jpg', { allowPrivate: false })).rejects.toThrow(/private network/);
    await expect(fetchPhoto('https://user:pw@example.com/a.jpg', { allowPrivate: false })).rejects.toThrow(/user name/);
    expect(hits).toEqual([]);
  });

  it('on a closed network: fetches an image once, never follows a redirect, refuses what is not an image or too big', async () => {
    expect((await fetchPhoto(`${base}/guest.jpg`, { allowPrivate: true })).equals(jpeg)).toBe(true);
    await expect(fetchPhoto(`${base}/moved.jpg`, { allowPrivate: true })).rejects.toThrow(/redirects/);
    await expect(fetchPhoto(`${base}/page.html`, { allowPrivate: true })).rejects.toThrow(/not a JPEG/);
    await expect(fetchPhoto(`${base}/huge.jpg`, { allowPrivate: true })).rejects.toThrow(/5 MB/);
    await expect(fetchPhoto(`${base}/gone.jpg`, { allowPrivate: true })).rejects.toThrow(/HTTP 404/);
  });

  it('issues a photo-check ticket with the fetched photo, resized like an upload', async () => {
    const t: TestApp = await createTestApp({ KARIBU_PHOTO_FETCH_PRIVATE: 'true' });
    try {
      const org = await seedOrg(t.app, { tickets: 0 });
      const manager = await loginAs(t.app, org.staff.manager.email);
      const ev = `/api/v1/events/${org.event.id}`;
      const types = (await t.app.inject({ method: 'GET', url: `${ev}/ticket-types`, headers: bearer(manager) })).json().items as { id: string; typeNo: number }[];
      await t.app.inject({ method: 'PATCH', url: `${ev}/ticket-types/${types.find((x) => x.typeNo === 2)!.id}`, headers: bearer(manager), payload: { photoCheck: true } });
      const res = await t.app.inject({ method: 'POST', url: `${ev}/tickets`, headers: bearer(manager),
        payload: { tickets: [{ type: 2, name: 'Zawadi Njeri', photo: `${base}/guest.jpg`, photoConsent: true }] } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().tickets[0].hasPhoto).toBe(true);
      const bad = await t.app.inject({ method: 'POST', url: `${ev}/tickets`, headers: bearer(manager),
        payload: { tickets: [{ type: 2, name: 'Juma Hassan', photo: `${base}/page.html`, photoConsent: true }] } });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details).toEqual([{ path: 'body.tickets.0.photo', message: expect.stringMatching(/not a JPEG/) }]);
    } finally { await t.close(); }
  });
});

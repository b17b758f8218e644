import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, parseTicketToken, verifyTicketToken, type TicketState } from '../../core/index.ts';
import { createEventFixture, type EventFixture } from '../../../test/support/fixtures.ts';
import { createTestApp, testDatabaseKind, type TestApp } from '../../../test/support/test-app.ts';
import { withTenant } from '../db/database.ts';
import { loadScanContext } from '../events/event-policy.service.ts';
import { renderTicketQr } from '../ticket-documents/ticket-render.service.ts';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

describe(`ticket issuance and published keys (${testDatabaseKind})`, () => {
  let t: TestApp;
  let f: EventFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await createEventFixture(t.app.ctx);
  });
  afterAll(async () => { await t.close(); });

  it('issues tickets with distinct serials, codes and PINs, even when two issuers race', async () => {
    const [a, b] = await Promise.all([f.issue(300), f.issue(300)]);
    const all = [...a!, ...b!];
    expect(new Set(all.map((x) => x.serial)).size).toBe(600);
    expect(new Set(all.map((x) => x.code)).size).toBe(600);
    expect(new Set(all.map((x) => x.pin)).size).toBe(600);
    for (const x of all) {
      expect(x.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(x.pin).toMatch(/^\d{6}$/);
      expect(x.qr.length).toBeLessThanOrEqual(130);
      expect(x.qr).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
      expect(x.link).toBe(`${t.config.publicUrl}/t/${x.linkSecret}`);
    }
  });

  it('publishes the event key as a JWK that openssl uses to verify an issued token', async () => {
    const [ticket] = await f.issue(1);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events/${f.eventId}/keys` });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json() as { keys: { kty: string; crv: string; kid: string; x: string }[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const parsed = parseTicketToken(ticket!.qr);
    if (!parsed.ok) throw new Error('token did not parse');
    expect(String(parsed.payload.kid)).toBe(keys[0]!.kid);

    const dir = mkdtempSync(join(tmpdir(), 'karibu-openssl-'));
    writeFileSync(join(dir, 'pub.der'), Buffer.concat([SPKI_PREFIX, Buffer.from(keys[0]!.x, 'base64url')]));
    writeFileSync(join(dir, 'payload.bin'), parsed.payloadBytes);
    writeFileSync(join(dir, 'sig.bin'), parsed.signature);
    const verifyWithOpenssl = () => execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.der'), '-keyform', 'DER',
      '-rawin', '-in', join(dir, 'payload.bin'), '-sigfile', join(dir, 'sig.bin')], { encoding: 'utf8' });
    expect(verifyWithOpenssl()).toContain('Signature Verified Successfully');
    const tampered = Buffer.from(parsed.payloadBytes); tampered[6]! ^= 1; // another serial
    writeFileSync(join(dir, 'payload.bin'), tampered);
    expect(verifyWithOpenssl).toThrow();
  });

  it('renders a QR image that an independent decoder reads at 200×200 px, within QR version 6-M', async () => {
    const [ticket] = await f.issue(1);
    const qr = QRCode.create(ticket!.qr, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(6);
    const dir = mkdtempSync(join(tmpdir(), 'karibu-zbar-'));
    const png = join(dir, 'ticket.png');
    await QRCode.toFile(png, ticket!.qr, { errorCorrectionLevel: 'M', width: 200, margin: 4 });
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' }).trim();
    expect(decoded).toBe(ticket!.qr);
  });

  it('re-renders the identical QR text from the stored ticket (deterministic signatures)', async () => {
    const [ticket] = await f.issue(1);
    const again = await withTenant(t.app.ctx.db, f.tenantId, async (trx) => {
      const row = await trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select(['tickets.serial', 'tickets.kid', 'ticket_types.type_no', 'ticket_types.valid_from', 'ticket_types.valid_until'])
        .where('tickets.id', '=', ticket!.id).executeTakeFirstOrThrow();
      return renderTicketQr(t.app.ctx, trx, row);
    });
    expect(again).toBe(ticket!.qr);
  });

  it('keeps old tickets verifiable after a key rotation and refuses them once the key is revoked', async () => {
    const [before] = await f.issue(1);
    const rotated = await withTenant(t.app.ctx.db, f.tenantId, (trx) => t.app.ctx.keys.rotateKey(trx, f.tenantId, f.eventId));
    const [after] = await f.issue(1);
    const kidOf = (qr: string) => { const p = parseTicketToken(qr); if (!p.ok) throw new Error(); return p.payload.kid; };
    expect(kidOf(after!.qr)).toBe(rotated.kid);
    const jwks = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${f.eventId}/keys` })).json() as { keys: { kid: string; x: string; status: string }[] };
    const lookup = (kid: number) => {
      const k = jwks.keys.find((j) => j.kid === String(kid));
      return k ? { publicKey: new Uint8Array(Buffer.from(k.x, 'base64url')) } : undefined;
    };
    expect(verifyTicketToken(before!.qr, lookup).ok).toBe(true);
    expect(verifyTicketToken(after!.qr, lookup).ok).toBe(true);

    await withTenant(t.app.ctx.db, f.tenantId, (trx) => t.app.ctx.keys.revokeKey(trx, f.eventId, rotated.retiredKid!));
    const after2 = (await t.app.inject({ method: 'GET', url: `/api/v1/events/${f.eventId}/keys` })).json() as { keys: { kid: string; x: string }[] };
    expect(after2.keys.map((k) => k.kid)).toEqual([String(rotated.kid)]);
    const lookup2 = (kid: number) => {
      const k = after2.keys.find((j) => j.kid === String(kid));
      return k ? { publicKey: new Uint8Array(Buffer.from(k.x, 'base64url')) } : undefined;
    };
    expect(verifyTicketToken(before!.qr, lookup2)).toMatchObject({ ok: false, reason: 'revoked_key' });
  });

  it('answers 404 in the error shape for keys of an unknown event', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/events/00000000-0000-4000-8000-000000000000/keys' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('gives each issued ticket an engine state that admits it once', async () => {
    const [ticket] = await f.issue(1);
    const { state, ctx } = await withTenant(t.app.ctx.db, f.tenantId, async (trx) => ({
      state: (await trx.selectFrom('tickets').select('state').where('id', '=', ticket!.id).executeTakeFirstOrThrow()).state as TicketState,
      ctx: (await loadScanContext(trx, f.eventId))!,
    }));
    const scan = { eventId: f.eventId, gateId: f.gate('Main'), gateZone: 'GA', direction: 'in' as const };
    const first = decide(state, scan, ctx.policy, Date.now());
    expect(first).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    const second = decide(first.next, scan, ctx.policy, Date.now() + 60_000);
    expect(second).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
  });
});

import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { base64UrlToBytes, decodeTicketBlock, type ManifestRecord } from '../../src/core/index.ts';
import type { KaribuApp } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth/password.ts';
import { withTenant } from '../../src/server/db/database.ts';
import { createEventFixture, type EventFixture, type FixtureOptions } from '../support/fixtures.ts';

/**
 * Door phones for sync tests, obtained the way the scanner gets them: a manager makes a setup
 * code, the phone pairs with it, staff log in with the device token (issue 4's HTTP flow).
 */
export interface Phone {
  deviceId: string;
  accessToken: string;
  /** How far this phone's clock is ahead of the server's (ms). */
  skewMs: number;
}

export function randomAddress(): string {
  const b = () => (randomBytes(1)[0]! % 250) + 1;
  return `10.${b()}.${b()}.${b()}`;
}

export async function login(app: KaribuApp, email: string, password: string, deviceToken?: string): Promise<{ accessToken: string; deviceId?: string }> {
  const res = await app.inject({
    method: 'POST', url: '/api/v1/auth/login', remoteAddress: randomAddress(),
    payload: { email, password, ...(deviceToken ? { deviceToken } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { accessToken: string; device?: { id: string } | null };
  return { accessToken: body.accessToken, ...(body.device ? { deviceId: body.device.id } : {}) };
}

export interface SyncWorld {
  app: KaribuApp;
  f: EventFixture;
  manager: { accessToken: string };
  phone(opts?: { kind?: 'door' | 'kiosk'; skewMs?: number }): Promise<Phone>;
}

// Logins in these tests check a cheap scrypt hash: the password cost is issue 4's subject, not ours.
const cheapHashes = new Map<string, Promise<string>>();
const cheapHash = (password: string) => {
  if (!cheapHashes.has(password)) cheapHashes.set(password, hashPassword(password, { N: 1024, r: 8, p: 1 }));
  return cheapHashes.get(password)!;
};

export async function syncWorld(app: KaribuApp, options: FixtureOptions = {}): Promise<SyncWorld> {
  const f = await createEventFixture(app.ctx, options);
  await withTenant(app.ctx.db, f.tenantId, async (trx) => {
    for (const role of ['manager', 'staff'] as const) {
      await trx.updateTable('staff').set({ password_hash: await cheapHash(f.users[role].password) }).where('id', '=', f.users[role].id).execute();
    }
  });
  const manager = await login(app, f.users.manager.email, f.users.manager.password);
  return {
    app, f, manager,
    phone: async ({ kind = 'door', skewMs = 0 } = {}) => {
      const code = await app.inject({
        method: 'POST', url: `/api/v1/venues/${f.venue.id}/device-setup-codes`, headers: auth(manager), payload: { kind },
      });
      if (code.statusCode !== 201) throw new Error(`setup code: ${code.statusCode} ${code.body}`);
      const pair = await app.inject({ method: 'POST', url: '/api/v1/devices/pair', payload: { setupCode: code.json().setupCode }, remoteAddress: randomAddress() });
      if (pair.statusCode !== 201) throw new Error(`pair: ${pair.statusCode} ${pair.body}`);
      const session = await login(app, f.users.manager.email, f.users.manager.password, pair.json().deviceToken);
      return { deviceId: pair.json().device.id, accessToken: session.accessToken, skewMs };
    },
  };
}

export const auth = (s: { accessToken: string }) => ({ authorization: `Bearer ${s.accessToken}` });

export interface OfflineScan {
  scanId?: string;
  qr?: string;
  code?: string;
  pin?: string;
  /** A ticket picked by name offline (names-allowed devices only). */
  serial?: number;
  gateId: string;
  direction?: 'in' | 'out';
  /** Real (server) time of the scan; the phone reports it through its own clock. */
  at: number;
  verdict?: 'admitted' | 'exited' | 'refused';
  reason?: string;
}

/** The upload body a phone sends: its own clock in scannedAt and sentAt. */
export function batchBody(phone: Phone, scans: OfflineScan[], sentAtReal = Date.now()) {
  return {
    sentAt: sentAtReal + phone.skewMs,
    scans: scans.map((s) => ({
      scanId: s.scanId ?? uuidv7(),
      ...(s.qr ? { qr: s.qr } : s.code ? { code: s.code } : s.serial !== undefined ? { serial: s.serial } : { pin: s.pin! }),
      gateId: s.gateId, direction: s.direction ?? 'in', scannedAt: s.at + phone.skewMs,
      verdict: s.verdict ?? (s.direction === 'out' ? 'exited' : 'admitted'), reason: s.reason ?? (s.direction === 'out' ? 'exited' : 'admitted'),
    })),
  };
}

export type UploadResult = { scanId: string; status: string; verdict: string; reason: string; firstStatus?: string };

export async function upload(app: KaribuApp, phone: Phone, eventId: string, body: ReturnType<typeof batchBody>) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/scans/batch`, headers: auth(phone), payload: body });
  return res;
}

export interface ManifestJson {
  full: boolean; reset: boolean; cursor: string; more: boolean; position: number; ticketCount: number; tickets: string;
  types: { typeNo: number; zones: string[]; validFrom: number | null; validUntil: number | null }[];
  format: number; names?: ([number, string] | [number, string, number])[]; rotation?: { secret: string }; device: { names: boolean; clockOffsetMs: number | null };
  policy: unknown; keys: { kid: number; status: string }[];
}

/** One manifest page, gzip requested like a phone does; returns the raw (decompressed) text too. */
export async function manifestPage(app: KaribuApp, phone: Phone, eventId: string, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  const res = await app.inject({
    method: 'GET', url: `/api/v1/events/${eventId}/manifest${qs ? `?${qs}` : ''}`,
    headers: { ...auth(phone), 'accept-encoding': 'gzip', 'x-device-time': String(Date.now() + phone.skewMs) },
  });
  const raw = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
  const text = raw.toString('utf8');
  return { res, text, compressedBytes: res.rawPayload.length, json: res.statusCode === 200 ? (JSON.parse(text) as ManifestJson) : undefined };
}

export function decodeRecords(eventId: string, page: ManifestJson): ManifestRecord[] {
  return decodeTicketBlock(base64UrlToBytes(page.tickets)!, { eventId, types: page.types });
}

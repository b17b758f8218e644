// The door phone's offline verdicts: authenticated by held digest or signature, decided by core
// decide() on the replica, and kept right when a manifest delta arrives before the upload.
import { describe, expect, it } from 'vitest';
import {
  appendRotatingCode, deriveRotationKey, ed25519PublicKey, makeHumanCode, makePolicy, parseTicketToken, POLICY_TEMPLATES,
  signTicketToken, tokenDigest, type TokenPayload,
} from '../../../core/index.ts';
import { verifyEd25519 } from './ed25519-web.ts';
import { parseManifest } from './manifest-format.ts';
import { commitLocal, decideOffline, type OfflineDeps, type OfflineScan } from './offline-verdict.ts';
import { EventReplica } from './replica.ts';

const EVENT = '0190c0de-0000-7000-8000-000000000001';
const OTHER_EVENT = '0190c0de-0000-7000-8000-000000000002';
const secret = new Uint8Array(32).fill(9);
const otherSecret = new Uint8Array(32).fill(5);
const rotationSecret = new Uint8Array(32).fill(3);
const NOW = Date.UTC(2026, 5, 1, 18, 0);
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function token(serial: number, typeNo = 1, key = secret, kid = 7): string {
  const payload: TokenPayload = { kid, serial, typeNo, validFrom: 0, validUntil: 0 };
  return signTicketToken(payload, key);
}
function digestOf(qr: string): string {
  const parsed = parseTicketToken(qr);
  if (!parsed.ok) throw new Error('bad token');
  return b64u(tokenDigest(parsed));
}

const policy = makePolicy(POLICY_TEMPLATES['reentry-after-exit'], {
  doorsOpenAt: NOW - 3_600_000, endsAt: NOW + 6 * 3_600_000, zoneOrder: ['BACKSTAGE', 'VIP', 'GA'], utcOffsetMinutes: 60, dayStartMinutes: 0,
});

function snapshot(tickets: object[], extra: object = {}) {
  return {
    eventId: EVENT, full: true, cursor: 'c1', serverTime: new Date(NOW).toISOString(),
    event: { name: 'Afrobeats Night', startsAt: NOW, endsAt: NOW + 6 * 3_600_000 },
    policy,
    gates: [{ id: 'gate-main', name: 'Main', zone: 'GA' }, { id: 'gate-vip', name: 'VIP', zone: 'VIP' }],
    types: [{ typeNo: 1, name: 'General Admission', zones: ['GA'], allowStatic: true }, { typeNo: 2, name: 'VIP', zones: ['VIP'], allowStatic: false }],
    keys: [{ kty: 'OKP', crv: 'Ed25519', kid: '7', x: b64u(ed25519PublicKey(secret)), status: 'active' }],
    tickets,
    ...extra,
  };
}

const deps: OfflineDeps = {
  verify: verifyEd25519,
  codeKey: (code) => code,
  pinKey: (pin) => pin,
  foreignKey: (kid) => (kid === 8 ? { publicKey: ed25519PublicKey(otherSecret), eventId: OTHER_EVENT } : undefined),
};

function replicaWith(tickets: object[], extra: object = {}): EventReplica {
  const replica = EventReplica.empty(EVENT);
  replica.applyPage(parseManifest(snapshot(tickets, extra), EVENT), [], NOW);
  return replica;
}

const scanAt = (input: OfflineScan['input'], at = NOW, gateId = 'gate-main', direction: 'in' | 'out' = 'in'): OfflineScan => ({ input, gateId, direction, at });

async function scan(replica: EventReplica, s: OfflineScan) {
  const v = await decideOffline(replica, s, deps);
  if (v) commitLocal(replica, v);
  return v;
}

describe('offline verdicts on the replica', () => {
  const qr1 = token(1);
  const code1 = makeHumanCode(new Uint8Array(64).fill(77));
  const ticket1 = { serial: 1, typeNo: 1, status: 'valid', presence: 'outside', entryCount: 0, digest: digestOf(qr1), codeKey: code1, pinKey: '482916', holderName: 'Adaeze Okafor' };

  it('admits a ticket from the manifest once, then refuses it as already inside', async () => {
    const replica = replicaWith([ticket1]);
    expect(replica.counts).toEqual({ inside: 0, expected: 1 });
    const first = await scan(replica, scanAt({ qr: qr1 }));
    expect(first).toMatchObject({ verdict: 'admitted', reason: 'admitted', serial: 1, typeName: 'General Admission', holderName: 'Adaeze Okafor' });
    expect(replica.counts).toEqual({ inside: 1, expected: 1 });
    const again = await scan(replica, scanAt({ qr: qr1 }, NOW + 60_000));
    expect(again).toMatchObject({ verdict: 'refused', reason: 'already_inside', previous: { at: NOW, gateName: 'Main' } });
  });

  it('finds tickets by typed code and by PIN', async () => {
    const replica = replicaWith([ticket1]);
    expect(await scan(replica, scanAt({ code: ` ${code1.toLowerCase().replace('-', ' ')} ` }))).toMatchObject({ verdict: 'admitted', serial: 1 });
    expect(await scan(replica, scanAt({ pin: '482916' }, NOW + 60_000, 'gate-main', 'out'))).toMatchObject({ verdict: 'exited' });
    expect(await scan(replica, scanAt({ pin: '000000' }))).toMatchObject({ verdict: 'refused', reason: 'unknown_ticket' });
    const typo = code1.slice(0, 8) + (code1[8] === 'A' ? 'B' : 'A');
    expect(await scan(replica, scanAt({ code: typo }))).toMatchObject({ verdict: 'refused', reason: 'malformed' });
  });

  it('refuses a forged or superseded token that the held digest does not match', async () => {
    // The manifest holds the digest of the ticket's current token; this QR is an older one.
    const replica = replicaWith([{ ...ticket1, digest: digestOf(token(2)) }]);
    expect(await scan(replica, scanAt({ qr: qr1 }))).toMatchObject({ verdict: 'refused', reason: 'bad_signature' });
    expect(replica.counts.inside).toBe(0);
  });

  it('admits a ticket issued after the last sync by its signature, with its type’s zones', async () => {
    const replica = replicaWith([ticket1]);
    const vip = token(42, 2);
    expect(await scan(replica, scanAt({ qr: vip }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'admitted', serial: 42, typeName: 'VIP' });
    expect(await scan(replica, scanAt({ qr: token(43, 1) }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'wrong_zone' });
    const forged = token(44, 2, new Uint8Array(32).fill(1));
    expect(await scan(replica, scanAt({ qr: forged }))).toMatchObject({ verdict: 'refused', reason: 'bad_signature' });
  });

  it('names another event’s ticket wrong_event and garbage malformed', async () => {
    const replica = replicaWith([ticket1]);
    expect(await scan(replica, scanAt({ qr: token(1, 1, otherSecret, 8) }))).toMatchObject({ verdict: 'refused', reason: 'wrong_event' });
    expect(await scan(replica, scanAt({ qr: 'https://example.com/' }))).toMatchObject({ verdict: 'refused', reason: 'malformed' });
  });

  it('checks the rotating code when the manifest carries rotation material', async () => {
    const replica = replicaWith([{ ...ticket1, typeNo: 2, digest: digestOf(token(1, 2)) }], { rotation: { secret: b64u(rotationSecret) } });
    const staticQr = token(1, 2);
    const live = appendRotatingCode(staticQr, deriveRotationKey(rotationSecret, 1), NOW);
    const screenshot = appendRotatingCode(staticQr, deriveRotationKey(rotationSecret, 1), NOW - 5 * 60_000);
    expect(await scan(replica, scanAt({ qr: screenshot }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'code_expired', serial: 1 });
    expect(await scan(replica, scanAt({ qr: staticQr }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'code_expired' });
    expect(await scan(replica, scanAt({ qr: live }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'admitted' });
  });

  it('keeps a local admission when a delta brings older server state before the upload', async () => {
    const replica = replicaWith([ticket1]);
    await scan(replica, scanAt({ qr: qr1 }));
    // The server has not seen the scan yet: its delta still says "outside".
    const delta = parseManifest({ eventId: EVENT, cursor: 'c2', tickets: [ticket1] }, EVENT);
    replica.applyPage(delta, [{ serial: 1, gateId: 'gate-main', direction: 'in', at: NOW }], NOW + 10_000);
    expect(replica.tickets.get(1)?.state).toMatchObject({ presence: 'inside', entryCount: 1 });
    expect(await scan(replica, scanAt({ qr: qr1 }, NOW + 60_000))).toMatchObject({ reason: 'already_inside' });
    // Once uploaded, the server's state is taken as it is.
    replica.applyPage(parseManifest({ eventId: EVENT, cursor: 'c3', tickets: [{ ...ticket1, status: 'cancelled' }] }, EVENT), [], NOW + 20_000);
    expect(replica.counts).toEqual({ inside: 0, expected: 0 });
    expect(replica.meta.cursor).toBe('c3');
  });

  it('measures the clock offset and replaces everything on a new snapshot', async () => {
    const replica = replicaWith([ticket1, { ...ticket1, serial: 2, codeKey: 'X', pinKey: '111111' }]);
    expect(replica.meta.clockOffsetMs).toBe(0);
    replica.applyPage(parseManifest({ ...snapshot([ticket1]), cursor: 'c9', serverTime: NOW + 600_000 }, EVENT), [], NOW);
    expect(replica.tickets.size).toBe(1);
    expect(replica.meta.clockOffsetMs).toBe(600_000);
    expect(replica.serialByPin('111111')).toBeUndefined();
  });

  it('searches allowed holder names by every word, ignoring case and accents', () => {
    const replica = replicaWith([ticket1, { ...ticket1, serial: 2, holderName: 'Fatou Traoré', codeKey: 'Y', pinKey: '2' }]);
    expect(replica.searchNames('traore').map((t) => t.state.serial)).toEqual([2]);
    expect(replica.searchNames('okafor adaeze').map((t) => t.state.serial)).toEqual([1]);
    expect(replica.searchNames('   ')).toEqual([]);
  });

  it('rejects a manifest that cannot be trusted as a whole', () => {
    expect(() => parseManifest({ ...snapshot([]), eventId: OTHER_EVENT }, EVENT)).toThrow(/another event/);
    expect(() => parseManifest({ ...snapshot([]), policy: { ...policy, maxEntries: -1 } }, EVENT)).toThrow(/policy/);
    expect(() => parseManifest({ ...snapshot([{ serial: 1, typeNo: 1, status: 'stolen' }]) }, EVENT)).toThrow(/status/);
  });
});

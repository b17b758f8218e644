// The door phone's offline verdicts: authenticated by held digest or signature, decided by core
// decide() on the replica, and kept right when a manifest delta arrives before the upload. The
// manifests here are built with core's encoder, as the server builds them (sync-protocol §2).
import { describe, expect, it } from 'vitest';
import {
  appendRotatingCode, bytesToBase64Url, codeLookupKey, deriveRotationKey, ed25519PublicKey, encodeTicketBlock, makeHumanCode,
  makePolicy, MANIFEST_DIGEST_LENGTH, parseTicketToken, pinLookupKey, POLICY_TEMPLATES, sealName, signTicketToken, tokenDigest,
  type ManifestRecord, type TicketState, type TokenPayload,
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
const b64u = bytesToBase64Url;

function token(serial: number, typeNo = 1, key = secret, kid = 7): string {
  const payload: TokenPayload = { kid, serial, typeNo, validFrom: 0, validUntil: 0 };
  return signTicketToken(payload, key);
}
function digestOf(qr: string): Uint8Array {
  const parsed = parseTicketToken(qr);
  if (!parsed.ok) throw new Error('bad token');
  return tokenDigest(parsed).subarray(0, MANIFEST_DIGEST_LENGTH);
}

const policy = makePolicy(POLICY_TEMPLATES['reentry-after-exit'], {
  doorsOpenAt: NOW - 3_600_000, endsAt: NOW + 6 * 3_600_000, zoneOrder: ['BACKSTAGE', 'VIP', 'GA'], utcOffsetMinutes: 60, dayStartMinutes: 0,
});
const TYPES = [
  { typeNo: 1, name: 'General Admission', zones: ['GA'], allowStatic: true, validFrom: null, validUntil: null },
  { typeNo: 2, name: 'VIP', zones: ['VIP'], allowStatic: false, validFrom: null, validUntil: null },
];

interface Guest { serial: number; typeNo?: number; qr?: string; code?: string; pin?: string; name?: string; status?: TicketState['status']; presence?: TicketState['presence']; entryCount?: number }

/** A ticket record as the server encodes it: state, held digest, lookup keys, sealed name. */
function record(g: Guest): ManifestRecord {
  const typeNo = g.typeNo ?? 1;
  const qr = g.qr ?? token(g.serial, typeNo);
  const state: TicketState = {
    eventId: EVENT, serial: g.serial, typeNo, status: g.status ?? 'valid', presence: g.presence ?? 'outside',
    entryCount: g.entryCount ?? 0, zones: TYPES.find((t) => t.typeNo === typeNo)!.zones,
  };
  const r: ManifestRecord = {
    state, digest: digestOf(qr),
    codeKey: codeLookupKey(EVENT, g.code ?? `CODE-${g.serial}`), pinKey: pinLookupKey(EVENT, g.pin ?? String(100000 + g.serial)),
  };
  if (g.name) r.sealed = sealName(g.name, qr, EVENT, g.serial, 0);
  return r;
}

function page(guests: Guest[], extra: Record<string, unknown> = {}) {
  return {
    format: 1, eventId: EVENT, full: true, reset: true, cursor: 'c1', more: false, serverTime: NOW,
    device: { id: 'd1', kind: 'door', names: false, clockOffsetMs: 0 },
    event: { name: 'Afrobeats Night', timezone: 'Africa/Lagos', doorsOpenAt: NOW - 3_600_000, startsAt: NOW, endsAt: NOW + 6 * 3_600_000 },
    policy,
    gates: [{ id: 'gate-main', name: 'Main', zone: 'GA' }, { id: 'gate-vip', name: 'VIP', zone: 'VIP' }],
    types: TYPES,
    keys: [{ kid: 7, publicKey: b64u(ed25519PublicKey(secret)), status: 'active' }],
    rotation: { secret: b64u(rotationSecret) },
    ticketCount: guests.length,
    tickets: b64u(encodeTicketBlock(guests.map(record), { eventId: EVENT, types: TYPES })),
    removed: [],
    ...extra,
  };
}

const deps: OfflineDeps = {
  verify: verifyEd25519,
  foreignKey: (kid) => (kid === 8 ? { publicKey: ed25519PublicKey(otherSecret), eventId: OTHER_EVENT } : undefined),
};

function replicaWith(guests: Guest[], extra: Record<string, unknown> = {}): EventReplica {
  const replica = EventReplica.empty(EVENT);
  replica.applyPage(parseManifest(page(guests, extra), EVENT), [], NOW);
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
  const guest1: Guest = { serial: 1, qr: qr1, code: code1, pin: '482916', name: 'Adaeze Okafor' };

  it('admits a ticket from the manifest once, opening its sealed name, then refuses it as already inside', async () => {
    const replica = replicaWith([guest1]);
    expect(replica.counts).toEqual({ inside: 0, expected: 1 });
    expect(JSON.stringify([...replica.tickets.values()])).not.toContain('Adaeze');
    const first = await scan(replica, scanAt({ qr: qr1 }));
    expect(first).toMatchObject({ verdict: 'admitted', reason: 'admitted', serial: 1, typeName: 'General Admission', holderName: 'Adaeze Okafor' });
    expect(replica.counts).toEqual({ inside: 1, expected: 1 });
    const again = await scan(replica, scanAt({ qr: qr1 }, NOW + 60_000));
    expect(again).toMatchObject({ verdict: 'refused', reason: 'already_inside', previous: { at: NOW, gateName: 'Main' } });
  });

  it('finds tickets by typed code and by PIN (without their names: those need the QR)', async () => {
    const replica = replicaWith([guest1]);
    const admitted = await scan(replica, scanAt({ code: ` ${code1.toLowerCase().replace('-', ' ')} ` }));
    expect(admitted).toMatchObject({ verdict: 'admitted', serial: 1 });
    expect(admitted?.holderName).toBeUndefined();
    expect(await scan(replica, scanAt({ pin: '482916' }, NOW + 60_000, 'gate-main', 'out'))).toMatchObject({ verdict: 'exited' });
    expect(await scan(replica, scanAt({ pin: '000000' }))).toMatchObject({ verdict: 'refused', reason: 'unknown_ticket' });
    const typo = code1.slice(0, 8) + (code1[8] === 'A' ? 'B' : 'A');
    expect(await scan(replica, scanAt({ code: typo }))).toMatchObject({ verdict: 'refused', reason: 'malformed' });
  });

  it('refuses a superseded token that the held digest does not match', async () => {
    // The manifest holds the digest of the ticket's current (re-issued) token; this QR is the old one.
    const reissued = signTicketToken({ kid: 7, serial: 1, typeNo: 1, validFrom: 1, validUntil: 0 }, secret);
    const replica = replicaWith([{ ...guest1, qr: reissued }]);
    expect(await scan(replica, scanAt({ qr: qr1 }))).toMatchObject({ verdict: 'refused', reason: 'bad_signature' });
    expect(replica.counts.inside).toBe(0);
  });

  it('admits a ticket issued after the last sync by its signature, with its type’s zones', async () => {
    const replica = replicaWith([guest1]);
    const vip = appendRotatingCode(token(42, 2), deriveRotationKey(rotationSecret, 42), NOW);
    expect(await scan(replica, scanAt({ qr: vip }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'admitted', serial: 42, typeName: 'VIP' });
    expect(await scan(replica, scanAt({ qr: token(43, 1) }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'wrong_zone' });
    const forged = token(44, 2, new Uint8Array(32).fill(1));
    expect(await scan(replica, scanAt({ qr: forged }))).toMatchObject({ verdict: 'refused', reason: 'bad_signature' });
  });

  it('names another event’s ticket wrong_event, a revoked key revoked_key, garbage malformed', async () => {
    const replica = replicaWith([guest1]);
    expect(await scan(replica, scanAt({ qr: token(1, 1, otherSecret, 8) }))).toMatchObject({ verdict: 'refused', reason: 'wrong_event' });
    expect(await scan(replica, scanAt({ qr: 'https://example.com/' }))).toMatchObject({ verdict: 'refused', reason: 'malformed' });
    const revoked = replicaWith([guest1], { keys: [{ kid: 7, publicKey: b64u(ed25519PublicKey(secret)), status: 'revoked' }] });
    expect(await scan(revoked, scanAt({ qr: qr1 }))).toMatchObject({ verdict: 'refused', reason: 'revoked_key' });
  });

  it('checks the rotating code: a screenshot and a static code of a rotating-only type are refused', async () => {
    const staticQr = token(1, 2);
    const replica = replicaWith([{ serial: 1, typeNo: 2, qr: staticQr }]);
    const live = appendRotatingCode(staticQr, deriveRotationKey(rotationSecret, 1), NOW);
    const screenshot = appendRotatingCode(staticQr, deriveRotationKey(rotationSecret, 1), NOW - 5 * 60_000);
    expect(await scan(replica, scanAt({ qr: screenshot }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'code_expired', serial: 1 });
    expect(await scan(replica, scanAt({ qr: staticQr }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'refused', reason: 'code_expired' });
    expect(await scan(replica, scanAt({ qr: live }, NOW, 'gate-vip'))).toMatchObject({ verdict: 'admitted' });
  });

  it('keeps a local admission when a delta brings older server state before the upload', async () => {
    const replica = replicaWith([guest1]);
    await scan(replica, scanAt({ qr: qr1 }));
    // The server has not seen the scan yet: its delta still says "outside".
    const delta = parseManifest(page([guest1], { full: false, reset: false, cursor: 'c2' }), EVENT);
    replica.applyPage(delta, [{ serial: 1, gateId: 'gate-main', direction: 'in', at: NOW }], NOW + 10_000);
    expect(replica.tickets.get(1)?.state).toMatchObject({ presence: 'inside', entryCount: 1 });
    expect(await scan(replica, scanAt({ qr: qr1 }, NOW + 60_000))).toMatchObject({ reason: 'already_inside' });
    // Once uploaded, the server's state is taken as it is.
    replica.applyPage(parseManifest(page([{ ...guest1, status: 'cancelled' }], { full: false, reset: false, cursor: 'c3' }), EVENT), [], NOW + 20_000);
    expect(replica.counts).toEqual({ inside: 0, expected: 0 });
    expect(await scan(replica, scanAt({ qr: qr1 }, NOW + 120_000))).toMatchObject({ reason: 'cancelled' });
    expect(replica.meta.cursor).toBe('c3');
  });

  it('measures the clock offset and replaces everything on a snapshot reset', () => {
    const replica = replicaWith([guest1, { serial: 2, pin: '111111' }]);
    expect(replica.serialByPin(pinLookupKey(EVENT, '111111'))).toBe(2);
    replica.applyPage(parseManifest(page([guest1], { cursor: 'c9', serverTime: NOW + 600_000 }), EVENT), [], NOW);
    expect(replica.tickets.size).toBe(1);
    expect(replica.meta.clockOffsetMs).toBe(600_000);
    expect(replica.serialByPin(pinLookupKey(EVENT, '111111'))).toBeUndefined();
  });

  it('finds no offline match for a PIN two tickets share (asks for the QR instead)', async () => {
    const replica = replicaWith([{ serial: 1, pin: '222222' }, { serial: 2, pin: '222222' }]);
    expect(await scan(replica, scanAt({ pin: '222222' }))).toMatchObject({ verdict: 'refused', reason: 'unknown_ticket' });
  });

  it('searches the clear names a manager allowed, by every word, ignoring case and accents', () => {
    const replica = replicaWith([guest1, { serial: 2 }], { names: [[1, 'Adaeze Okafor'], [2, 'Fatou Traoré']] });
    expect(replica.searchNames('traore').map((t) => t.state.serial)).toEqual([2]);
    expect(replica.searchNames('okafor adaeze').map((t) => t.state.serial)).toEqual([1]);
    expect(replica.searchNames('   ')).toEqual([]);
  });

  it('rejects a manifest that cannot be trusted as a whole', () => {
    expect(() => parseManifest(page([]), OTHER_EVENT)).toThrow(/another event/);
    expect(() => parseManifest(page([], { policy: { ...policy, maxEntries: -1 } }), EVENT)).toThrow(/policy/);
    expect(() => parseManifest(page([guest1], { tickets: 'AQ' }), EVENT)).toThrow(/ticket block|manifest/);
    expect(() => parseManifest(page([], { format: 2 }), EVENT)).toThrow(/format/);
  });
});

// The door phone's offline verdicts: authenticated by held digest or signature, decided by core
// decide() on the replica, and kept right when a manifest delta arrives before the upload. The
// manifests here are built with core's encoder, as the server builds them (sync-protocol §2; see replica-fixture.ts).
import { describe, expect, it } from 'vitest';
import { appendRotatingCode, deriveRotationKey, ed25519PublicKey, makeHumanCode, pinLookupKey, signTicketToken } from '../../../core/index.ts';
import type { OfflineInput, ScanInput } from '../../shared/scan-input.ts';
import { parseManifest } from './manifest-format.ts';
import { commitLocal, decideOffline, type OfflineScan } from './offline-verdict.ts';
import type { EventReplica } from './replica.ts';
import {
  b64u, deps, EVENT, NOW, OTHER_EVENT, otherSecret, page, policy, replicaWith, rotationSecret, scanAt, secret, token, type Guest,
} from './replica-fixture.ts';
import type { QueuedScan } from './scanner-db.ts';
import { queuedScanOf, routeScan } from './upload-queue.ts';

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

  it('answers its own double read as duplicate_scan; another phone’s fresh admission (from the manifest) is already_inside', async () => {
    const replica = replicaWith([guest1]);
    const mine = (at: number) => ({ ...scanAt({ qr: qr1 }, at), deviceId: 'this-phone' });
    expect(await scan(replica, mine(NOW))).toMatchObject({ verdict: 'admitted', reason: 'admitted' });
    expect(await scan(replica, mine(NOW + 2000))).toMatchObject({ verdict: 'admitted', reason: 'duplicate_scan', previous: { at: NOW } });
    expect(replica.counts).toEqual({ inside: 1, expected: 1 });

    const other = replicaWith([guest1]);
    expect(await scan(other, { ...scanAt({ qr: qr1 }, NOW), deviceId: 'phone-at-lane-2' })).toMatchObject({ verdict: 'admitted' });
    expect(await scan(other, mine(NOW + 1000))).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
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

  it('reads a sync format 1 manifest (zone chain) with the verdicts of the tree it means', async () => {
    const { zoneParents: _tree, ...event } = policy.event;
    const legacy = parseManifest(page([guest1], { format: 1, policy: { ...policy, event: { ...event, zoneOrder: ['BACKSTAGE', 'VIP', 'GA'] } } }), EVENT);
    expect(legacy.policy).toEqual(policy);
    expect(() => parseManifest(page([guest1], { format: 6 }), EVENT)).toThrow(/unknown format 6/);
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
    // Neither in the manifest nor validly signed: no such ticket (what the server says too).
    const forged = token(44, 2, new Uint8Array(32).fill(1));
    expect(await scan(replica, scanAt({ qr: forged }))).toMatchObject({ verdict: 'refused', reason: 'unknown_ticket' });
    // In the manifest, other bytes: a forged or superseded token.
    const tampered = token(1, 1, new Uint8Array(32).fill(1));
    expect(await scan(replica, scanAt({ qr: tampered }))).toMatchObject({ verdict: 'refused', reason: 'bad_signature' });
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
    expect(() => parseManifest(page([], { format: 6 }), EVENT)).toThrow(/format/);
  });
});

// The network is back, the upload has not run yet: a ticket this phone admitted offline is still
// news to the server. Re-presented now, the server would admit it a second time; the phone must
// decide it on its replica and queue the scan behind the first (upload-queue.ts, scan.service.ts).
describe('a ticket whose offline scan still waits in the upload queue', () => {
  const qr1 = token(1);
  const code1 = makeHumanCode(new Uint8Array(64).fill(77));
  const guest1: Guest = { serial: 1, qr: qr1, code: code1, pin: '482916' };
  const qr2 = token(2);

  /** What scan.service does with no network: decide on the replica, commit, queue. */
  async function offlineScan(replica: EventReplica, queue: QueuedScan[], input: OfflineInput, at: number, direction: 'in' | 'out' = 'in') {
    const local = (await decideOffline(replica, scanAt(input, at, 'gate-main', direction), deps))!;
    commitLocal(replica, local);
    queue.push(queuedScanOf(EVENT, { scanId: `scan-${queue.length + 1}`, gateId: 'gate-main', direction, scannedAt: at }, input, local, at));
    return local;
  }

  /** What the door does with the network back: ask the server, or decide here and queue. */
  async function present(replica: EventReplica, queue: QueuedScan[], input: ScanInput, at: number) {
    const local = 'serial' in input ? null : await decideOffline(replica, scanAt(input, at), deps);
    const route = routeScan(EVENT, input, local, queue);
    if (route !== 'phone') return { route };
    const shown = await offlineScan(replica, queue, input as OfflineInput, at);
    return { route, verdict: shown.verdict, reason: shown.reason };
  }

  it('is refused by the phone as already inside — by QR, typed code or PIN — and the scan queued behind the first', async () => {
    for (const first of [{ qr: qr1 }, { code: code1 }, { pin: '482916' }] as OfflineInput[]) {
      const replica = replicaWith([guest1, { serial: 2, qr: qr2 }]);
      const queue: QueuedScan[] = [];
      expect(await offlineScan(replica, queue, first, NOW)).toMatchObject({ verdict: 'admitted' });
      for (const [i, again] of ([{ qr: qr1 }, { code: code1.toLowerCase() }, { pin: '482916' }] as OfflineInput[]).entries()) {
        expect(await present(replica, queue, again, NOW + (i + 1) * 60_000), JSON.stringify({ first, again }))
          .toEqual({ route: 'phone', verdict: 'refused', reason: 'already_inside' });
      }
      expect(queue.map((q) => [q.serial, q.body.verdict])).toEqual([[1, 'admitted'], [1, 'refused'], [1, 'refused'], [1, 'refused']]);
    }
  });

  it('follows the queued exit too: back in after an offline exit, the phone admits the re-entry itself', async () => {
    const replica = replicaWith([guest1]);
    const queue: QueuedScan[] = [];
    await offlineScan(replica, queue, { qr: qr1 }, NOW);
    expect(await offlineScan(replica, queue, { pin: '482916' }, NOW + 60_000, 'out')).toMatchObject({ verdict: 'exited' });
    expect(await present(replica, queue, { code: code1 }, NOW + 120_000)).toEqual({ route: 'phone', verdict: 'admitted', reason: 'admitted' });
    expect(await present(replica, queue, { qr: qr1 }, NOW + 180_000)).toEqual({ route: 'phone', verdict: 'refused', reason: 'already_inside' });
  });

  it('leaves other tickets, other events’ tickets and uploaded tickets to the server', async () => {
    const replica = replicaWith([guest1, { serial: 2, qr: qr2 }]);
    const queue: QueuedScan[] = [];
    await offlineScan(replica, queue, { qr: qr1 }, NOW);
    expect(await present(replica, queue, { qr: qr2 }, NOW + 1000)).toEqual({ route: 'online' });
    // The same serial queued at another event is another ticket.
    const otherEvents = queue.map((q) => ({ ...q, eventId: OTHER_EVENT }));
    expect(await present(replica, otherEvents, { qr: qr1 }, NOW + 2000)).toEqual({ route: 'online' });
    // Once the server has answered for the queued scan, the ticket is judged online again.
    queue.length = 0;
    expect(await present(replica, queue, { qr: qr1 }, NOW + 3000)).toEqual({ route: 'online' });
    expect(queue).toEqual([]);
  });

  it('does not hold back a code the phone could not tie to a ticket (its refusal changed nothing)', async () => {
    const replica = replicaWith([guest1]);
    const queue: QueuedScan[] = [];
    const unknown = makeHumanCode(new Uint8Array(64).fill(12));
    expect(await offlineScan(replica, queue, { code: unknown }, NOW)).toMatchObject({ reason: 'unknown_ticket' });
    expect(await present(replica, queue, { code: unknown }, NOW + 1000)).toEqual({ route: 'online' });
  });

  it('makes a ticket picked by name wait for the upload instead of going online blind', async () => {
    const replica = replicaWith([guest1, { serial: 2, qr: qr2 }]);
    const queue: QueuedScan[] = [];
    await offlineScan(replica, queue, { code: code1 }, NOW);
    expect(await present(replica, queue, { serial: 1 }, NOW + 1000)).toEqual({ route: 'upload-first' });
    expect(await present(replica, queue, { serial: 2 }, NOW + 1000)).toEqual({ route: 'online' });
  });
});

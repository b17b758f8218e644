// A whole order checked in by name with no network, on a phone a manager allowed the names: the
// manifest's order groups (sync format 3) bring a matched guest's order along, each ticket is
// decided by core decide() on the replica and queued by serial for the server to replay.
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest-format.ts';
import { commitLocal, decideOffline } from './offline-verdict.ts';
import { orderKeyOf, type EventReplica } from './replica.ts';
import { deps, EVENT, NOW, replicaWith, scanAt, type Guest } from './replica-fixture.ts';
import type { QueuedScan } from './scanner-db.ts';
import { queuedScanOf, routeScan } from './upload-queue.ts';

const guests: Guest[] = [
  { serial: 3, name: 'Chidinma Nwachukwu' }, { serial: 4, name: 'Kofi Mensah' }, { serial: 5, name: 'Fatou Diop' },
  { serial: 6, name: 'Amara Nwachukwu' }, { serial: 7, name: 'Tunde Bello' },
];
// As the server sends them: the order's first ticket and a ticket alone carry no group.
const names = [[3, 'Chidinma Nwachukwu'], [4, 'Kofi Mensah', 3], [5, 'Fatou Diop', 3], [6, 'Amara Nwachukwu'], [7, 'Tunde Bello']];
const withNames = () => replicaWith(guests, { format: 3, names, device: { id: 'd1', kind: 'door', names: true, clockOffsetMs: 0 } });

async function checkIn(replica: EventReplica, serial: number, at: number, queue: QueuedScan[]) {
  const local = await decideOffline(replica, { ...scanAt({ serial }, at), deviceId: 'this-phone' }, deps);
  if (!local) return null;
  commitLocal(replica, local);
  queue.push(queuedScanOf(EVENT, { scanId: `scan-${queue.length + 1}`, gateId: 'gate-main', direction: 'in', scannedAt: at }, { serial }, local, at));
  return local;
}

describe('an order checked in offline by name', () => {
  it('reads the order groups of format 3 and finds a matched guest’s whole order', () => {
    const replica = withNames();
    expect([3, 4, 5, 6, 7].map((s) => orderKeyOf(replica.tickets.get(s)!))).toEqual([3, 3, 3, 6, 7]);
    const matched = replica.searchNames('kofi');
    expect(matched.map((m) => m.state.serial)).toEqual([4]);
    expect(replica.orderMates(matched).map((m) => m.state.serial)).toEqual([3, 5]);
    // A shared surname is not an order: Amara's ticket stands alone.
    const both = replica.searchNames('nwachukwu');
    expect(replica.orderMates(both).map((m) => m.state.serial)).toEqual([4, 5]);
    // Format 2 (an older server) carries no groups: every ticket is its own order.
    const old = replicaWith(guests, { names: names.map((n) => n.slice(0, 2)) });
    expect(old.orderMates(old.searchNames('kofi'))).toEqual([]);
    expect(() => parseManifest({ format: 3, eventId: EVENT, cursor: 'c', names: [[4, 'Kofi', 'x']] }, EVENT)).not.toThrow();
  });

  it('decides each picked ticket like a scan, queues it by serial, and refuses a repeat', async () => {
    const replica = withNames();
    const queue: QueuedScan[] = [];
    for (const [i, serial] of [3, 4, 5].entries()) {
      expect(await checkIn(replica, serial, NOW + i, queue)).toMatchObject({ verdict: 'admitted', reason: 'admitted', serial });
    }
    expect(replica.counts.inside).toBe(3);
    expect(queue.map((q) => [q.serial, q.body])).toEqual([3, 4, 5].map((serial, i) => [serial, {
      scanId: `scan-${i + 1}`, gateId: 'gate-main', direction: 'in', scannedAt: NOW + i, serial, verdict: 'admitted', reason: 'admitted',
    }]));
    // Picked again a minute later, by name or by QR: already inside, decided here (queued behind the first).
    expect(routeScan(EVENT, { serial: 4 }, await decideOffline(replica, scanAt({ serial: 4 }, NOW + 60_000), deps), queue)).toBe('phone');
    expect(await checkIn(replica, 4, NOW + 60_000, queue)).toMatchObject({ verdict: 'refused', reason: 'already_inside' });
  });

  it('keeps the manifest position it last applied, to report where its copy stands', () => {
    const replica = replicaWith(guests, { position: 48213 });
    expect(replica.meta.position).toBe(48213);
    // An older server sends none; a later page without one keeps what was known.
    replica.applyPage(parseManifest({ format: 2, eventId: EVENT, cursor: 'c2' }, EVENT), [], NOW);
    expect(replica.meta.position).toBe(48213);
    expect(replicaWith(guests, { position: -1 }).meta.position).toBeUndefined();
  });

  it('does not decide a picked ticket on a phone without the names (that one goes online)', async () => {
    const replica = replicaWith(guests);
    expect(await decideOffline(replica, scanAt({ serial: 3 }), deps)).toBeNull();
    const queue: QueuedScan[] = [];
    await checkIn(withNames(), 3, NOW, queue);
    expect(routeScan(EVENT, { serial: 3 }, null, queue)).toBe('upload-first');
  });
});

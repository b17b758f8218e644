// The door as staff see it when the network comes back while this phone still holds offline scans
// in its upload queue: submitScan over an in-memory stand-in for IndexedDB and a stand-in server
// that knows only what reached it (online scans, and uploaded ones).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeHumanCode } from '../../../core/index.ts';
import { NetworkError, type BatchScan, type ScanInput } from '../../shared/api-client.ts';
import { EVENT, NOW, replicaWith, token } from '../offline/replica-fixture.ts';
import type { QueuedScan } from '../offline/scanner-db.ts';
import { history, notice, online, selection, session, verdict, type Session } from '../state.ts';
import { groupCheckIn } from './door-actions.service.ts';
import { submitScan } from './scan.service.ts';
import { closeReplica, openReplica } from './sync.service.ts';

const qr1 = token(1);
const code1 = makeHumanCode(new Uint8Array(64).fill(77));
const qr2 = token(2);

const phone = vi.hoisted(() => ({ queue: [] as QueuedScan[], replica: undefined as unknown }));
const server = vi.hoisted(() => ({
  inside: new Set<number>(),
  /** Which ticket a scan names, as the server resolves QR, code or PIN. */
  serialOf: (_body: object): number => 0,
  uploads: 'fail' as 'fail' | 'accept',
  conflicts: 0,
}));

vi.mock('../i18n.ts', () => ({ t: (key: string) => key }));
vi.mock('../offline/scanner-db.ts', () => ({
  queueScan: async (_db: unknown, scan: QueuedScan) => { phone.queue.push(scan); },
  queuedScans: async (_db: unknown, eventId?: string) => phone.queue.filter((q) => eventId === undefined || q.eventId === eventId),
  queueSize: async () => phone.queue.length,
  removeQueued: async (_db: unknown, ids: string[]) => { phone.queue = phone.queue.filter((q) => !ids.includes(q.scanId)); },
  putHistory: async () => undefined,
  getHistory: async () => undefined,
  saveReplica: async () => undefined,
  loadReplica: async () => phone.replica,
}));
vi.mock('./runtime.ts', () => ({
  db: () => ({ getAll: async () => [] }),
  api: {
    async scan(_eventId: string, body: object) {
      const serial = server.serialOf(body);
      if (server.inside.has(serial)) return { verdict: 'refused', reason: 'already_inside' };
      server.inside.add(serial);
      return { verdict: 'admitted', reason: 'admitted' };
    },
    async uploadScans(_eventId: string, scans: BatchScan[]) {
      if (server.uploads === 'fail') throw new NetworkError('offline');
      return {
        results: scans.map((s) => {
          const serial = server.serialOf(s);
          let status = 'accepted';
          if (s.verdict === 'admitted') {
            if (server.inside.has(serial)) { status = 'conflict'; server.conflicts++; }
            server.inside.add(serial);
          }
          return { scanId: s.scanId, status, verdict: s.verdict, reason: s.reason };
        }),
      };
    },
    async scanGroup(_eventId: string, body: { items: ({ scanId: string; serial: number })[] }) {
      return {
        results: body.items.map((item) => {
          const admitted = !server.inside.has(item.serial);
          server.inside.add(item.serial);
          return { scanId: item.scanId, verdict: admitted ? 'admitted' : 'refused', reason: admitted ? 'admitted' : 'already_inside' };
        }),
      };
    },
    async manifest() { throw new NetworkError('offline'); },
  },
}));

server.serialOf = (body) => {
  const b = body as Partial<Record<'qr' | 'code' | 'pin', string>> & { serial?: number };
  if (b.serial !== undefined) return b.serial;
  if (b.qr === qr1 || b.code === code1 || b.pin === '482916') return 1;
  if (b.qr === qr2) return 2;
  return -1;
};

/** Presents a ticket a minute after the last one (past the double-read window) and returns what the door shows. */
async function present(input: ScanInput) {
  vi.setSystemTime(Date.now() + 60_000);
  verdict.value = null;
  await submitScan(input);
  const v = verdict.value as { verdict: string; reason: string; offline: boolean } | null;
  return v ? { verdict: v.verdict, reason: v.reason, offline: v.offline } : { notice: notice.value?.text };
}

afterEach(() => { vi.useRealTimers(); });

describe('a door phone with offline scans still waiting to upload', () => {
  beforeEach(async () => {
    // The event's evening; and the timers this file does not wait for (the sync a moment after an
    // offline scan, notices clearing) frozen, so no background upload changes the queue meanwhile.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    phone.queue = [];
    phone.replica = replicaWith([{ serial: 1, qr: qr1, code: code1, pin: '482916' }, { serial: 2, qr: qr2 }]);
    server.inside.clear();
    server.uploads = 'fail';
    server.conflicts = 0;
    history.value = [];
    notice.value = null;
    selection.value = { eventId: EVENT, gateId: 'gate-main', direction: 'in' };
    session.value = { tokens: { accessToken: 'a', refreshToken: 'r', expiresIn: 900 }, tokensAt: null } as Session;
    closeReplica();
    await openReplica(EVENT);
    // No network: the guest is admitted by the phone and the scan queued.
    online.value = false;
    expect(await present({ qr: qr1 })).toEqual({ verdict: 'admitted', reason: 'admitted', offline: true });
    expect(phone.queue).toHaveLength(1);
    online.value = true; // the network is back; the upload has not run yet
  });

  it('refuses the same ticket shown again — as QR, typed code or PIN — instead of the server admitting it twice', async () => {
    expect(await present({ qr: qr1 })).toEqual({ verdict: 'refused', reason: 'already_inside', offline: true });
    expect(await present({ code: code1 })).toEqual({ verdict: 'refused', reason: 'already_inside', offline: true });
    expect(await present({ pin: '482916' })).toEqual({ verdict: 'refused', reason: 'already_inside', offline: true });
    // Queued behind the first, pending like any offline verdict.
    expect(phone.queue.map((q) => [q.serial, q.body.verdict])).toEqual([[1, 'admitted'], [1, 'refused'], [1, 'refused'], [1, 'refused']]);
    expect(history.value.slice(0, 3).map((h) => [h.mode, h.sync])).toEqual(Array(3).fill(['offline', 'pending']));
    expect(new Set(phone.queue.map((q) => q.scanId)).size).toBe(4);
  });

  it('keeps checking other tickets online', async () => {
    expect(await present({ qr: qr2 })).toEqual({ verdict: 'admitted', reason: 'admitted', offline: false });
    expect(phone.queue).toHaveLength(1);
  });

  it('checks the ticket online again once the upload went through — and the first entry is no conflict', async () => {
    server.uploads = 'accept';
    expect(await present({ serial: 1 })).toEqual({ verdict: 'refused', reason: 'already_inside', offline: false });
    expect(phone.queue).toEqual([]);
    expect(await present({ qr: qr1 })).toEqual({ verdict: 'refused', reason: 'already_inside', offline: false });
    expect(server.conflicts).toBe(0);
  });

  it('does not send a ticket picked by name to the server while its scan cannot be uploaded', async () => {
    expect(await present({ serial: 1 })).toEqual({ notice: 'scan.awaitsUpload' });
    expect(server.inside.has(1)).toBe(false);
    expect(phone.queue).toHaveLength(1);
  });

  it('checks in a group picked by name only once the queued scan of one of them is uploaded', async () => {
    const picked = [1, 2].map((serial) => ({ serial, holderName: `Guest ${serial}`, type: null, status: 'valid', presence: 'outside' }));
    expect(await groupCheckIn(picked as Parameters<typeof groupCheckIn>[0])).toEqual({ admitted: 0, refused: 0 });
    expect(notice.value?.text).toBe('search.groupAwaitsUpload');
    expect(server.inside.has(2)).toBe(false);
    server.uploads = 'accept';
    expect(await groupCheckIn(picked as Parameters<typeof groupCheckIn>[0])).toEqual({ admitted: 1, refused: 1 });
    expect(server.conflicts).toBe(0);
  });
});

// The phone's session judge: the room's count from the manifest plus this phone's own scans, the
// ticket's standing from its own scans, the same core rule as the server's replay.
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest-format.ts';
import { deps, EVENT, NOW, replicaWith, token } from './replica-fixture.ts';
import { commitSessionLocal, decideSessionOffline, sessionInside } from './session-verdict.ts';

const SESSION = '0190c0de-0000-7000-8000-0000000000aa';
const VIP_ONLY = '0190c0de-0000-7000-8000-0000000000bb';
const sessions = (insideNow: number) => [
  { id: SESSION, name: 'Keynote', zone: 'GA', startsAt: NOW - 600_000, endsAt: NOW + 3_600_000, capacity: 2, admitsTypeNos: null, insideNow },
  { id: VIP_ONLY, name: 'VIP briefing', zone: 'GA', startsAt: NOW - 600_000, endsAt: NOW + 3_600_000, capacity: null, admitsTypeNos: [2], insideNow: 0 },
];

describe('session verdicts on the phone', () => {
  it('reads format 5 sessions and judges the room: zone, head count, re-entry', async () => {
    const replica = replicaWith([{ serial: 1 }, { serial: 2 }], { format: 5, sessions: sessions(1) });
    const scan = (serial: number, direction: 'in' | 'out' = 'in', at = NOW, sessionId = SESSION) =>
      decideSessionOffline(replica, { input: { qr: token(serial) }, sessionId, direction, at, deviceId: 'd1' }, deps);

    // A session listing its admitted types admits only those.
    expect(await scan(1, 'in', NOW, VIP_ONLY)).toMatchObject({ verdict: 'refused', reason: 'session_not_admitted' });
    const first = (await scan(1))!;
    expect(first).toMatchObject({ verdict: 'admitted', reason: 'admitted', inside: 2, serial: 1 });
    commitSessionLocal(replica, SESSION, first);
    expect(sessionInside(replica, SESSION)).toBe(2);
    // One seat was taken elsewhere before the sync, one by this phone: the room of two is full.
    expect(await scan(2)).toMatchObject({ verdict: 'refused', reason: 'session_full', inside: 2 });
    const out = (await scan(1, 'out', NOW + 60_000))!;
    expect(out).toMatchObject({ verdict: 'exited' });
    commitSessionLocal(replica, SESSION, out);
    expect(await scan(2, 'in', NOW + 120_000)).toMatchObject({ verdict: 'admitted' });
  });

  it('starts the count again from the next sync and cannot judge a session it does not hold', async () => {
    const replica = replicaWith([{ serial: 1 }], { format: 5, sessions: sessions(0) });
    const first = (await decideSessionOffline(replica, { input: { qr: token(1) }, sessionId: SESSION, direction: 'in', at: NOW }, deps))!;
    commitSessionLocal(replica, SESSION, first);
    expect(sessionInside(replica, SESSION)).toBe(1);
    replica.applyPage(parseManifest({ format: 5, eventId: EVENT, cursor: 'c2', sessions: sessions(1) }, EVENT), [], NOW);
    expect(sessionInside(replica, SESSION)).toBe(1);
    expect(await decideSessionOffline(replica, { input: { qr: token(1) }, sessionId: 'nope', direction: 'in', at: NOW }, deps)).toBeNull();
  });
});

// Live dashboards for the dashboard benchmark (bench/scan.bench.ts --dashboards N): N streams of
// GET /api/v1/events/{id}/dashboard/stream read as the console reads them, and probe scans whose
// answer times say how long a scan takes to show. A snapshot shows every scan answered before its
// asOf (the figures are read after it is stamped), so a probe answered at S is seen by a dashboard
// when the first snapshot with asOf ≥ S arrives there.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';

interface Arrival { asOf: number; at: number }

export interface DashboardWatch {
  /** Snapshots every dashboard received. */
  snapshots(): number;
  stop(): Promise<{ dashboards: number; snapshots: number; bytes: number; probes: number; seenMs: { p50: number; p95: number; max: number } | null; notSeen: number }>;
}

export async function watchDashboards(
  origin: string, eventId: string, tokens: string[], probe: { qrs: string[]; gateId: string; token: string; ip: string; everyMs: number },
): Promise<DashboardWatch> {
  const abort = new AbortController();
  const arrivals: Arrival[][] = tokens.map(() => []);
  let bytes = 0;
  const readers = tokens.map((token, i) => readStream(`${origin}/api/v1/events/${eventId}/dashboard/stream`, token, abort.signal, (n) => { bytes += n; },
    (asOf) => arrivals[i]!.push({ asOf, at: Date.now() })));
  // Every dashboard has its first snapshot before probes start.
  const deadline = Date.now() + 30_000;
  while (arrivals.some((a) => a.length === 0)) {
    if (Date.now() > deadline) throw new Error('dashboards did not all get their first snapshot within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }

  const answered: number[] = [];
  let next = 0;
  const timer = setInterval(() => {
    const qr = probe.qrs[next++ % probe.qrs.length]!;
    fetch(`${origin}/api/v1/events/${eventId}/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${probe.token}`, 'content-type': 'application/json', 'x-forwarded-for': probe.ip },
      body: JSON.stringify({ scanId: randomUUID(), qr, gateId: probe.gateId, direction: 'in' }),
    }).then((r) => { if (r.ok) answered.push(Date.now()); }, () => undefined);
  }, probe.everyMs);

  return {
    snapshots: () => arrivals.reduce((n, a) => n + a.length, 0),
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 2_000)); // the last probes' snapshots
      abort.abort();
      await Promise.allSettled(readers);
      const seen: number[] = [];
      let notSeen = 0;
      for (const s of answered) {
        for (const list of arrivals) {
          const first = list.find((a) => a.asOf >= s);
          if (first) seen.push(first.at - s); else notSeen++;
        }
      }
      seen.sort((a, b) => a - b);
      const q = (p: number) => seen[Math.min(seen.length - 1, Math.floor(p * seen.length))]!;
      return {
        dashboards: tokens.length, snapshots: arrivals.reduce((n, a) => n + a.length, 0), bytes, probes: answered.length,
        seenMs: seen.length ? { p50: q(0.5), p95: q(0.95), max: seen.at(-1)! } : null, notSeen,
      };
    },
  };
}

const SNAPSHOT = Buffer.from('event: snapshot');
const PATCH = Buffer.from('event: patch');
const AS_OF = Buffer.from('"asOf":"');
/** A message's first bytes kept: its event line and the snapshot's asOf come first (the data's 7th field). */
const HEAD_BYTES = 512;

/**
 * One stream read as bytes: the dashboards' reader shares the two cores with the server, so it
 * must not decode and copy some 30 KB of text a hundred times a second (fetch with a TextDecoder
 * cost about 90 ms of CPU a second). A message ends at a blank line; its time of arrival is when
 * its last byte came. Resolves when the stream ends or is aborted.
 */
function readStream(url: string, token: string, signal: AbortSignal, onBytes: (n: number) => void, onSnapshot: (asOf: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` }, signal }, (res) => {
      if (res.statusCode !== 200) { res.resume(); reject(new Error(`dashboard stream: HTTP ${res.statusCode}`)); return; }
      let head = Buffer.alloc(0);
      let endedWithNewline = false;
      const finish = () => {
        // A snapshot or a patch (the fields that changed; asOf always, among the first).
        if (head.includes(SNAPSHOT) || head.includes(PATCH)) {
          const at = head.indexOf(AS_OF);
          if (at >= 0) onSnapshot(Date.parse(head.toString('latin1', at + AS_OF.length, at + AS_OF.length + 24)));
        }
        head = Buffer.alloc(0);
      };
      const keep = (part: Buffer) => { if (head.length < HEAD_BYTES) head = Buffer.concat([head, part.subarray(0, HEAD_BYTES - head.length)]); };
      res.on('data', (chunk: Buffer) => {
        onBytes(chunk.length);
        let pos = 0;
        if (endedWithNewline && chunk[0] === 10) { finish(); pos = 1; }
        for (let cut = chunk.indexOf('\n\n', pos); cut >= 0; cut = chunk.indexOf('\n\n', pos)) {
          keep(chunk.subarray(pos, cut));
          finish();
          pos = cut + 2;
        }
        // A trailing newline not yet part of a blank line may be the first half of one.
        endedWithNewline = pos < chunk.length && chunk[chunk.length - 1] === 10;
        if (pos < chunk.length) keep(chunk.subarray(pos));
      });
      res.on('end', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
    req.end();
  });
}

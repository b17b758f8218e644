// Live dashboards for the dashboard benchmark (bench/scan.bench.ts --dashboards N): N streams of
// GET /api/v1/events/{id}/dashboard/stream read as the console reads them, and probe scans whose
// answer times say how long a scan takes to show. A snapshot shows every scan answered before its
// asOf (the figures are read after it is stamped), so a probe answered at S is seen by a dashboard
// when the first snapshot with asOf ≥ S arrives there.
import { randomUUID } from 'node:crypto';

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
  const readers = tokens.map(async (token, i) => {
    const res = await fetch(`${origin}/api/v1/events/${eventId}/dashboard/stream`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`dashboard stream ${i}: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        buffer += decoder.decode(chunk, { stream: true });
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!block.includes('event: snapshot')) continue;
          // Only asOf is needed: read it without parsing 20 KB of JSON a hundred times a second.
          const asOf = /"asOf":"([^"]+)"/.exec(block)?.[1];
          if (asOf) arrivals[i]!.push({ asOf: Date.parse(asOf), at: Date.now() });
        }
      }
    } catch { /* aborted at stop() */ }
  });
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

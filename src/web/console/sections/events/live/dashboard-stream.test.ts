import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../shared/api-client.ts';
import { backoffDelay, DashboardStream, PLANNED_END_AFTER_MS, SILENCE_MS, type LiveState } from './dashboard-stream.ts';

/** A fake server: each open() gets a stream the test writes to, ends or breaks. */
function fakeServer() {
  const opens: { lastEventId: string | null; write(text: string): void; end(): void; fail(): void; signal: AbortSignal }[] = [];
  const refuse: unknown[] = [];
  const open = vi.fn(async (lastEventId: string | null, signal: AbortSignal) => {
    const next = refuse.shift();
    if (next) throw next;
    let c!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start(ctrl) { c = ctrl; } });
    signal.addEventListener('abort', () => { try { c.error(new Error('aborted')); } catch { /* closed */ } });
    opens.push({
      lastEventId, signal,
      write: (text) => c.enqueue(new TextEncoder().encode(text)),
      end: () => c.close(),
      fail: () => c.error(new Error('network')),
    });
    return new Response(body, { status: 200 });
  });
  return { opens, refuse, open };
}

const snapshot = (id: string, insideNow: number, asOf = new Date().toISOString()) =>
  `id: ${id}\nevent: snapshot\ndata: ${JSON.stringify({ insideNow, asOf })}\n\n`;
const ping = (fresh: boolean) => `event: ping\ndata: ${JSON.stringify({ at: new Date().toISOString(), fresh })}\n\n`;

describe('DashboardStream', () => {
  let server: ReturnType<typeof fakeServer>;
  let states: LiveState[];
  let stream: DashboardStream;
  const last = () => states.at(-1)!;
  const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    vi.useFakeTimers();
    server = fakeServer();
    states = [];
    stream = new DashboardStream({ open: server.open, freshen: vi.fn(async () => undefined) }, (s) => states.push(s));
  });
  afterEach(() => { stream.stop(); vi.useRealTimers(); });

  it('shows each snapshot as it comes and stays live through pings', async () => {
    stream.start();
    await tick();
    expect(stream.current.status).toBe('connecting');
    server.opens[0]!.write(snapshot('1.p', 0));
    await tick();
    expect(last()).toMatchObject({ status: 'live', dashboard: { insideNow: 0 } });
    server.opens[0]!.write(snapshot('2.p', 1));
    await tick(15_000);
    server.opens[0]!.write(ping(true));
    await tick(15_000);
    server.opens[0]!.write(ping(true));
    await tick(15_000);
    expect(last()).toMatchObject({ status: 'live', dashboard: { insideNow: 1 } });
    expect(server.open).toHaveBeenCalledTimes(1);
  });

  it('applies a patch to the figures it holds, keeping the fields the patch leaves out', async () => {
    stream.start();
    await tick();
    // A patch with nothing to apply it to (never sent by the server) is skipped.
    server.opens[0]!.write(`id: 0.p\nevent: patch\ndata: ${JSON.stringify({ insideNow: 9, asOf: new Date().toISOString() })}\n\n`);
    await tick();
    expect(stream.current.dashboard).toBeNull();
    server.opens[0]!.write(`id: 1.p\nevent: snapshot\ndata: ${JSON.stringify({ insideNow: 0, checkedIn: 0, name: 'Jazz Night', asOf: new Date().toISOString() })}\n\n`);
    await tick();
    const asOf = new Date(Date.now() + 1_000).toISOString();
    server.opens[0]!.write(`id: 2.p\nevent: patch\ndata: ${JSON.stringify({ insideNow: 1, checkedIn: 1, asOf })}\n\n`);
    await tick();
    expect(last()).toMatchObject({ status: 'live', confirmedAt: asOf, dashboard: { insideNow: 1, checkedIn: 1, name: 'Jazz Night', asOf } });
    // Reconnecting names the patched figures' id.
    server.opens[0]!.fail();
    await tick(backoffDelay(0));
    expect(server.opens[1]!.lastEventId).toBe('2.p');
  });

  it('calls the figures lost after 35 s of silence and reconnects with the last id, backing off', async () => {
    stream.start();
    await tick();
    server.opens[0]!.write(snapshot('7.p', 3));
    await tick(SILENCE_MS - 1);
    expect(last().status).toBe('live');
    await tick(1);
    expect(last()).toMatchObject({ status: 'lost', dashboard: { insideNow: 3 } });
    expect(server.opens[0]!.signal.aborted).toBe(true);
    server.refuse.push(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    const at = (n: number) => server.open.mock.calls.length >= n;
    await tick(backoffDelay(0));
    expect(at(2)).toBe(true); // 1 s: refused
    await tick(1_999);
    expect(at(3)).toBe(false);
    await tick(1); // 2 s: refused
    await tick(5_000); // 5 s: refused
    expect(server.open).toHaveBeenCalledTimes(4);
    await tick(10_000); // 10 s: the server answers
    expect(server.open).toHaveBeenCalledTimes(5);
    expect(server.open.mock.calls[4]![0]).toBe('7.p');
    expect(last().status).toBe('lost');
    server.opens[1]!.write(snapshot('8.p', 4));
    await tick();
    expect(last()).toMatchObject({ status: 'live', dashboard: { insideNow: 4 } });
  });

  it('treats an early end or a broken body as lost, and a ping saying fresh:false as stale', async () => {
    stream.start();
    await tick();
    server.opens[0]!.write(snapshot('1.p', 0));
    await tick();
    server.opens[0]!.write(ping(false));
    await tick();
    expect(last().status).toBe('lost');
    expect(server.open).toHaveBeenCalledTimes(1); // the line is fine: no reconnect
    server.opens[0]!.write(ping(true));
    await tick();
    expect(last().status).toBe('live');
    server.opens[0]!.fail();
    await tick();
    expect(last().status).toBe('lost');
    await tick(1_000);
    expect(server.open).toHaveBeenCalledTimes(2);
    server.opens[1]!.write(ping(true));
    await tick();
    expect(last().status).toBe('live');
    server.opens[1]!.end();
    await tick();
    expect(last().status).toBe('lost');
  });

  it('reopens at once, without a banner, after the planned 10-minute end', async () => {
    stream.start();
    await tick();
    for (let i = 0; i < PLANNED_END_AFTER_MS / 15_000; i++) { server.opens[0]!.write(ping(true)); await tick(15_000); }
    server.opens[0]!.write(snapshot('3.n', 2));
    await tick();
    server.opens[0]!.end();
    await tick();
    expect(states.some((s, i) => i > 0 && s.status === 'lost')).toBe(false);
    expect(server.open).toHaveBeenCalledTimes(2);
    expect(server.open.mock.calls[1]![0]).toBe('3.n');
  });

  it('stops for good on a refusal no retry changes, and stop() aborts the request', async () => {
    server.refuse.push(new ApiError(404, 'not_found', 'No such event.'));
    stream.start();
    await tick(60_000);
    expect(last()).toMatchObject({ status: 'failed' });
    expect(server.open).toHaveBeenCalledTimes(1);

    const other = new DashboardStream({ open: server.open, freshen: async () => undefined }, () => undefined);
    other.start();
    await tick();
    other.stop();
    expect(server.opens.at(-1)!.signal.aborted).toBe(true);
    await tick(60_000);
    expect(server.open).toHaveBeenCalledTimes(2);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What the fault tests (faults.test.ts) drive: the real server process, a Redis of their own that
 * they kill, a TCP proxy in front of PostgreSQL that they cut, and a door load at a steady rate.
 * Everything listens on 127.0.0.1 ports picked free; the shared Redis (6379) and PostgreSQL are
 * never touched.
 */

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => res(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done()` holds; throws after `ms`. */
export async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await sleep(20);
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A redis-server of the test's own, without persistence: killed and started again on one port. */
export class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() { return `redis://127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    await until(`redis-server on ${this.port}`, () => canConnect(this.port), 10_000);
  }

  /** SIGKILL: the connection drops at once, as when the host or container dies. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); res(true); });
    s.once('error', () => res(false));
  });
}

/** A TCP proxy the test controls: cut() drops every connection and refuses new ones until restore(). */
export class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((res, rej) => { server.once('error', rej); server.listen(this.port, '127.0.0.1', () => res()); });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise((r) => server.close(r)) : Promise.resolve();
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote (JSON log lines). */
  output(): string;
  exited: Promise<number | null>;
}

/** Starts src/server/main.ts as its own process and waits for "karibu ready". */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  // Logs go to a file, not a pipe: a test process too busy to read a pipe would make the server's
  // last lines wait (or drop) at exit, and the shutdown test reads them.
  const logPath = join(tmpdir(), `karibu-server-${randomUUID()}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts')], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = () => readFileSync(logPath, 'utf8');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let port = 0;
  await until('the server to start', () => {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    const m = output().match(/"address":"http:\/\/127\.0\.0\.1:(\d+)".*"msg":"karibu ready"/);
    if (m) port = Number(m[1]);
    return port > 0;
  }, 30_000).catch((err) => { child.kill('SIGKILL'); throw new Error(`${(err as Error).message}\n${output()}`); });
  return { child, port, output, exited };
}

export interface Reply { status: number; body: string; ms: number; at: number }
export type Outcome = Reply | { status: 0; error: string; ms: number; at: number };

/** Sends `req` to its end and settles with its outcome; never rejects (a transport error is status 0). */
function outcomeOf(req: http.ClientRequest, started: number, at: number): Promise<Outcome> {
  return new Promise((res) => {
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (c: string) => { body += c; });
      response.on('end', () => res({ status: response.statusCode ?? 0, body, ms: performance.now() - started, at }));
      response.on('error', (e) => res({ status: 0, error: e.message, ms: performance.now() - started, at }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e: NodeJS.ErrnoException) => res({ status: 0, error: e.code ?? e.message, ms: performance.now() - started, at }));
  });
}

/** One HTTP request; never rejects (a transport error is an outcome with status 0). */
export function request(port: number, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; agent?: http.Agent | false; timeoutMs?: number } = {}): Promise<Outcome> {
  const started = performance.now();
  const at = Date.now();
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const req = http.request({
    host: '127.0.0.1', port, method, path, agent: opts.agent ?? false, timeout: opts.timeoutMs ?? 5_000,
    headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...opts.headers },
  });
  const outcome = outcomeOf(req, started, at);
  req.end(payload);
  return outcome;
}

/**
 * A request whose body arrives in two parts: the headers and half the body now, the rest on
 * finish(). Until then the server holds it as accepted and unanswered, whatever the machine's speed.
 */
export function splitRequest(port: number, path: string, body: unknown, headers: Record<string, string>): { finish(): void; outcome: Promise<Outcome> } {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = http.request({
    host: '127.0.0.1', port, method: 'POST', path, agent: false, timeout: 30_000,
    headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
  });
  const outcome = outcomeOf(req, performance.now(), Date.now());
  req.flushHeaders();
  req.write(payload.subarray(0, half));
  return { finish: () => { req.end(payload.subarray(half)); }, outcome };
}

export interface Door { accessToken: string; address: string }
export interface ScanTarget { eventId: string; gateId: string; tickets: { qr: string }[] }
export interface SentScan { scanId: string; outcome: Outcome }

/**
 * Door phones scanning at `perSecond` in total, round robin over the doors (each its own address,
 * as phones on a venue's Wi-Fi behind TRUST_PROXY), until stop(). Each door keeps its connection
 * alive, as the scanner app does.
 */
export function doorLoad(port: number, doors: Door[], target: ScanTarget, perSecond: number, opts: { agentless?: boolean; timeoutMs?: number } = {}) {
  const sent: Promise<SentScan>[] = [];
  const agents = doors.map(() => new http.Agent({ keepAlive: true }));
  let running = true;
  let n = 0;
  const started = performance.now();
  const loop = (async () => {
    while (running) {
      const i = n++;
      const door = doors[i % doors.length]!;
      const scanId = randomUUID();
      const ticket = target.tickets[Math.floor(Math.random() * target.tickets.length)]!;
      sent.push(request(port, 'POST', `/api/v1/events/${target.eventId}/scans`, {
        agent: opts.agentless ? false : agents[i % doors.length]!, timeoutMs: opts.timeoutMs ?? 5_000,
        headers: { authorization: `Bearer ${door.accessToken}`, 'x-forwarded-for': door.address },
        body: { scanId, qr: ticket.qr, gateId: target.gateId, direction: Math.random() < 0.5 ? 'in' : 'out' },
      }).then((outcome) => ({ scanId, outcome })));
      // Paced against the clock, so a slow answer never lowers the rate.
      const due = started + (n * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    async stop(): Promise<SentScan[]> {
      running = false;
      await loop;
      const all = await Promise.all(sent);
      for (const a of agents) a.destroy();
      return all;
    },
  };
}

/**
 * GET /health/live every `everyMs` (a route with no Redis, no database and no rate limit) until
 * stop(): the control beside a door load. When a scan waits a second and this route answered
 * quickly meanwhile, the server was free and the scan waited on something of its own; when both
 * waited, the process or the machine stalled (a shared CI box), which no Redis change causes.
 */
export function livenessProbe(port: number, everyMs = 50) {
  const sent: Promise<Outcome>[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      sent.push(request(port, 'GET', '/health/live', { timeoutMs: 10_000 }));
      await sleep(everyMs);
    }
  })();
  return {
    async stop(): Promise<Outcome[]> { running = false; await loop; return Promise.all(sent); },
  };
}

/**
 * The scans among `slow` that the server kept waiting while it answered the liveness probe:
 * a probe sent after the scan and answered, fast, well before it (300 ms) — so the process ran
 * and the scan still waited.
 */
export function waitedWhileServerAnswered<T extends { outcome: Outcome }>(slow: T[], probes: Outcome[]): T[] {
  return slow.filter(({ outcome: s }) => probes.some((h) => h.status === 200 && h.ms < 200
    && h.at >= s.at && h.at + h.ms <= s.at + s.ms - 300));
}

/** A metric's value in a Prometheus text exposition (first sample matching name and labels). */
export function metric(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `) || (!labels && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

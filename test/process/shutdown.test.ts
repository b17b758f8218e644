import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyPgliteTemplate } from '../support/template-db.ts';

/**
 * SIGTERM in the middle of a burst: every request the server accepted gets its whole response,
 * new connections are refused, and the process exits 0. Runs the real process (main.ts).
 */
describe('graceful shutdown', () => {
  const dirs: string[] = [];
  afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  it('finishes every accepted request and exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'karibu-shutdown-'));
    dirs.push(dataDir);
    await copyPgliteTemplate(join(dataDir, 'pglite'));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
        KARIBU_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), SHUTDOWN_GRACE_MS: '20000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    const port = await new Promise<number>((res, rej) => {
      const timer = setInterval(() => {
        const m = out.match(/"address":"http:\/\/127\.0\.0\.1:(\d+)".*"msg":"karibu ready"/);
        if (m) { clearInterval(timer); res(Number(m[1])); }
      }, 20);
      setTimeout(() => { clearInterval(timer); rej(new Error(`server did not start:\n${out}`)); }, 20_000);
    });

    type Outcome = { kind: 'response'; status: number; complete: boolean } | { kind: 'refused' } | { kind: 'reset' } | { kind: 'other'; message: string };
    const request = () => new Promise<Outcome>((res) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/docs/json', agent: false }, (response) => {
        let body = '';
        response.on('data', (c) => { body += c; });
        response.on('end', () => {
          let complete = false;
          try { complete = Boolean((JSON.parse(body) as { openapi?: string }).openapi); } catch { complete = false; }
          res({ kind: 'response', status: response.statusCode ?? 0, complete });
        });
        response.on('error', (e) => res({ kind: 'other', message: e.message }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => res(
        e.code === 'ECONNREFUSED' ? { kind: 'refused' } : e.code === 'ECONNRESET' ? { kind: 'reset' } : { kind: 'other', message: e.message }));
    });

    let sentSignal = false;
    let completedAfterSignal = 0;
    const outcomes: Promise<Outcome>[] = [];
    for (let i = 0; i < 150; i++) {
      const p = request().then((o) => { if (sentSignal && o.kind === 'response') completedAfterSignal++; return o; });
      outcomes.push(p);
      if (i === 60) { await new Promise((r) => setTimeout(r, 15)); child.kill('SIGTERM'); sentSignal = true; }
    }
    const results = await Promise.all(outcomes);
    const code = await exited;

    expect(code).toBe(0);
    expect(out).toContain('shutting down');
    const responses = results.filter((r) => r.kind === 'response');
    expect(responses.length).toBeGreaterThan(0);
    // A response, once started, is always whole.
    for (const r of responses) expect(r).toMatchObject({ status: 200, complete: true });
    expect(results.filter((r) => r.kind === 'other')).toEqual([]);
    expect(completedAfterSignal).toBeGreaterThan(0);
    // The server's own log: every request it accepted (logged as incoming) was completed.
    const incoming = new Set([...out.matchAll(/"reqId":"([^"]+)"[^\n]*"msg":"incoming request"/g)].map((m) => m[1]));
    const completed = new Set([...out.matchAll(/"reqId":"([^"]+)"[^\n]*"msg":"request completed"/g)].map((m) => m[1]));
    expect(incoming.size).toBe(responses.length);
    expect([...incoming].filter((id) => !completed.has(id))).toEqual([]);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { censorLine, loggerOptions, redactUrl } from './logger.ts';

/** Logs carry no personal data and no credentials (DESIGN.md §6). */
describe('log redaction', () => {
  async function captureLogs(run: (app: ReturnType<typeof Fastify>) => Promise<void>): Promise<string> {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const options = loggerOptions(loadConfig({ LOG_LEVEL: 'info' })) as object;
    const app = Fastify({ logger: { ...options, stream } });
    app.get('/t/:secret', async (req) => { req.log.info({ ticket: { holderName: 'Ngozi Okafor', holderEmail: 'ngozi@example.ng', holderPhone: '+2348012345678', qr: 'K1:SECRETQR', pin: '482916' } }, 'looked up'); return {}; });
    await app.ready();
    await run(app);
    await app.close();
    return lines.join('');
  }

  it('censors names, emails, phones, PINs, QR tokens, secrets in paths and auth headers', async () => {
    const logs = await captureLogs(async (app) => {
      await app.inject({ method: 'GET', url: '/t/attendee-link-secret-123?x=1', headers: { authorization: 'Bearer eyJsecret', cookie: 'sid=abc' } });
      app.log.info({ email: 'chinedu@example.ng', password: 'hunter22', deviceToken: 'dev-tok', refreshToken: 'ref-tok' }, 'login');
      app.log.info({ req: { headers: { authorization: 'Bearer eyJtop' } } }, 'raw request');
    });
    for (const secret of ['Ngozi', 'ngozi@example.ng', '+2348012345678', 'K1:SECRETQR', '482916', 'attendee-link-secret-123',
      'eyJsecret', 'chinedu@example.ng', 'hunter22', 'dev-tok', 'ref-tok', 'eyJtop']) {
      expect(logs, `${secret} leaked into the logs`).not.toContain(secret);
    }
    expect(logs).toContain('[redacted]');
    expect(logs).toContain('/t/[redacted]');
  });

  it('censors at any depth, in arrays, errors, child bindings, stored JSON and interpolated objects', async () => {
    const logs = await captureLogs(async (app) => {
      const err = Object.assign(new Error('boom'), { email: 'err-mail@example.ng' });
      app.log.error({ err }, 'failed');
      app.log.info({ a: { b: { c: { d: { holderPhone: '+2348099999999' } } } }, list: [{ pin: '111222' }, [{ qr: 'K1:DEEPQR' }]] }, 'deep');
      app.log.child({ email: 'bound@example.ng' }).warn('bound');
      app.log.info({ response: JSON.stringify({ ticket: { holderName: 'Stored Name' } }) }, 'stored');
      app.log.info('interpolated %j', { token: 'interp-tok' });
    });
    for (const secret of ['err-mail@example.ng', '+2348099999999', '111222', 'K1:DEEPQR', 'bound@example.ng', 'Stored Name', 'interp-tok']) {
      expect(logs, `${secret} leaked into the logs`).not.toContain(secret);
    }
    for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs).toContain('"msg":"deep"');
  });

  it('writes a line that names no sensitive field unchanged', () => {
    const line = '{"level":30,"time":1,"reqId":"req-1","res":{"statusCode":200},"responseTime":1.5,"msg":"request completed"}\n';
    expect(censorLine(line)).toBe(line);
    expect(censorLine('{"level":30,"user":{"email":"x@y.z","id":1}}\n')).toBe('{"level":30,"user":{"email":"[redacted]","id":1}}\n');
  });

  it('shortens secret-bearing URL paths and drops query strings', () => {
    expect(redactUrl('/t/abc123?lang=fr')).toBe('/t/[redacted]');
    expect(redactUrl('/api/v1/events/e1/scans')).toBe('/api/v1/events/e1/scans');
  });
});

/**
 * Lines are written to stdout in blocks (a system call per line was about a sixth of the server's CPU per scan at a busy door),
 * but an operator tailing the log still sees a quiet server's lines within a moment, and a process
 * that exits loses none.
 */
describe('log output', () => {
  it('shows a quiet server\'s line without more traffic, and writes the last lines when the process exits', async () => {
    const script = `
      import Fastify from 'fastify';
      import { loggerOptions } from ${JSON.stringify(resolve('src/server/observability/logger.ts'))};
      const app = Fastify({ logger: loggerOptions({ logLevel: 'info' }) });
      app.log.info('first line');
      process.stdin.once('data', () => { app.log.error('last line'); process.exit(3); });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const started = Date.now();
    while (!out.includes('first line') && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    // Without the periodic flush this short line would wait for 4 KB of company, i.e. for ever.
    expect(out).toContain('"msg":"first line"');
    child.stdin.write('go\n');
    expect(await exited).toBe(3);
    expect(out).toContain('"msg":"last line"');
  }, 20_000);
});

import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { loggerOptions, redactUrl } from './logger.ts';

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

  it('shortens secret-bearing URL paths and drops query strings', () => {
    expect(redactUrl('/t/abc123?lang=fr')).toBe('/t/[redacted]');
    expect(redactUrl('/api/v1/events/e1/scans')).toBe('/api/v1/events/e1/scans');
  });
});

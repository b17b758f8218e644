import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, handleFrameworkError, installErrorHandling } from '../../src/server/http/api-error.ts';

/**
 * The error handler's last line: a value the database refuses (SQLSTATE class 22/23) is the
 * client's mistake, answered 4xx in the one error shape without quoting the database; router
 * errors (broken %-encoding, an over-long path part) use the same shape when app.ts wires
 * handleFrameworkError. Anything else stays a 500.
 */
function appUnderTest() {
  const app = Fastify({ logger: false, ajv: { customOptions: AJV_OPTIONS }, frameworkErrors: handleFrameworkError });
  installErrorHandling(app);
  const dbError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });
  app.get('/nul', async () => { throw dbError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'); });
  app.get('/range', async () => { throw dbError('22003', 'value "2147483648" is out of range for type integer'); });
  app.get('/dup', async () => { throw dbError('23505', 'duplicate key value violates unique constraint "staff_email_key"'); });
  app.get('/fk', async () => { throw dbError('23503', 'insert or update on table "scans" violates foreign key constraint'); });
  app.get('/deadlock', async () => { throw dbError('40P01', 'deadlock detected'); });
  app.get('/pipe', async () => { throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }); });
  app.get('/things/:id', async () => ({ ok: true }));
  return app;
}

describe('error safety net', () => {
  it.each([
    ['/nul', 400, 'validation_failed'], ['/range', 400, 'validation_failed'], ['/dup', 409, 'conflict'], ['/fk', 422, 'unprocessable'],
    ['/deadlock', 500, 'internal'], ['/pipe', 500, 'internal'],
    ['/things/%E0%A4%A', 400, 'bad_request'], [`/things/${'a'.repeat(600)}`, 400, 'bad_request'],
  ])('%s → %i %s, without the database’s words', async (url, status, code) => {
    const res = await appUnderTest().inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: { code, message: expect.any(String) } });
    expect(res.body).not.toMatch(/UTF8|integer|constraint|deadlock|EPIPE|FST_/);
  });
});

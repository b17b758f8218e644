// Door staff never read the server's English developer message: errors come in their language,
// from the real catalogs (the translator is the shared one, without the browser around it).
import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../shared/api-client.ts';
import { errorWords } from './error-words.ts';

const lang = vi.hoisted(() => ({ code: 'en' }));
vi.mock('../i18n.ts', async () => {
  const { formatMessage } = await import('../../shared/i18n.ts');
  const catalogs = {
    en: (await import('../messages/en.ts')).default,
    ar: (await import('../messages/ar.ts')).default,
    am: (await import('../messages/am.ts')).default,
  } as unknown as Record<string, Record<string, string>>;
  return { t: (key: string, params?: Record<string, string>) => formatMessage(catalogs[lang.code]!, catalogs.en!, lang.code, key, params) };
});

describe('errors on the door phone', () => {
  it('speaks the staff’s language, whatever the server said', () => {
    lang.code = 'ar';
    const words = errorWords(new ApiError(403, 'forbidden', 'This device may not upload scans identified by serial.'));
    expect(words).not.toContain('serial');
    expect(words).toMatch(/[\u0600-\u06FF]/);
    expect(words).toContain('403');
    expect(errorWords(new ApiError(429, 'rate_limited', 'Too many requests'))).toMatch(/[\u0600-\u06FF]/);
    lang.code = 'am';
    expect(errorWords(new NetworkError('fetch failed'))).toMatch(/[\u1200-\u137F]/);
    expect(errorWords(new ApiError(401, 'unauthorized', 'Token expired'))).not.toContain('Token');
  });

  it('lets one screen give a code its own words', () => {
    lang.code = 'en';
    expect(errorWords(new ApiError(404, 'not_found', 'No such setup code'), { not_found: 'error.setupCode' }))
      .toBe('This setup code is unknown, used or expired. Ask a manager for a new one.');
    expect(errorWords(new ApiError(409, 'conflict', 'x'))).toBe('The server could not do this just now (error 409). Try again.');
  });
});

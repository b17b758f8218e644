import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('starts in development with no variables and no secret defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.masterKey).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses production without a master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/KARIBU_MASTER_KEY is required in production/);
  });

  it('refuses a master key shorter than 32 bytes', () => {
    expect(() => loadConfig({ KARIBU_MASTER_KEY: Buffer.alloc(16, 1).toString('base64') })).toThrow(/at least 32 bytes/);
  });

  it('accepts a 32-byte key as base64 or hex', () => {
    expect(loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') }).masterKey).toHaveLength(32);
    expect(loadConfig({ KARIBU_MASTER_KEY: 'ab'.repeat(32) }).masterKey).toHaveLength(32);
  });

  it('lists every bad variable in one error', () => {
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'KARIBU_MASTER_KEY']) expect(problems).toContain(name);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicUrlWarning } from './config.ts';

describe('loadConfig', () => {
  it('starts in development with no variables and no secret defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.masterKey).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisKeyPrefix).toBe('karibu:');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses production without a master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/KARIBU_MASTER_KEY is required in production/);
  });

  it('refuses a master key shorter than 32 bytes', () => {
    expect(() => loadConfig({ KARIBU_MASTER_KEY: Buffer.alloc(16, 1).toString('base64') })).toThrow(/at least 32 bytes/);
  });

  it('accepts a 32-byte key as base64 or hex', () => {
    expect(loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: randomBytes(32).toString('base64') }).masterKey).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: randomBytes(32).toString('hex') }).masterKey).toHaveLength(32);
    expect(loadConfig({ KARIBU_MASTER_KEY: 'ab'.repeat(32) }).masterKey).toHaveLength(32);
  });

  it('refuses a weak master key in production, saying why and how to make a good one', () => {
    const weak = {
      'one byte repeated': Buffer.alloc(32, 0),
      'a short pattern repeated': Buffer.from('0123456789abcde'.repeat(3)), // 15 distinct bytes, 45 long
    };
    for (const [what, key] of Object.entries(weak)) {
      expect(() => loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: key.toString('base64') }), what)
        .toThrow(/KARIBU_MASTER_KEY is too weak for production.*openssl rand -base64 32/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: '00'.repeat(32) })).toThrow(/one byte \(0x00\) repeated/);
    // Sixteen distinct bytes is the floor, not a refusal.
    expect(loadConfig({ NODE_ENV: 'production', KARIBU_MASTER_KEY: Buffer.from('0123456789abcdef'.repeat(2)).toString('base64') }).masterKey).toHaveLength(32);
    // Development and tests keep accepting fixed keys (tests use them on purpose).
    expect(loadConfig({ KARIBU_MASTER_KEY: Buffer.alloc(32, 0).toString('base64') }).masterKey).toHaveLength(32);
  });

  it('lists every bad variable in one error', () => {
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', REDIS_KEY_PREFIX: 'has space', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX', 'LOG_LEVEL', 'KARIBU_MASTER_KEY']) expect(problems).toContain(name);
    }
  });

  it('reads the SMS log retention in days: 30 by default, 1 to 365', () => {
    expect(loadConfig({}).smsLogRetentionDays).toBe(30);
    expect(loadConfig({ SMS_LOG_RETENTION_DAYS: '7' }).smsLogRetentionDays).toBe(7);
    expect(loadConfig({ SMS_LOG_RETENTION_DAYS: '365' }).smsLogRetentionDays).toBe(365);
    for (const bad of ['0', '366', '1.5', 'week', '-3']) {
      expect(() => loadConfig({ SMS_LOG_RETENTION_DAYS: bad }), bad).toThrow(/SMS_LOG_RETENTION_DAYS must be an integer between 1 and 365/);
    }
  });

  it('warns when PUBLIC_URL is one only this computer can open', () => {
    expect(publicUrlWarning(loadConfig({}))).toMatch(/PUBLIC_URL is http:\/\/localhost:8080: .*only this computer can open/);
    expect(publicUrlWarning(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9000' }))).toBeDefined();
    expect(publicUrlWarning(loadConfig({ PUBLIC_URL: 'http://192.168.1.20:8080' }))).toBeUndefined();
    expect(publicUrlWarning(loadConfig({ PUBLIC_URL: 'https://tickets.example.ng' }))).toBeUndefined();
  });
});

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMasterKey, masterKeyWeakness } from './secrets/master-key.ts';

/**
 * Everything the server reads from its environment, read once, validated, frozen.
 * Nothing else in the codebase reads process.env.
 */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** Base URL printed and used in attendee links, e.g. https://tickets.example.ng */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly redisUrl: string | undefined;
  /** Starts every key Karibu writes to Redis, so deployments (or test runs) sharing one Redis never share counters. */
  readonly redisKeyPrefix: string;
  /** Raw master key bytes when given by KARIBU_MASTER_KEY; otherwise resolved from DATA_DIR at start. */
  readonly masterKey: Uint8Array | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  readonly shutdownGraceMs: number;
  readonly trustProxy: boolean;
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  /** The built browser apps the server serves (Vite output). */
  readonly webDir: string;
  /** KARIBU_SIGNUP=open: anyone may create an organizer with POST /api/v1/organizers (off by default). */
  readonly signup: 'open' | 'closed';
  /**
   * KARIBU_SMS_API_BASE_URL: replaces both SMS providers' API base URLs (Africa's Talking and
   * Twilio) for tests and sandboxes. One setting for the whole server, never per organizer, so no
   * organizer can point another's credentials at a server of their choosing.
   */
  readonly smsApiBaseUrl: string | undefined;
  /** KARIBU_PHOTO_FETCH_PRIVATE: issuance may fetch photos from private addresses and plain http (closed networks, tests). */
  readonly photoFetchPrivate: boolean;
  /** SMS_LOG_RETENTION_DAYS: how long the SMS log keeps a message (phone, text, PIN) once it is no longer queued. */
  readonly smsLogRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** dist/web at the repository root, wherever the server is started from. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must use ${protocols.join(' or ')} (got ${u.protocol})`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return v;
  };

  const nodeEnv = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const envName = (['development', 'production', 'test'].includes(nodeEnv) ? nodeEnv : 'development') as Config['env'];

  const port = int('PORT', 8080, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const smsApiBaseUrl = url('KARIBU_SMS_API_BASE_URL', ['http:', 'https:']);
  const redisKeyPrefix = str('REDIS_KEY_PREFIX') ?? 'karibu:';
  if (!/^[\w.:-]{1,64}$/.test(redisKeyPrefix)) problems.push('REDIS_KEY_PREFIX must be 1 to 64 letters, digits or . _ : -');

  let masterKey: Uint8Array | undefined;
  const rawKey = str('KARIBU_MASTER_KEY');
  if (rawKey !== undefined) {
    masterKey = decodeMasterKey(rawKey);
    if (!masterKey) problems.push('KARIBU_MASTER_KEY must be at least 32 bytes, as hex (64+ chars) or base64');
    const weakness = masterKey && envName === 'production' ? masterKeyWeakness(masterKey) : undefined;
    if (weakness) problems.push(`KARIBU_MASTER_KEY is too weak for production: ${weakness}; generate a random one with: openssl rand -base64 32`);
  } else if (envName === 'production') {
    problems.push('KARIBU_MASTER_KEY is required in production (generate one with: openssl rand -base64 32)');
  }

  const logLevel = (str('LOG_LEVEL') ?? (envName === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const trustProxyRaw = str('TRUST_PROXY') ?? 'false';
  if (!['true', 'false'].includes(trustProxyRaw)) problems.push('TRUST_PROXY must be true or false');
  const photoFetchRaw = str('KARIBU_PHOTO_FETCH_PRIVATE') ?? 'false';
  if (!['true', 'false'].includes(photoFetchRaw)) problems.push('KARIBU_PHOTO_FETCH_PRIVATE must be true or false');
  const signup = str('KARIBU_SIGNUP') ?? 'closed';
  if (signup !== 'open' && signup !== 'closed') problems.push(`KARIBU_SIGNUP must be open or closed (got "${signup}")`);

  const config: Config = {
    env: envName,
    host,
    port,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    dataDir: resolve(str('DATA_DIR') ?? './data'),
    databaseUrl,
    databasePoolSize: int('DATABASE_POOL_SIZE', 20, 1, 500),
    redisUrl,
    redisKeyPrefix,
    masterKey,
    logLevel,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    trustProxy: trustProxyRaw === 'true',
    smtpUrl,
    smtpFrom: str('SMTP_FROM') ?? 'Karibu <tickets@localhost>',
    webDir: resolve(str('WEB_DIR') ?? DEFAULT_WEB_DIR),
    signup: signup === 'open' ? 'open' : 'closed',
    smsApiBaseUrl: smsApiBaseUrl?.replace(/\/+$/, ''),
    photoFetchPrivate: photoFetchRaw === 'true',
    smsLogRetentionDays: int('SMS_LOG_RETENTION_DAYS', 30, 1, 365),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * What to warn about a PUBLIC_URL that phones cannot reach: attendee links, password-setup links and
 * door phones' setup QR codes are built on it, and "localhost" on a phone is the phone itself.
 */
export function publicUrlWarning(config: Pick<Config, 'publicUrl'>): string | undefined {
  const host = new URL(config.publicUrl).hostname;
  if (host !== 'localhost' && !host.startsWith('127.') && host !== '[::1]') return undefined;
  return `PUBLIC_URL is ${config.publicUrl}: attendee links, password-setup links and door-phone setup QR codes point there, `
    + 'which only this computer can open. Set PUBLIC_URL to the address phones use (e.g. PUBLIC_URL=http://192.168.1.20:8080 on a venue network, or https://tickets.example.ng).';
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Decodes a master key given as 64+ hex chars or base64/base64url of ≥ 32 bytes. */
export function decodeMasterKey(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) return t.length >= 64 ? Buffer.from(t, 'hex') : undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const bytes = Buffer.from(t, 'base64');
  return bytes.length >= 32 ? bytes : undefined;
}

/** Fewer distinct bytes than this in a key is a pattern, not randomness. */
const MIN_DISTINCT_BYTES = 16;

/**
 * Why a key given for production is not a random one, or undefined. Long enough is not enough: 32
 * zero bytes (a placeholder copied from an example) or a short pattern repeated decode fine but
 * protect nothing. 32 random bytes have about 30 distinct values, and fewer than 16 happens by
 * chance about once in 3·10^16 keys, so a real key is never refused. Checked in production
 * only: development keys are generated here from the system's random source.
 */
export function masterKeyWeakness(key: Uint8Array): string | undefined {
  const distinct = new Set(key).size;
  if (distinct === 1) return `it is one byte (0x${key[0]!.toString(16).padStart(2, '0')}) repeated`;
  if (distinct < MIN_DISTINCT_BYTES) return `it has only ${distinct} distinct byte values (a random 32-byte key has about 30)`;
  return undefined;
}

export interface MasterKeyResult { key: Uint8Array; source: 'env' | 'file' | 'generated'; path?: string }

/**
 * The master key encrypts signing keys and secrets at rest. Production must pass it in
 * KARIBU_MASTER_KEY (loadConfig refuses to start otherwise); development keeps one in DATA_DIR,
 * generated on first start with mode 0600, so no secret ever has a default value.
 */
/** The part of the configuration that says where the key comes from (config.ts builds it). */
export interface MasterKeySource {
  readonly env: 'development' | 'production' | 'test';
  readonly dataDir: string;
  readonly masterKey: Uint8Array | undefined;
}

export async function resolveMasterKey(config: MasterKeySource): Promise<MasterKeyResult> {
  if (config.masterKey) return { key: config.masterKey, source: 'env' };
  if (config.env === 'production') throw new Error('KARIBU_MASTER_KEY is required in production');
  const path = join(config.dataDir, 'master.key');
  try {
    const key = decodeMasterKey(await readFile(path, 'utf8'));
    if (!key) throw new Error(`${path} does not hold a valid master key (≥ 32 bytes, base64)`);
    return { key, source: 'file', path };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created it meanwhile: never overwrite a key that encrypts data.
  await writeFile(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key, source: 'generated', path };
}

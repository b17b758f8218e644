import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { decodeMasterKey } from '../config.ts';

export interface MasterKeyResult { key: Uint8Array; source: 'env' | 'file' | 'generated'; path?: string }

/**
 * The master key encrypts signing keys and secrets at rest. Production must pass it in
 * KARIBU_MASTER_KEY (loadConfig refuses to start otherwise); development keeps one in DATA_DIR,
 * generated on first start with mode 0600, so no secret ever has a default value.
 */
export async function resolveMasterKey(config: Config): Promise<MasterKeyResult> {
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

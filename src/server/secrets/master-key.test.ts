import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { masterKeyWeakness, resolveMasterKey } from './master-key.ts';
import { open, seal } from './sealed-box.ts';

describe('master key', () => {
  it('is generated once into DATA_DIR with mode 0600 in development, then reused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'karibu-mk-'));
    const config = loadConfig({ DATA_DIR: dir });
    const first = await resolveMasterKey(config);
    expect(first.source).toBe('generated');
    expect((await stat(join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
    const second = await resolveMasterKey(config);
    expect(second.source).toBe('file');
    expect(Buffer.from(second.key).equals(Buffer.from(first.key))).toBe(true);
    expect((await readFile(join(dir, 'master.key'), 'utf8')).trim()).toBe(Buffer.from(first.key).toString('base64'));
    // The generated key would pass production's check too.
    expect(masterKeyWeakness(first.key)).toBeUndefined();
  });

  it('comes from KARIBU_MASTER_KEY when set and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'karibu-mk-'));
    const key = Buffer.alloc(32, 3);
    const result = await resolveMasterKey(loadConfig({ DATA_DIR: dir, KARIBU_MASTER_KEY: key.toString('base64') }));
    expect(result.source).toBe('env');
    await expect(stat(join(dir, 'master.key'))).rejects.toThrow();
  });
});

describe('sealed box', () => {
  const key = Buffer.alloc(32, 5);
  it('round-trips and refuses another purpose, another key or a flipped bit', () => {
    const sealed = seal(key, 'event-key', Buffer.from('secret seed'), 'aad-1');
    expect(open(key, 'event-key', sealed, 'aad-1').toString()).toBe('secret seed');
    expect(() => open(key, 'other', sealed, 'aad-1')).toThrow();
    expect(() => open(Buffer.alloc(32, 6), 'event-key', sealed, 'aad-1')).toThrow();
    expect(() => open(key, 'event-key', sealed, 'aad-2')).toThrow();
    const flipped = Buffer.from(sealed); flipped[flipped.length - 1]! ^= 1;
    expect(() => open(key, 'event-key', flipped, 'aad-1')).toThrow();
  });
});

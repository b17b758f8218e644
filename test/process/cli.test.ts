import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const karibu = (args: string[], env: Record<string, string> = {}, input?: string) => spawnSync(process.execPath, ['bin/karibu.js', ...args], {
  encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, timeout: 60_000, ...(input !== undefined ? { input } : {}),
});

describe('karibu CLI', () => {
  it('migrates an empty data directory, then reports it up to date', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'karibu-cli-'));
    const first = karibu(['migrate'], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\): 0001_foundation/);
    const second = karibu(['migrate'], { DATA_DIR: dataDir });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
  }, 60_000);

  it('prints usage for help and fails with usage on an unknown command', () => {
    const help = karibu(['help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('karibu demo');
    const bad = karibu(['frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown command "frobnicate"');
  });

  it('refuses to start in production without a master key, naming the variable', () => {
    const res = karibu(['migrate'], { NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'karibu-cli-')) });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('KARIBU_MASTER_KEY is required in production');
  });
});

describe('karibu demo on a fresh machine', () => {
  it('creates a missing DATA_DIR (nested) and seeds without serving', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'karibu-fresh-')), 'not', 'yet', 'there');
    const res = karibu(['demo', '--tickets', '3', '--no-serve'], { DATA_DIR: dataDir });
    expect(res.stderr).not.toMatch(/ENOENT|karibu:/);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Karibu demo is ready');
    expect(res.stdout).toMatch(/Organizer: +organizer@demo\.karibu\.africa +\/ +\S+/);
    // The console and the organizer's login are the first two things the banner says.
    const banner = res.stdout.slice(res.stdout.indexOf('Karibu demo is ready'));
    const said = banner.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    expect(said[0]).toMatch(/^Console: +http\S+\/console$/);
    expect(said[1]).toMatch(/^Organizer: /);
  }, 90_000);
});

describe('karibu org create', () => {
  it('creates an organizer and prints a one-time link on PUBLIC_URL; with --password-stdin sets the password; refuses a taken email', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'karibu-org-')), PUBLIC_URL: 'https://tickets.example.ng' };
    const first = karibu(['org', 'create', '--name', 'Lagos Live', '--owner-email', 'ada@example.com', '--owner-name', 'Ada Obi'], env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Organizer "Lagos Live" created');
    expect(first.stdout).toMatch(/https:\/\/tickets\.example\.ng\/console\/set-password#token=kps_[A-Za-z0-9_-]{43}/);
    const direct = karibu(['org', 'create', '--name', 'Lagos Live', '--owner-email', 'tunde@example.com', '--password-stdin'], env, 'correct horse battery\n');
    expect(direct.status).toBe(0);
    expect(direct.stdout).toContain('slug lagos-live-');
    expect(direct.stdout).toContain('can sign in now');
    expect(direct.stdout).not.toContain('#token=');
    const taken = karibu(['org', 'create', '--name', 'Again', '--owner-email', 'ADA@example.com'], env);
    expect(taken.status).toBe(1);
    expect(taken.stdout).toContain('An account with this email exists');
    expect(karibu(['org', 'create', '--name', 'No owner'], env).status).toBe(2);
  }, 90_000);
});

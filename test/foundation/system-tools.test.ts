// `npm test` on a fresh machine: the pretest step finds every system tool the suite runs, installs
// the missing ones as root with apt-get, and otherwise stops with one message and one command.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingTools, provisioningPlan, requiredTools, which } from '../../scripts/ensure-system-tools.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const bin = mkdtempSync(join(tmpdir(), 'karibu-fakebin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function fakeTool(name: string, mode = 0o755): string {
  const path = join(bin, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

describe('system tools for the tests', () => {
  it('finds tools on PATH the way a shell does, and Chromium by path', () => {
    fakeTool('zbarimg');
    fakeTool('ffmpeg');
    fakeTool('pdftotext');
    fakeTool('pdftoppm', 0o644); // present but not executable: missing
    for (const name of ['bash', 'curl', 'jq']) fakeTool(name);
    const env = { PATH: `/nonexistent:${bin}`, CHROMIUM_PATH: join(bin, 'chromium') };
    expect(which('zbarimg', env)).toBe(join(bin, 'zbarimg'));
    expect(which('pdftoppm', env)).toBeUndefined();
    expect(missingTools(requiredTools(env), env).map((t) => t.name)).toEqual(['chromium', 'pdftoppm', 'openssl', 'redis-server']);
    fakeTool('chromium');
    expect(missingTools(requiredTools(env), env).map((t) => t.name)).toEqual(['pdftoppm', 'openssl', 'redis-server']);
  });

  it('needs redis-server on every pass (the fault tests run their own), and PostgreSQL for CI', () => {
    expect(requiredTools({}).map((t) => t.name)).toContain('redis-server');
    const ci = requiredTools({}, { ci: true });
    expect(ci.map((t) => t.name)).toEqual(expect.arrayContaining(['pg_ctlcluster', 'psql', 'pg_isready', 'redis-server', 'redis-cli']));
    const plan = provisioningPlan(ci, { isRoot: true, hasApt: true });
    expect(plan.action === 'install' && plan.packages).toEqual(['chromium', 'zbar-tools', 'ffmpeg', 'poppler-utils', 'openssl', 'redis-server', 'bash', 'curl', 'jq', 'postgresql']);
  });

  it('as root with apt-get: updates the package lists, then installs each missing package once', () => {
    const missing = requiredTools({}).filter((t) => ['chromium', 'pdftoppm', 'pdftotext'].includes(t.name));
    expect(provisioningPlan(missing, { isRoot: true, hasApt: true })).toEqual({
      action: 'install',
      packages: ['chromium', 'poppler-utils'],
      commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium', 'poppler-utils']],
    });
    expect(provisioningPlan([], { isRoot: false, hasApt: false })).toEqual({ action: 'none' });
  });

  it('not root: stops with one message naming every missing tool and the one command to run', () => {
    const missing = requiredTools({}).filter((t) => ['chromium', 'zbarimg'].includes(t.name));
    const plan = provisioningPlan(missing, { isRoot: false, hasApt: true });
    expect(plan.action).toBe('stop');
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('/usr/bin/chromium (browser tests)');
    expect(message).toContain('zbarimg (reading QR codes');
    const commands = message.split('\n').filter((line) => line.startsWith('  '));
    expect(commands).toEqual(["  sudo sh -c 'apt-get update && apt-get install -y chromium zbar-tools'"]);
    const noApt = provisioningPlan(missing, { isRoot: true, hasApt: false });
    expect(noApt.action === 'stop' && noApt.message).toContain('install chromium zbar-tools with your system\'s package manager');
  });

  it('lists every tool a test runs (a new one must be added to scripts/ensure-system-tools.ts)', () => {
    const sources = (dir: string): string[] => readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });
    const testFiles = [...sources(join(ROOT, 'test')), ...sources(join(ROOT, 'src')).filter((f) => f.endsWith('.test.ts'))];
    const spawned = new Set<string>();
    for (const file of testFiles) {
      // Commands given by name to execFile/spawn (or a promisified alias `run`).
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:execFile|execFileSync|spawn|spawnSync|run)\)?\(\s*'([\w.-]+)'/g)) spawned.add(m[1]!);
    }
    expect(spawned.size).toBeGreaterThanOrEqual(5);
    const listed = requiredTools({}).map((t) => t.name);
    expect([...spawned].filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('runs as the pretest step: quiet and successful here, one message and exit 1 where tools are missing', () => {
    const script = ['--import', 'tsx', 'scripts/ensure-system-tools.ts'];
    const here = spawnSync(process.execPath, script, { cwd: ROOT, encoding: 'utf8' });
    expect(here.stderr + here.stdout).toBe('');
    expect(here.status).toBe(0);
    // No apt-get on this PATH, so even as root it must not try to install: it says what to do.
    const bare = spawnSync(process.execPath, script, { cwd: ROOT, encoding: 'utf8', env: { PATH: bin, CHROMIUM_PATH: '/nonexistent/chromium' } });
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('The tests need system tools that are missing here: /nonexistent/chromium (browser tests)');
    expect(bare.stdout).toBe('');
  });

  it('as root, runs apt-get update then install for what is missing, and checks again afterwards', () => {
    // A stand-in apt-get that records how it was called: the branch runs for real, the machine is untouched.
    const log = join(bin, 'apt.log');
    writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${log}\n`);
    chmodSync(join(bin, 'apt-get'), 0o755);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-system-tools.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: bin, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    // zbarimg, ffmpeg, pdftotext, bash, curl and jq are the stand-ins of the first test; pdftoppm is not executable.
    expect(run.status).toBe(1); // the stand-in installed nothing, and the second check says so
    if (process.getuid?.() === 0) {
      expect(run.stdout).toContain('Installing the system tools the tests need (apt-get): chromium poppler-utils openssl redis-server');
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
        'noninteractive update -qq',
        'noninteractive install -y -qq chromium poppler-utils openssl redis-server',
      ]);
      expect(run.stderr).toContain('Still missing after apt-get install: /nonexistent/chromium, pdftoppm, openssl, redis-server.');
    } else {
      expect(run.stderr).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium poppler-utils openssl redis-server'");
    }
  });
});

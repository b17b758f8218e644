// The system tools the test suite runs, checked before `npm test` (the `pretest` script) and by
// .ci/run. The suite uses real tools instead of mocks (Chromium for the browser tests, zbarimg to
// read QR codes as a door camera would, ffmpeg for the fake camera, pdftoppm for PDF tickets,
// openssl as an independent signature verifier), so a missing one would fail tests with a bare
// `spawn … ENOENT`. Here it is found first: as root on Debian/Ubuntu the missing packages are
// installed with apt-get; otherwise the run stops with one message naming the one command to run.
//
//   node --import tsx scripts/ensure-system-tools.ts          what `npm test` needs
//   node --import tsx scripts/ensure-system-tools.ts --ci     also PostgreSQL and Redis (.ci/run)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SystemTool {
  /** The command the tests run (looked up on PATH), or a name for a tool found by `path`. */
  name: string;
  /** Absolute path checked instead of a PATH lookup (the tests launch Chromium by path). */
  path?: string;
  /** The Debian/Ubuntu package that provides it. */
  aptPackage: string;
  /** What needs it, for the message. */
  usedFor: string;
}

type Env = Record<string, string | undefined>;

/** What `npm test` runs; with `ci`, also what .ci/run needs to start PostgreSQL and Redis. */
export function requiredTools(env: Env, options: { ci?: boolean } = {}): SystemTool[] {
  const tools: SystemTool[] = [
    // The same default as test/e2e/support/browser.ts.
    { name: 'chromium', path: env.CHROMIUM_PATH || '/usr/bin/chromium', aptPackage: 'chromium', usedFor: 'browser tests' },
    { name: 'zbarimg', aptPackage: 'zbar-tools', usedFor: 'reading QR codes as a door camera does' },
    { name: 'ffmpeg', aptPackage: 'ffmpeg', usedFor: 'the scanner tests’ fake camera' },
    { name: 'pdftoppm', aptPackage: 'poppler-utils', usedFor: 'rendering PDF tickets' },
    { name: 'pdftotext', aptPackage: 'poppler-utils', usedFor: 'reading PDF tickets' },
    { name: 'openssl', aptPackage: 'openssl', usedFor: 'verifying ticket signatures independently' },
    // The fault tests start and kill a redis-server of their own on every pass, PGlite's too.
    { name: 'redis-server', aptPackage: 'redis-server', usedFor: 'the Redis outage tests' },
    // docs/api.md's "Set up an event from nothing" is run as written: bash blocks of curl and jq.
    { name: 'bash', aptPackage: 'bash', usedFor: 'running the docs/api.md walkthrough' },
    { name: 'curl', aptPackage: 'curl', usedFor: 'the docs/api.md walkthrough' },
    { name: 'jq', aptPackage: 'jq', usedFor: 'the docs/api.md walkthrough' },
  ];
  if (options.ci) {
    tools.push(
      { name: 'pg_ctlcluster', aptPackage: 'postgresql', usedFor: 'starting PostgreSQL in CI' },
      { name: 'pg_isready', aptPackage: 'postgresql', usedFor: 'waiting for PostgreSQL in CI' },
      { name: 'psql', aptPackage: 'postgresql', usedFor: 'creating the CI database' },
      { name: 'redis-cli', aptPackage: 'redis-server', usedFor: 'waiting for Redis in CI' },
    );
  }
  return tools;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where `command` would be found on `PATH`, as a shell would look it up. */
export function which(command: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

export function missingTools(tools: readonly SystemTool[], env: Env): SystemTool[] {
  return tools.filter((tool) => !(tool.path ? isExecutableFile(tool.path) : which(tool.name, env)));
}

export type Plan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; commands: string[][] }
  | { action: 'stop'; message: string };

/** What to do about the missing tools: nothing, install them (root with apt-get), or stop and say how. */
export function provisioningPlan(missing: readonly SystemTool[], host: { isRoot: boolean; hasApt: boolean }): Plan {
  if (missing.length === 0) return { action: 'none' };
  const packages = [...new Set(missing.map((t) => t.aptPackage))];
  if (host.isRoot && host.hasApt) {
    return { action: 'install', packages, commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', ...packages]] };
  }
  const list = missing.map((t) => `${t.path ?? t.name} (${t.usedFor})`).join(', ');
  const command = host.hasApt
    ? `sudo sh -c 'apt-get update && apt-get install -y ${packages.join(' ')}'`
    : `install ${packages.join(' ')} with your system's package manager (these are the Debian/Ubuntu package names)`;
  const chromium = missing.some((t) => t.name === 'chromium') ? ' A Chromium elsewhere can be named with CHROMIUM_PATH=/path/to/chromium.' : '';
  return {
    action: 'stop',
    message: `The tests need system tools that are missing here: ${list}. Run once:\n\n  ${command}\n\nthen npm test again.${chromium}`,
  };
}

/** Checks, installs when it can, and checks again. Returns the process exit code. */
export function ensureSystemTools(env: Env, options: { ci?: boolean } = {}): number {
  const tools = requiredTools(env, options);
  const host = { isRoot: process.getuid?.() === 0, hasApt: which('apt-get', env) !== undefined };
  const plan = provisioningPlan(missingTools(tools, env), host);
  if (plan.action === 'none') return 0;
  if (plan.action === 'stop') {
    console.error(`\n${plan.message}\n`);
    return 1;
  }
  console.log(`Installing the system tools the tests need (apt-get): ${plan.packages.join(' ')}`);
  for (const [command, ...args] of plan.commands) {
    const run = spawnSync(command!, args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) {
      console.error(`\n\`${[command, ...args].join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`}); install ${plan.packages.join(' ')} yourself, then npm test again.\n`);
      return 1;
    }
  }
  const still = missingTools(tools, env);
  if (still.length > 0) {
    console.error(`\nStill missing after apt-get install: ${still.map((t) => t.path ?? t.name).join(', ')}.\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureSystemTools(process.env, { ci: process.argv.includes('--ci') }));
}

// CPU time of the processes a benchmark drives, read from /proc (Linux). The machine is shared and
// has two cores, so wall-clock rates are noisy; CPU seconds per operation, split by who spent them
// (server, PostgreSQL, load generator), say where the work is.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds (throws when it has exited). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15 of stat)
}

/**
 * CPU seconds (utime + stime); seconds the threads ran on a core and waited for one (runnable
 * while every core was busy); and the same two for the main thread alone — the one Node's event
 * loop runs on, where every request of a server queues.
 */
export interface Usage { cpu: number; run: number; wait: number; mainRun: number; mainWait: number }

const NO_USAGE: Usage = Object.freeze({ cpu: 0, run: 0, wait: 0, mainRun: 0, mainWait: 0 });

/** Usage of each pid, from /proc (stat, and task/<tid>/schedstat of every thread). Pids that exited are left out. */
export function usageByPid(pids: number[]): Map<number, Usage> {
  const out = new Map<number, Usage>();
  for (const pid of pids) {
    try {
      const usage: Usage = { ...NO_USAGE, cpu: cpuSecondsOf(pid) };
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const [ran, waited] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
        usage.run += Number(ran) / 1e9;
        usage.wait += Number(waited) / 1e9;
        if (tid === String(pid)) {
          usage.mainRun = Number(ran) / 1e9;
          usage.mainWait = Number(waited) / 1e9;
        }
      }
      out.set(pid, usage);
    } catch { /* exited */ }
  }
  return out;
}

/**
 * What processes spent between two readings. A pid gone by the second reading is left out (what it
 * spent since the first is lost, and subtracting its earlier total would undercount the rest); a
 * pid new in the second (a pool opened a connection) counts in full.
 */
export function spentBetween(a: Map<number, Usage>, b: Map<number, Usage>): Usage {
  const total: Usage = { ...NO_USAGE };
  for (const [pid, now] of b) {
    const then = a.get(pid) ?? NO_USAGE;
    for (const k of Object.keys(total) as (keyof Usage)[]) total[k] += now[k] - then[k];
  }
  return total;
}

/** A process and all its descendants (a cluster primary and its workers). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch { /* exited */ }
  }
  const out: number[] = [];
  const walk = (pid: number) => { out.push(pid); for (const c of children.get(pid) ?? []) walk(c); };
  walk(root);
  return out;
}

/**
 * PostgreSQL backends connected to `stats`'s database, other than `stats`'s own (other sessions on
 * the server are not counted). `stats` is one connection the bench holds for such readings, so a
 * reading does not start a backend of its own.
 */
export async function backendPids(stats: pg.ClientBase): Promise<number[]> {
  const { rows } = await stats.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  return rows.map((r) => r.pid);
}

/** A connection for backendPids and other readings of the database's statistics. */
export async function statsConnection(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

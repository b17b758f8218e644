// CPU time of the processes a benchmark drives, read from /proc (Linux). The machine is shared and
// has two cores, so wall-clock rates are noisy; CPU seconds per operation, split by who spent them
// (server, PostgreSQL, load generator), say where the work is.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of each pid, in seconds; pids that exited count 0. */
export function cpuSecondsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch { /* exited */ }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * Seconds the threads of `pids` ran on a core and waited for one (runnable, every core busy), from
 * /proc/<pid>/task/<tid>/schedstat. With `mainThreads`, only each process's main thread: the one
 * Node's event loop runs on, where every request of a server queues.
 */
export function schedSecondsOf(pids: number[], mainThreads = false): { run: number; wait: number } {
  let run = 0;
  let wait = 0;
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = mainThreads ? [String(pid)] : readdirSync(`/proc/${pid}/task`);
    } catch { continue; /* exited */ }
    for (const tid of tids) {
      try {
        const [ran, waited] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
        run += Number(ran) / 1e9;
        wait += Number(waited) / 1e9;
      } catch { /* exited */ }
    }
  }
  return { run, wait };
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

/** PostgreSQL backends connected to one database (other sessions on the server are not counted). */
export async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

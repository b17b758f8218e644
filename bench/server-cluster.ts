// How the scan bench's server entries (scan-server.ts, scan-server-trace.ts) run N processes on
// one port with node:cluster, as several stateless instances behind a load balancer would be.
import cluster from 'node:cluster';

/**
 * Runs `serve` in this process, or, with `workers` > 1, in that many cluster workers (each with
 * `workerEnv(i)` added to its environment). The primary passes SIGTERM on to the workers and, once
 * all have exited, calls `whenAllExited` and exits.
 */
export function clustered(
  workers: number, serve: () => Promise<unknown>,
  opts: { workerEnv?: (i: number) => Record<string, string>; whenAllExited?: () => void } = {},
): void {
  if (!cluster.isPrimary || workers <= 1) {
    serve().catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
    return;
  }
  for (let i = 0; i < workers; i++) cluster.fork(opts.workerEnv?.(i));
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM'); });
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    opts.whenAllExited?.();
    process.exit(0);
  });
}

// N server processes sharing one port (node:cluster), as several stateless instances behind a load
// balancer would be. Used by bench/scan.bench.ts (--servers N); each worker is the real server.
import cluster from 'node:cluster';
import { startServer } from '../src/server/main.ts';

const workers = Number(process.env.BENCH_SERVERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM'); });
  cluster.on('exit', () => { if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0); });
} else {
  await startServer(process.env);
}

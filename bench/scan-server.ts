// N server processes sharing one port (bench/server-cluster.ts). Used by bench/scan.bench.ts
// (--servers N); each worker is the real server.
import { startServer } from '../src/server/main.ts';
import { clustered } from './server-cluster.ts';

clustered(Number(process.env.BENCH_SERVERS ?? 1), () => startServer(process.env));

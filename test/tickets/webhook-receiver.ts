import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { headers: IncomingHttpHeaders; body: string; answered: number }

/** A receiver as an integrator would run it: raw body kept for the signature; answers 500 while told to fail. */
export async function startReceiver() {
  const received: Received[] = [];
  let failNext = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = failNext > 0 ? 500 : 200;
      if (failNext > 0) failNext -= 1;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end(answered === 200 ? 'ok' : 'receiver down');
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/karibu`,
    received,
    failNext: (n: number) => { failNext = n; },
    waitFor: (n: number, timeoutMs = 10_000) => new Promise<void>((resolve, reject) => {
      if (received.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests`)), timeoutMs);
      waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
    }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

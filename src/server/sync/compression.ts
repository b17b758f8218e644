import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { App } from '../app-context.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const MIN_BYTES = 1024;

/**
 * Compresses this scope's JSON responses (manifests are megabytes; door phones pay per MB).
 * @fastify/compress is not a dependency, and only sync routes need it, so this is a small onSend
 * hook. Brotli at quality 5 (Node's default, 11, costs seconds per manifest); gzip level 6 for
 * clients without brotli. Compression runs off the event loop thread (zlib's thread pool).
 */
export function installCompression(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    reply.header('vary', 'accept-encoding');
    if (body.length < MIN_BYTES) return payload;
    const accepted = acceptedEncodings(String(request.headers['accept-encoding'] ?? ''));
    const accepts = (name: string) => accepted.has(name);
    let out: Buffer;
    if (accepts('br')) {
      out = await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      reply.header('content-encoding', 'br');
    } else if (accepts('gzip')) {
      out = await gz(body, { level: 6 });
      reply.header('content-encoding', 'gzip');
    } else {
      return payload;
    }
    reply.header('content-length', out.length);
    return out;
  });
}

/** Encodings the client accepts (q > 0), lower-cased: "gzip, br;q=0.8, *;q=0" → {gzip, br}. */
export function acceptedEncodings(header: string): Set<string> {
  const out = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    out.add(name);
  }
  return out;
}

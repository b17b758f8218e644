import type { InjectOptions } from 'fastify';
import type { KaribuApp } from '../../src/server/app.ts';

export interface InjectAnswer { statusCode: number; headers: Record<string, string | string[] | number | undefined>; body: string }

/**
 * app.inject for suites that call every route: an event stream that lets the caller in never ends
 * by itself (a live dashboard), so its answer is taken as soon as its headers are sent, with an
 * empty body. Refusals and every other route answer as inject does.
 */
export async function injectAnswer(app: KaribuApp, options: InjectOptions): Promise<InjectAnswer> {
  const res = await app.inject({ ...options, payloadAsStream: true });
  const stream = res.stream();
  if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    stream.destroy();
    return { statusCode: res.statusCode, headers: res.headers, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return { statusCode: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
}

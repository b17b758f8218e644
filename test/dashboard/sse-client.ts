import { readSse } from '../../src/web/shared/sse.ts';

/**
 * A Server-Sent Events client as the console's is: fetch with the bearer token (EventSource cannot
 * send one), the body read as it arrives and cut into messages by the console's own parser.
 */
export interface SseMessage {
  id?: string; event: string; data: unknown; at: number;
  /** The figures after this message: a snapshot's data, or the last state with a patch's fields replaced. */
  state?: Record<string, unknown>;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next message (after those already taken) that matches, or an error after timeoutMs. */
  next(match?: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Messages received and not taken yet. */
  pending(): SseMessage[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const ended = (async () => {
    if (!res.body) return;
    try {
      let state: Record<string, unknown> | undefined;
      await readSse(res.body, (m) => {
        const data = JSON.parse(m.data) as Record<string, unknown>;
        if (m.event === 'snapshot') state = data;
        else if (m.event === 'patch') {
          // Nothing to patch: shown as its own kind of message, so a test waiting for figures fails.
          if (!state) { messages.push({ ...m, event: 'patch-without-snapshot', data, at: Date.now() }); wake?.(); return; }
          state = { ...state, ...data };
        }
        messages.push({ ...m, data, at: Date.now(), ...(state && m.event !== 'ping' ? { state } : {}) });
        wake?.();
      });
    } catch { /* aborted by close() */ }
    finished = true;
    wake?.();
  })();
  return {
    status: res.status, headers: res.headers, ended,
    pending: () => [...messages],
    close: () => abort.abort(),
    async next(match = () => true, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = messages.findIndex(match);
        if (i >= 0) return messages.splice(0, i + 1).pop()!;
        if (finished) throw new Error('the stream ended before a matching message');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms (got: ${messages.map((m) => m.event).join(', ') || 'nothing'})`);
        await new Promise<void>((r) => { wake = r; setTimeout(r, Math.min(left, 50)); });
      }
    },
  };
}

/**
 * A Server-Sent Events client as the console's is: fetch with the bearer token (EventSource cannot
 * send one), the body read as it arrives and cut into messages at blank lines.
 */
export interface SseMessage { id?: string; event: string; data: unknown; at: number }

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

function parse(block: string, at: number): SseMessage | undefined {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // a comment
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    fields[name] = (fields[name] ? `${fields[name]}\n` : '') + (colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, ''));
  }
  if (fields.data === undefined) return undefined;
  return { ...(fields.id !== undefined ? { id: fields.id } : {}), event: fields.event ?? 'message', data: JSON.parse(fields.data), at };
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const message = parse(buffer.slice(0, cut), Date.now());
          buffer = buffer.slice(cut + 2);
          if (message) messages.push(message);
        }
        wake?.();
      }
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

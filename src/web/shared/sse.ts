// Server-Sent Events read from a fetch body. EventSource cannot send a bearer token, so the console
// reads the stream with fetch and cuts it into messages here. Pure (no DOM, no clock) so the same
// parser serves the browser and the server's stream tests.

export interface SseMessage {
  /** The `id:` field, when the message has one (sent back as Last-Event-ID on reconnect). */
  id?: string;
  /** The `event:` field; 'message' when absent, as EventSource does. */
  event: string;
  /** The `data:` lines joined with newlines (JSON for Karibu's streams, parsed by the caller). */
  data: string;
}

/** One message block (the lines between blank lines); undefined for a comment-only block. */
function parseBlock(block: string): SseMessage | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // a comment keeps the connection warm
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    // One optional space after the colon belongs to the syntax, not to the value.
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    else if (name === 'id' && !value.includes('\0')) id = value;
  }
  if (data.length === 0) return undefined; // the spec drops a message with no data
  return { ...(id !== undefined ? { id } : {}), event, data: data.join('\n') };
}

/**
 * An incremental parser: feed it text as it arrives (chunks may split a message, a line or a
 * CRLF anywhere) and take the complete messages it returns.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    // Normalise line ends, keeping a trailing CR: its LF may come with the next chunk.
    const endsWithCr = this.buffer.endsWith('\r');
    const text = (endsWithCr ? this.buffer.slice(0, -1) : this.buffer).replace(/\r\n?/g, '\n');
    const messages: SseMessage[] = [];
    let start = 0;
    for (let cut = text.indexOf('\n\n'); cut >= 0; cut = text.indexOf('\n\n', start)) {
      const message = parseBlock(text.slice(start, cut));
      if (message) messages.push(message);
      start = cut + 2;
    }
    this.buffer = text.slice(start) + (endsWithCr ? '\r' : '');
    return messages;
  }
}

/** Reads a response body to its end, handing over each message as it completes. */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (m: SseMessage) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of parser.push(decoder.decode(value, { stream: true }))) onMessage(m);
    }
  } finally {
    reader.releaseLock();
  }
}

import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseMessage } from './sse.ts';

describe('SseParser', () => {
  it('cuts messages at blank lines with their id, event and data', () => {
    const p = new SseParser();
    expect(p.push(': figures follow\n\nid: 12.n\nevent: snapshot\ndata: {"a":1}\n\nevent: ping\ndata: {"fresh":true}\n\n')).toEqual([
      { id: '12.n', event: 'snapshot', data: '{"a":1}' },
      { event: 'ping', data: '{"fresh":true}' },
    ]);
  });

  it('keeps a message split across chunks anywhere, CRLF included', () => {
    const p = new SseParser();
    const text = 'id: 7\r\nevent: snapshot\r\ndata: {"x":"y"}\r\n\r\n';
    const got: SseMessage[] = [];
    for (const ch of text) got.push(...p.push(ch));
    expect(got).toEqual([{ id: '7', event: 'snapshot', data: '{"x":"y"}' }]);
  });

  it('joins several data lines, defaults the event name, drops comment-only and data-less blocks', () => {
    const p = new SseParser();
    expect(p.push('data: one\ndata:two\n\n:just a comment\n\nevent: empty\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('holds an unfinished message until its blank line comes', () => {
    const p = new SseParser();
    expect(p.push('event: ping\ndata: {}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'ping', data: '{}' }]);
  });
});

describe('readSse', () => {
  it('reads a byte stream to its end, a multi-byte character split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: snapshot\ndata: {"name":"Fête"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the "ê"
    const body = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(bytes.slice(0, cut)); c.enqueue(bytes.slice(cut)); c.close(); },
    });
    const got: SseMessage[] = [];
    await readSse(body, (m) => got.push(m));
    expect(got).toEqual([{ event: 'snapshot', data: '{"name":"Fête"}' }]);
  });
});

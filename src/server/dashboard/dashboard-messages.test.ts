import { describe, expect, it } from 'vitest';
import { encodeView } from './dashboard-messages.ts';

const body = (b: Buffer | undefined) => {
  const text = b!.toString();
  return { id: /^id: (.*)$/m.exec(text)?.[1], event: /^event: (.*)$/m.exec(text)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(text)![1]!) as Record<string, unknown> };
};

describe('live dashboard messages', () => {
  const first = { name: 'Jazz Night', asOf: '2026-12-04T10:00:00.000Z', checkedIn: 1, feed: [{ id: 'a' }], skipped: undefined };

  it('sends the whole figures first, then only the fields that changed, with asOf always', () => {
    const a = encodeView(first, '7.p', undefined);
    expect(a.patch).toBeUndefined();
    expect(body(a.snapshot)).toEqual({ id: '7.p', event: 'snapshot', data: JSON.parse(JSON.stringify(first)) });

    const next = { ...first, asOf: '2026-12-04T10:00:01.000Z', checkedIn: 2, feed: [{ id: 'b' }, { id: 'a' }] };
    const b = encodeView(next, '8.p', a.fields);
    expect(body(b.patch)).toEqual({ id: '8.p', event: 'patch', data: { asOf: next.asOf, checkedIn: 2, feed: next.feed } });
    // Patched onto the first, it gives the second's snapshot.
    expect({ ...body(a.snapshot).data, ...body(b.patch).data }).toEqual(body(b.snapshot).data);
  });

  it('sends no patch when a field went away (a patch cannot say so)', () => {
    const a = encodeView(first, '7.p', undefined);
    const { feed: _gone, ...fewer } = first;
    expect(encodeView(fewer, '8.p', a.fields).patch).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { eventQueue } from './event-queue.ts';

const ctx = {} as AppContext; // the queue keys on the object only

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { open, opened };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('eventQueue', () => {
  it('runs at most two uploads of one event at once, the rest in arrival order; other events are not held up', async () => {
    const running = new Set<number>();
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const jobs = gates.map((g, i) => eventQueue(ctx, 'event-a', async () => {
      running.add(i);
      most = Math.max(most, running.size);
      started.push(i);
      await g.opened;
      running.delete(i);
      return i;
    }));
    expect(await eventQueue(ctx, 'event-b', async () => 'b')).toBe('b'); // not queued behind event-a
    await tick();
    expect([...running].sort()).toEqual([0, 1]);
    gates[1]!.open();
    await tick();
    expect([...running].sort()).toEqual([0, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets a waiting upload that shares no ticket with the running ones go before one that does', async () => {
    const a = gate();
    const started: string[] = [];
    const job = (name: string, keys: string[], g?: { opened: Promise<void> }) => eventQueue(ctx, 'event-d', async () => {
      started.push(name);
      await g?.opened;
    }, new Set(keys));
    const first = job('first', ['s1', 's2'], a);
    const b = gate();
    const second = job('second', ['s3'], b); // second slot
    const c = gate();
    const overlapping = job('overlapping', ['s2', 's9'], c); // shares s2 with first: waits
    const disjoint = job('disjoint', ['s7']);
    await tick();
    expect(started).toEqual(['first', 'second']);
    b.open(); // a slot frees while first still holds s2
    await tick();
    expect(started).toEqual(['first', 'second', 'disjoint']);
    a.open();
    c.open();
    await Promise.all([first, second, overlapping, disjoint]);
    expect(started).toEqual(['first', 'second', 'disjoint', 'overlapping']);
  });

  it('a failed upload frees its slot', async () => {
    for (let i = 0; i < 3; i++) await expect(eventQueue(ctx, 'event-c', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await eventQueue(ctx, 'event-c', async () => 'ok')).toBe('ok');
  });
});
